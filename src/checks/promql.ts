// PromQL checks: every expression parses (@prometheus-io/lezer-promql, the parser of Prometheus's
// own UI) and uses only metrics that an enabled scrape job delivers (the metric catalog).
import { parser } from "@prometheus-io/lezer-promql";
import type { Parts, ScrapeJob } from "../model/parts.js";
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
  /** Syntax errors, with the offending text, and arguments of the wrong type. */
  errors: string[];
  /** Metric names the query selects by name. */
  metrics: string[];
  /** Functions Prometheus evaluates only behind --enable-feature=promql-experimental-functions. */
  experimental: string[];
}

/**
 * Functions over a range of samples: Prometheus needs a range (x[5m]) or a subquery as their
 * argument; MetricsQL fills one in when it is missing (rate(x)), so such a query would work on
 * VictoriaMetrics only. vigil writes PromQL that runs on both.
 */
const RANGE_FUNCTIONS = new Set([
  "rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear", "resets", "changes", "holt_winters", "double_exponential_smoothing",
  "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time",
  "last_over_time", "present_over_time", "absent_over_time", "mad_over_time", "ts_of_max_over_time", "ts_of_min_over_time", "ts_of_last_over_time",
]);

/** Prometheus 3.x's experimental functions (promql/parser/functions.go, Experimental: true); VictoriaMetrics has them. */
const EXPERIMENTAL_FUNCTIONS = new Set(["limitk", "limit_ratio", "mad_over_time", "sort_by_label", "sort_by_label_desc", "double_exponential_smoothing", "info", "ts_of_max_over_time", "ts_of_min_over_time", "ts_of_last_over_time"]);

export function parsePromQL(expr: string): ParsedQuery {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const metrics = new Set<string>();
  const experimental = new Set<string>();
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) errors.push(`syntax error at ${cursor.from}: "${expr.slice(Math.max(0, cursor.from - 10), cursor.to + 10)}"`);
    if (cursor.name === "FunctionCall" || cursor.name === "AggregateExpr") {
      const node = cursor.node;
      const id = node.getChild("FunctionIdentifier") ?? node.getChild("AggregateOp");
      const name = id ? expr.slice(id.from, id.to) : "";
      if (EXPERIMENTAL_FUNCTIONS.has(name)) experimental.add(name);
      if (cursor.name === "FunctionCall" && RANGE_FUNCTIONS.has(name)) {
        const args = node.getChild("FunctionCallBody");
        const ranged = (n: typeof node | null): boolean => {
          if (!n) return false;
          if (n.name === "MatrixSelector" || n.name === "SubqueryExpr") return true;
          if (n.name !== "ParenExpr") return false;
          for (let c = n.firstChild; c; c = c.nextSibling) if (ranged(c)) return true;
          return false;
        };
        let arg = args?.firstChild ?? null;
        let hasRange = false;
        for (; arg; arg = arg.nextSibling) if (ranged(arg)) hasRange = true;
        if (!hasRange) errors.push(`${name}() needs a range, e.g. ${name}(x[5m]) (without one it is MetricsQL, not PromQL): "${expr.slice(node.from, node.to)}"`);
      }
    }
  } while (cursor.next());
  // The names come from the selectors, read once (selectorsOf, which the keep lists use too).
  for (const s of selectorsOf(expr)) metrics.add(s.name);
  return { errors, metrics: [...metrics].sort(), experimental: [...experimental].sort() };
}

/** A selector's metric name and the jobs its `job` matcher allows (undefined: any job). */
export interface MetricSelector {
  name: string;
  jobs?: string[];
}

/**
 * The metric selectors of a query: each name with the jobs it reads it from. A `job="x"` or a
 * `job=~"x|y"` of plain names narrows it; any other matcher on job (or none) reads every job.
 */
export function selectorsOf(expr: string): MetricSelector[] {
  const tree = parser.parse(expr);
  const out: MetricSelector[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.name !== "VectorSelector") continue;
    const node = cursor.node;
    let name = "";
    let jobs: string[] | undefined;
    const id = node.getChild("Identifier");
    if (id) name = expr.slice(id.from, id.to);
    for (const m of node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
      const label = m.getChild("LabelName");
      const value = m.getChild("StringLiteral");
      const op = m.getChild("MatchOp")?.firstChild?.name;
      if (!label || !value) continue;
      const key = expr.slice(label.from, label.to);
      const text = expr.slice(value.from + 1, value.to - 1);
      if (key === "__name__" && op === "EqlSingle") name = text;
      if (key === "job" && op === "EqlSingle") jobs = [text];
      if (key === "job" && op === "EqlRegex" && /^[\w-]+(\|[\w-]+)*$/.test(text)) jobs = text.split("|");
    }
    if (name) out.push({ name, ...(jobs ? { jobs } : {}) });
  } while (cursor.next());
  return out;
}

/** Every metric name the enabled scrape jobs deliver, plus synthetic series and recorded ones. */
export function catalogOf(parts: Parts, remote: readonly ScrapeJob[] = []): Set<string> {
  return new Set([
    ...SYNTHETIC,
    ...[...parts.scrapes, ...remote].flatMap((s) => s.metrics),
    ...parts.ruleGroups.flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : []))),
  ]);
}

/** Prometheus does not evaluate the experimental functions unless a feature flag is set, which kube-prometheus-stack does not. */
export const experimentalProblem = (backend: string, parsed: ParsedQuery) =>
  backend === "prometheus" && parsed.experimental.length
    ? `uses ${parsed.experimental.join(", ")}, which Prometheus evaluates only with --enable-feature=promql-experimental-functions (metrics.backend: prometheus)`
    : undefined;

/** Checks the expressions of every rule: syntax and metric names. */
export function checkRuleQueries(parts: Parts, backend = "victoria-metrics", remote: readonly ScrapeJob[] = []): Diagnostic[] {
  const catalog = catalogOf(parts, remote);
  const out: Diagnostic[] = [];
  // LogsQL groups (type vlogs) are VictoriaLogs queries, not PromQL.
  for (const group of parts.ruleGroups.filter((g) => g.type !== "vlogs")) {
    for (const rule of group.rules) {
      const name = `rule ${group.name}/${rule.alert ?? rule.record} (${group.component})`;
      const parsed = parsePromQL(rule.expr);
      for (const e of parsed.errors) out.push({ severity: "error", path: "", message: `${name}: invalid PromQL, ${e}` });
      const experimental = experimentalProblem(backend, parsed);
      if (experimental) out.push({ severity: "error", path: "", message: `${name}: ${experimental}` });
      for (const m of parsed.metrics) {
        if (!catalog.has(m)) out.push({ severity: "error", path: "", message: `${name}: metric "${m}" is not delivered by any enabled scrape job (unknown metric, dropped, or its component is not scraped)` });
      }
    }
  }
  return out;
}
