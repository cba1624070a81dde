// Kubernetes objects made from the components' scrape jobs, rule groups and dashboards, the
// same for every GitOps target. Each goes to the folder (app) of its kind.
import type { Stack } from "../model/stack.js";
import type { KubeObject, Parts } from "../components/types.js";

const VM_API = "operator.victoriametrics.com/v1beta1";

/** Label of the VMRules with LogsQL groups: only the VMAlert of the logs selects them. */
export const LOG_RULES_LABEL = { "vigil.dev/datasource": "victorialogs" } as const;

/** One VMRule per component (and per datasource), holding its groups in order. */
function ruleObjects(stack: Stack, parts: Parts): KubeObject[] {
  const byKey = new Map<string, Parts["ruleGroups"]>();
  for (const g of parts.ruleGroups) {
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

/** One ConfigMap per dashboard, picked up by Grafana's sidecar into its folder. */
function dashboardObjects(stack: Stack, parts: Parts): KubeObject[] {
  return parts.dashboards.map((d) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: `dashboard-${d.uid}`,
      namespace: stack.namespace,
      labels: { grafana_dashboard: "1", "app.kubernetes.io/managed-by": "vigil" },
      annotations: { grafana_folder: d.folder },
    },
    data: { [`${d.uid}.json`]: JSON.stringify(d.json, null, 2) + "\n" },
  }));
}

/** Every object derived from the parts, with the app folder it belongs to. */
export function derivedObjects(stack: Stack, parts: Parts): { app: string; object: KubeObject }[] {
  return [
    ...parts.scrapes.flatMap((s) => (s.object ? [{ app: stack.apps.scrapes, object: s.object }] : [])),
    ...ruleObjects(stack, parts).map((object) => ({ app: stack.apps.rules, object })),
    ...(stack.enabled.grafana ? dashboardObjects(stack, parts).map((object) => ({ app: stack.apps.dashboards, object })) : []),
  ];
}
