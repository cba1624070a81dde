// vigil's alert rules are TypeScript: each alert carries its severity, texts, and the unit test
// that proves it fires on a bad series and stays silent on a healthy one (run with promtool).
import type { ExporterName } from "../config/schema/exporters.js";
import type { Stack } from "../model/stack.js";
import type { ScrapeJob } from "../model/parts.js";
import type { VigilConfig } from "../config/schema/index.js";
import type { MetricsBackendName } from "../backends/types.js";

export type Severity = "critical" | "warning" | "info" | "none";

/** Input series in promtool's notation, e.g. { series: 'up{job="x"}', values: "1x10 0x20" }. */
export interface InputSeries {
  series: string;
  values: string;
}

export interface AlertCase {
  series: InputSeries[];
  /** When to evaluate, e.g. "30m". */
  at: string;
}

export interface AlertDef {
  alert: string;
  expr: string;
  for?: string;
  severity: Severity;
  summary: string;
  description: string;
  /** What to do, in a few sentences: the runbook a homelab user reads on their phone. */
  runbook: string;
  /** Scrape jobs whose series the alert needs (all of them). */
  needs?: string[];
  /** Jobs that must have a target of their own (an `up` series), for "is down" alerts. */
  needsTarget?: string[];
  /** Labels beside severity (alerting.labels). */
  labels?: Record<string, string>;
  /** An alert on one metrics backend's own parts: the other backend's stacks never list it. */
  backend?: MetricsBackendName;
  /** Why the alert cannot work on this stack even with its jobs scraped (left out, with this reason). */
  unavailable?: string;
  test: {
    /** Fires: the labels the alert carries (severity is added). */
    firing: AlertCase & { labels: Record<string, string> };
    /** Silent: absent only for Watchdog, which always fires. */
    healthy?: AlertCase;
  };
}

export interface RecordDef {
  record: string;
  expr: string;
}

export interface GroupDef {
  name: string;
  /** The config switch of the group: alerting.groups.<key>, or for a platform piece exporters.<key>. */
  key: Exclude<keyof VigilConfig["alerting"]["groups"], ExporterName> | ExporterName;
  alerts: AlertDef[];
}

export interface RuleContext {
  stack: Stack;
  thresholds: VigilConfig["alerting"]["thresholds"];
}

/** Whether the scraped jobs give an alert what it needs; the reason when not. */
export function missingFor(alert: AlertDef, scrapes: readonly ScrapeJob[]): string | undefined {
  if (alert.unavailable) return alert.unavailable;
  for (const job of alert.needs ?? []) if (!scrapes.some((s) => s.job === job)) return `job "${job}" is not scraped`;
  for (const job of alert.needsTarget ?? []) {
    if (!scrapes.some((s) => s.job === job && s.scrape)) {
      return scrapes.some((s) => s.job === job)
        ? `job "${job}" has no target of its own to be down (its series come with the kubelet endpoint; KubeletDown covers the process)`
        : `job "${job}" is not scraped`;
    }
  }
  return undefined;
}
