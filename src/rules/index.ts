// The rule library: every group, in order. A group runs when alerting.groups.<key> is on; an alert
// runs when its jobs are scraped (and it is not in alerting.disabledRules).
import type { AlertDef, GroupDef, RuleContext, Severity } from "./types.js";
import type { VigilConfig } from "../config/schema/index.js";
import { nodeRules } from "./node.js";
import { workloadRules } from "./workloads.js";
import { controlPlaneRules } from "./control-plane.js";
import { stackRules } from "./stack.js";
import { fleetRules } from "./fleet.js";
import { argocdRules, certManagerRules, coreDnsRules, fluxRules, longhornRules, traefikRules, zfsRules } from "./optional.js";

export function ruleLibrary(ctx: RuleContext): GroupDef[] {
  const groups = [stackRules(ctx), nodeRules(ctx), workloadRules(ctx), controlPlaneRules(), coreDnsRules(), certManagerRules(), fluxRules(), argocdRules(), traefikRules(), longhornRules(), zfsRules(), fleetRules(ctx)];
  return groups.map((g) => ({ ...g, alerts: g.alerts.map((a) => tuned(ctx, a)) }));
}

/** The alerts of the logs, outside the library (LogsQL on VictoriaLogs, LogQL on Loki's ruler). */
export const LOG_ALERTS = ["LogErrorsSpike"] as const;

/** An alert's labels with the user's tuning: alerting.labels, and alerting.severity over vigil's own. */
export const alertLabels = (alerting: Pick<VigilConfig["alerting"], "severity" | "labels">, alert: string, severity: Severity) => ({ ...alerting.labels, severity: alerting.severity[alert] ?? severity });

/** How long a log alert (LogsQL on VictoriaLogs, LogQL on Loki) holds before it fires: alerting.for, else vigil's. */
export const logAlertFor = (alerting: Pick<VigilConfig["alerting"], "for">, alert: (typeof LOG_ALERTS)[number], base: string) => alerting.for[alert] ?? base;

/** "10m" as people say it, for the descriptions. */
export const spoken = (d: string) => d.replace(/(\d+)h/, "$1 hours ").replace(/(\d+)m(?!s)/, "$1 minutes ").replace(/(\d+)s/, "$1 seconds ").trim().replace(/^1 (hour|minute|second)s/, "1 $1");

/** Minutes of a promtool duration ("1h30m", "90s", "10m"). */
const minutes = (d: string) => [...d.matchAll(/(\d+)(h|m|s)/g)].reduce((n, [, v, u]) => n + Number(v) * (u === "h" ? 60 : u === "m" ? 1 : 1 / 60), 0);

/** A series' values held `extra` minutes longer: its last run ("1x30", "0+1x30", "_x5") repeats more often. */
const longer = (values: string, extra: number) => values.replace(/x(\d+)$/, (_, n: string) => `x${Number(n) + extra}`);

/** The user's tuning of an alert of the library: the rule and its unit test alike. */
function tuned(ctx: RuleContext, a: AlertDef): AlertDef {
  const { severity, ...labels } = alertLabels(ctx.stack.config.alerting, a.alert, a.severity);
  let firing = { ...a.test.firing, labels: { ...a.test.firing.labels, ...labels } };
  const wait = ctx.stack.config.alerting.for[a.alert];
  // A longer wait: the firing case is evaluated that much later, its series held that much longer.
  const extra = wait ? Math.ceil(minutes(wait) - minutes(a.for ?? "0m")) : 0;
  if (extra > 0) firing = { ...firing, at: `${Math.ceil(minutes(firing.at)) + extra}m`, series: firing.series.map((s) => ({ ...s, values: longer(s.values, extra) })) };
  return { ...a, severity, ...(wait ? { for: wait } : {}), ...(Object.keys(labels).length ? { labels } : {}), test: { ...a.test, firing } };
}

export type { AlertDef, GroupDef, RuleContext } from "./types.js";
