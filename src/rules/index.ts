// The rule library: every group, in order. A group runs when alerting.groups.<key> is on; an alert
// runs when its jobs are scraped (and it is not in alerting.disabledRules).
import type { AlertDef, GroupDef, RuleContext, Severity } from "./types.js";
import type { VigilConfig } from "../config/schema/index.js";
import { nodeRules } from "./node.js";
import { workloadRules } from "./workloads.js";
import { controlPlaneRules } from "./control-plane.js";
import { stackRules } from "./stack.js";
import { fleetRules } from "./fleet.js";
import { argocdRules, certManagerRules, coreDnsRules, fluxRules, longhornRules, traefikRules } from "./optional.js";

export function ruleLibrary(ctx: RuleContext): GroupDef[] {
  const groups = [stackRules(ctx), nodeRules(ctx), workloadRules(ctx), controlPlaneRules(), coreDnsRules(), certManagerRules(), fluxRules(), argocdRules(), traefikRules(), longhornRules(), fleetRules(ctx)];
  return groups.map((g) => ({ ...g, alerts: g.alerts.map((a) => tuned(ctx, a)) }));
}

/** The alerts of the logs, outside the library (LogsQL on VictoriaLogs, LogQL on Loki's ruler). */
export const LOG_ALERTS = ["LogErrorsSpike"] as const;

/** An alert's labels with the user's tuning: alerting.labels, and alerting.severity over vigil's own. */
export const alertLabels = (alerting: Pick<VigilConfig["alerting"], "severity" | "labels">, alert: string, severity: Severity) => ({ ...alerting.labels, severity: alerting.severity[alert] ?? severity });

/** The user's tuning of an alert of the library: the rule and its unit test alike. */
function tuned(ctx: RuleContext, a: AlertDef): AlertDef {
  const { severity, ...labels } = alertLabels(ctx.stack.config.alerting, a.alert, a.severity);
  const firing = { ...a.test.firing, labels: { ...a.test.firing.labels, ...labels } };
  return { ...a, severity, ...(Object.keys(labels).length ? { labels } : {}), test: { ...a.test, firing } };
}

export type { AlertDef, GroupDef, RuleContext } from "./types.js";
