// PrometheusRules of vigil's rule groups: one per component, holding its groups in order (the
// same split as the VMRules of the VictoriaMetrics backend). Prometheus evaluates PromQL only.
import type { KubeObject, RuleGroup } from "../../model/parts.js";
import type { Stack } from "../../model/stack.js";
import { PROMETHEUS_OPERATOR_GROUP } from "./scrapes.js";

export function prometheusRuleObjects(stack: Stack, ruleGroups: readonly RuleGroup[]): KubeObject[] {
  const byComponent = new Map<string, RuleGroup[]>();
  for (const g of ruleGroups) {
    if (g.type) throw new Error(`rule group ${g.name}: Prometheus evaluates PromQL only, not ${g.type}`);
    byComponent.set(g.component, [...(byComponent.get(g.component) ?? []), g]);
  }
  return [...byComponent].map(([component, groups]) => ({
    apiVersion: `${PROMETHEUS_OPERATOR_GROUP}/v1`,
    kind: "PrometheusRule",
    metadata: { name: `vigil-${component}`, namespace: stack.namespace, labels: { "app.kubernetes.io/managed-by": "vigil" } },
    spec: { groups: groups.map((g) => ({ name: g.name, ...(g.interval ? { interval: g.interval } : {}), rules: g.rules })) },
  }));
}
