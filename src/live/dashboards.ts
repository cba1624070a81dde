// "No data" panels, found before anyone opens Grafana: each metrics panel of vigil's dashboards is
// run against VMSingle with the dashboard's variables set to their first value, the way Grafana
// opens a dashboard. The reading is injected (query, labelValues), so this stays testable.
import type { Dashboard } from "../model/parts.js";
import type { LiveFinding } from "./findings.js";
import { variableSelector } from "../checks/dashboards.js";

export interface MetricsReader {
  /** Instant query; the number of series it returns. */
  query(expr: string): Promise<number>;
  /** Values of a label among the series a selector matches, sorted. */
  labelValues(label: string, selector: string): Promise<string[]>;
}

interface Model {
  templating?: { list?: { name: string; query?: string; datasource?: { uid?: string } }[] };
  panels?: { type: string; title?: string; datasource?: { uid?: string }; targets?: { expr?: string }[] }[];
}

/** Grafana's interval macros, as Grafana resolves them for a recent range. */
const macros = (expr: string) => expr.replace(/\$__rate_interval\b|\$__interval\b|\$__range\b/g, "5m").replace(/\$__range_s\b/g, "300");
const fill = (expr: string, values: Record<string, string>) => macros(expr).replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (all, a?: string, b?: string) => values[(a ?? b)!] ?? all);

/** Panels of one datasource that return no series. */
export async function emptyPanels(dashboard: Dashboard, datasourceUid: string, reader: MetricsReader): Promise<{ panels: number; empty: string[] }> {
  const model = dashboard.json as Model;
  const values: Record<string, string> = {};
  for (const v of model.templating?.list ?? []) {
    const selector = v.query ? variableSelector(v.query) : undefined;
    const label = v.query ? /,\s*([\w.]+)\s*\)\s*$/.exec(v.query)?.[1] : undefined;
    if (!selector || !label || v.datasource?.uid !== datasourceUid) continue;
    values[v.name] = (await reader.labelValues(label, fill(selector, values)))[0] ?? "";
  }
  const panels = (model.panels ?? []).filter((p) => p.type !== "row" && p.datasource?.uid === datasourceUid && p.targets?.some((t) => t.expr));
  const empty: string[] = [];
  for (const p of panels) {
    const counts = await Promise.all(p.targets!.filter((t) => t.expr).map((t) => reader.query(fill(t.expr!, values))));
    if (counts.every((n) => n === 0)) empty.push(p.title ?? "(untitled)");
  }
  return { panels: panels.length, empty };
}

export async function dashboardFindings(dashboards: readonly Dashboard[], datasourceUid: string, reader: MetricsReader): Promise<LiveFinding[]> {
  const out: LiveFinding[] = [];
  for (const d of dashboards.filter((x) => !x.fromUser)) {
    const { panels, empty } = await emptyPanels(d, datasourceUid, reader);
    if (!panels) continue;
    out.push(
      empty.length
        ? { area: "dashboards", status: "warn", message: `${d.title}: ${panels - empty.length} of ${panels} panels with data; no data: ${empty.join(", ")}` }
        : { area: "dashboards", status: "ok", message: `${d.title}: all ${panels} panels with data` },
    );
  }
  return out;
}
