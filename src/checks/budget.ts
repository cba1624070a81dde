// Totals of requests, limits and volumes, as `vigil plan` prints them, and the memory budget
// of each profile.
import type { Parts } from "../model/parts.js";
import type { Stack } from "../model/stack.js";
import { cpuMillis, memoryMiB } from "../model/resources.js";
import type { Diagnostic } from "../config/diagnostics.js";

/** Total memory requests each profile must fit in (the `small` figure is the PRD's). */
export const MEMORY_REQUEST_BUDGET_MIB: Record<string, number> = { small: 500, medium: 1536 };

export interface PlanRow {
  id: string;
  component: string;
  workload: string;
  /** How many copies run: replicas, times nodes for DaemonSets. */
  copies: number;
  requests: { cpuMillis: number; memoryMiB: number };
  limits: { cpuMillis: number; memoryMiB: number };
}

export interface Plan {
  rows: PlanRow[];
  totals: { requests: { cpuMillis: number; memoryMiB: number }; limits: { cpuMillis: number; memoryMiB: number } };
  volumes: Parts["volumes"];
  storageTotalGiB: number;
  budgetMiB: number | undefined;
  /** Every image, where it is pulled from (images). */
  images: Parts["images"];
}

export function quantityGiB(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(q);
  if (!m) return Number.NaN;
  const f: Record<string, number> = { Ki: 2 ** -20, Mi: 2 ** -10, Gi: 1, Ti: 2 ** 10, Pi: 2 ** 20, Ei: 2 ** 30, k: 1e3 / 2 ** 30, M: 1e6 / 2 ** 30, G: 1e9 / 2 ** 30, T: 1e12 / 2 ** 30, P: 1e15 / 2 ** 30, E: 1e18 / 2 ** 30 };
  return Number(m[1]) * (m[2] ? f[m[2]]! : 1 / 2 ** 30);
}

export function computePlan(stack: Stack, parts: Parts): Plan {
  const rows = parts.containers.map((c) => {
    const copies = c.replicas * (c.perNode ? stack.cluster.nodes : 1);
    return {
      id: c.id,
      component: c.component,
      workload: c.workload + (c.perNode ? " (per node)" : ""),
      copies,
      requests: { cpuMillis: cpuMillis(c.resources.requests.cpu), memoryMiB: memoryMiB(c.resources.requests.memory) },
      limits: { cpuMillis: cpuMillis(c.resources.limits.cpu), memoryMiB: memoryMiB(c.resources.limits.memory) },
    };
  });
  const sum = (f: (r: PlanRow) => number) => rows.reduce((a, r) => a + f(r) * r.copies, 0);
  return {
    rows,
    totals: {
      requests: { cpuMillis: sum((r) => r.requests.cpuMillis), memoryMiB: sum((r) => r.requests.memoryMiB) },
      limits: { cpuMillis: sum((r) => r.limits.cpuMillis), memoryMiB: sum((r) => r.limits.memoryMiB) },
    },
    volumes: parts.volumes,
    storageTotalGiB: parts.volumes.reduce((a, v) => a + v.count * quantityGiB(v.size), 0),
    budgetMiB: MEMORY_REQUEST_BUDGET_MIB[stack.config.resources.profile],
    images: parts.images,
  };
}

export function checkBudget(stack: Stack, plan: Plan): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const row of plan.rows) {
    if (row.requests.memoryMiB > row.limits.memoryMiB || row.requests.cpuMillis > row.limits.cpuMillis) {
      out.push({ severity: "error", path: `resources.overrides.${row.id}`, message: `resources.overrides.${row.id}: requests exceed limits for ${row.id}; Kubernetes rejects such a pod` });
    }
  }
  if (plan.budgetMiB !== undefined && plan.totals.requests.memoryMiB > plan.budgetMiB) {
    out.push({
      severity: "warning",
      path: "resources",
      message: `resources: total memory requests are ${Math.round(plan.totals.requests.memoryMiB)}Mi on ${stack.cluster.nodes} node(s), above the ${plan.budgetMiB}Mi the "${stack.config.resources.profile}" profile aims for`,
    });
  }
  return out;
}
