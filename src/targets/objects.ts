// Kubernetes objects made from the components' scrape jobs, rule groups and dashboards, the
// same for every GitOps target. The metrics backend makes the scrape and rule objects in its own
// vocabulary; each goes to the folder (app) of its kind.
import type { Stack } from "../model/stack.js";
import type { KubeObject, Parts } from "../model/parts.js";
import { metricsBackend } from "../backends/index.js";

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
  const backend = metricsBackend(stack);
  return [
    ...parts.scrapes.flatMap((s) => (s.scrape ? [{ app: stack.apps.scrapes, object: backend.scrapeObject(stack, s.job, s.scrape) }] : [])),
    ...backend.ruleObjects(stack, parts.ruleGroups).map((object) => ({ app: stack.apps.rules, object })),
    ...(stack.enabled.grafana ? dashboardObjects(stack, parts).map((object) => ({ app: stack.apps.dashboards, object })) : []),
  ];
}
