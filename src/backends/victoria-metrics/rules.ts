// VMRules of vigil's rule groups: one per component (and per datasource), holding its groups in order.
import type { KubeObject, RuleGroup } from "../../model/parts.js";
import type { Stack } from "../../model/stack.js";
import { VM_API } from "./scrapes.js";

/** Label of the VMRules with LogsQL groups: only the VMAlert of the logs selects them. */
export const LOG_RULES_LABEL = { "vigil.dev/datasource": "victorialogs" } as const;

export function vmRuleObjects(stack: Stack, ruleGroups: readonly RuleGroup[]): KubeObject[] {
  const byKey = new Map<string, RuleGroup[]>();
  for (const g of ruleGroups) {
    const key = g.type === "vlogs" ? `${g.component}-logs` : g.component;
    byKey.set(key, [...(byKey.get(key) ?? []), g]);
  }
  return [...byKey].map(([key, groups]) => ({
    apiVersion: VM_API,
    kind: "VMRule",
    metadata: {
      name: `vigil-${key}`,
      namespace: stack.namespace,
      labels: { "app.kubernetes.io/managed-by": "vigil", ...(groups[0]!.type === "vlogs" ? LOG_RULES_LABEL : {}) },
    },
    spec: {
      groups: groups.map((g) => ({ name: g.name, ...(g.type ? { type: g.type } : {}), ...(g.interval ? { interval: g.interval } : {}), rules: g.rules })),
    },
  }));
}
