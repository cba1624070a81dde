// PromQL checks: every expression parses (@prometheus-io/lezer-promql, the parser of Prometheus's
// own UI) and uses only metrics that an enabled scrape job delivers (the metric catalog).
import { parser } from "@prometheus-io/lezer-promql";
import type { Parts } from "../components/types.js";
import type { Diagnostic } from "../config/diagnostics.js";

/** Series every target has, whatever it exports, and those vmalert writes itself. */
const SYNTHETIC = ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added", "ALERTS", "ALERTS_FOR_STATE"];

/** Grafana's macros and variables, replaced by values of the right kind before parsing. */
export function substituteGrafanaMacros(expr: string): string {
  return expr
    .replace(/\$__(rate_interval|interval|range|range_s|range_ms|interval_ms)\b/g, (_, m: string) => (m.endsWith("_s") || m.endsWith("_ms") ? "60" : "5m"))
    .replace(/\$\{(\w+)(:\w+)?\}|\$(\w+)/g, "grafana_variable");
}

export interface ParsedQuery {
  /** Syntax errors, with the offending text. */
  errors: string[];
  /** Metric names the query selects by name. */
  metrics: string[];
}

export function parsePromQL(expr: string): ParsedQuery {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const metrics = new Set<string>();
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) errors.push(`syntax error at ${cursor.from}: "${expr.slice(Math.max(0, cursor.from - 10), cursor.to + 10)}"`);
    if (cursor.name === "VectorSelector") {
      const node = cursor.node;
      const id = node.getChild("Identifier");
      if (id) metrics.add(expr.slice(id.from, id.to));
      for (const m of node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
        const label = m.getChild("LabelName");
        const value = m.getChild("StringLiteral");
        const op = m.getChild("MatchOp")?.firstChild?.name;
        if (label && value && op === "EqlSingle" && expr.slice(label.from, label.to) === "__name__") metrics.add(expr.slice(value.from + 1, value.to - 1));
      }
    }
  } while (cursor.next());
  return { errors, metrics: [...metrics].sort() };
}

/** Every metric name the enabled scrape jobs deliver, plus synthetic series and recorded ones. */
export function catalogOf(parts: Parts): Set<string> {
  return new Set([
    ...SYNTHETIC,
    ...parts.scrapes.flatMap((s) => s.metrics),
    ...parts.ruleGroups.flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : []))),
  ]);
}

/** Checks the expressions of every rule: syntax and metric names. */
export function checkRuleQueries(parts: Parts): Diagnostic[] {
  const catalog = catalogOf(parts);
  const out: Diagnostic[] = [];
  // LogsQL groups (type vlogs) are VictoriaLogs queries, not PromQL.
  for (const group of parts.ruleGroups.filter((g) => g.type !== "vlogs")) {
    for (const rule of group.rules) {
      const name = `rule ${group.name}/${rule.alert ?? rule.record} (${group.component})`;
      const parsed = parsePromQL(rule.expr);
      for (const e of parsed.errors) out.push({ severity: "error", path: "", message: `${name}: invalid PromQL, ${e}` });
      for (const m of parsed.metrics) {
        if (!catalog.has(m)) out.push({ severity: "error", path: "", message: `${name}: metric "${m}" is not delivered by any enabled scrape job (unknown metric, dropped, or its component is not scraped)` });
      }
    }
  }
  return out;
}
