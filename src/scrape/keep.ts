// Keep what is used: every scrape keeps only the metric names some consumer reads: vigil's alert
// and recording rules, the dashboards (vigil's and the user's own), `vigil doctor`'s queries and
// the user's scrape.keep. Everything else is dropped at scrape time (a `keep` metric relabel rule
// after vigil's others), so it is never stored. scrape.keepAll turns it off, for all jobs or some.
// Grafana's k8s-monitoring keeps a hand-made allowlist per job; vigil derives its list from the
// queries themselves (src/checks/promql.ts selectorsOf), so a new panel keeps what it needs.
import type { Parts, ScrapeJob } from "../model/parts.js";
import type { Stack } from "../model/stack.js";
import { selectorsOf, substituteGrafanaMacros, type MetricSelector } from "../checks/promql.js";
import { variableSelector } from "../checks/dashboards.js";
import { FLEET_QUERIES } from "../live/findings.js";
import { keepMetrics, type RelabelRule } from "./relabel.js";
import { MEASURED_SERIES } from "../catalog/series.js";

/** Which names each job's consumers read: by job, and names read from any job. */
export interface MetricUse {
  anyJob: Set<string>;
  byJob: Map<string, Set<string>>;
  /** Names of the user's dashboards that no catalog knows (their own apps' series): kept on every job. */
  unknown: Set<string>;
}

interface PanelJson {
  type?: string;
  datasource?: { uid?: string };
  targets?: { expr?: string; datasource?: { uid?: string } }[];
}

/** The PromQL of a dashboard: its variables' selectors and its panels' queries on a Prometheus datasource, each with where it is. */
export function dashboardPromQL(json: unknown, datasourceTypes: ReadonlyMap<string, string>): { expr: string; where: string }[] {
  const model = json as { templating?: { list?: { name?: string; query?: string; datasource?: { uid?: string } }[] }; panels?: (PanelJson & { title?: string })[] };
  const promql = (uid: string | undefined) => uid === undefined || uid.startsWith("$") || datasourceTypes.get(uid) === "prometheus";
  const out: { expr: string; where: string }[] = [];
  for (const v of model.templating?.list ?? []) {
    const selector = v.query ? variableSelector(v.query) : undefined;
    if (selector && promql(v.datasource?.uid)) out.push({ expr: selector, where: `variable ${v.name}` });
  }
  for (const p of model.panels ?? []) {
    if (p.type === "row") continue;
    for (const t of p.targets ?? []) if (t.expr && promql(t.datasource?.uid ?? p.datasource?.uid)) out.push({ expr: t.expr, where: `panel "${p.title}"` });
  }
  return out.map((q) => ({ ...q, expr: substituteGrafanaMacros(q.expr) }));
}

/** Every query that reads the stack's series: who it is, and whether it is the user's. */
function consumers(parts: Parts): { expr: string; who: string; user: boolean }[] {
  const types = new Map(parts.datasources.map((d) => [d.uid, d.type]));
  return [
    ...parts.ruleGroups.filter((g) => g.type !== "vlogs").flatMap((g) => g.rules.map((r) => ({ expr: r.expr, who: `rule ${g.name}/${r.alert ?? r.record}`, user: false }))),
    ...parts.dashboards.flatMap((d) => dashboardPromQL(d.json, types).map((q) => ({ expr: q.expr, who: `dashboard ${d.title}, ${q.where}`, user: d.fromUser !== undefined }))),
    // vigil doctor's own queries (on a fleet's hub, whether each sender still writes); its dashboard checks are the dashboards'.
    ...Object.entries(FLEET_QUERIES).map(([name, expr]) => ({ expr, who: `vigil doctor (${name})`, user: false })),
  ];
}

/** Who reads each metric name: rules, dashboard panels and variables, vigil doctor. */
export function readersOf(parts: Parts): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of consumers(parts)) for (const s of selectorsOf(c.expr)) out.set(s.name, [...new Set([...(out.get(s.name) ?? []), c.who])]);
  return out;
}

/** What the stack's consumers read (a fleet's spokes take the hub's: pipeline.ts). */
export function metricUse(parts: Parts, catalog: ReadonlySet<string>): MetricUse {
  const use: MetricUse = { anyJob: new Set(), byJob: new Map(), unknown: new Set() };
  const add = (s: MetricSelector) => {
    if (!s.jobs) return use.anyJob.add(s.name);
    for (const j of s.jobs) use.byJob.set(j, new Set([...(use.byJob.get(j) ?? []), s.name]));
  };
  for (const c of consumers(parts)) {
    for (const s of selectorsOf(c.expr)) {
      add(s);
      if (c.user && !catalog.has(s.name)) use.unknown.add(s.name);
    }
  }
  return use;
}

/** The jobs a scrape's series land in: its own, and those its rules move series to (K3s's kubelet endpoint). */
export function jobsOf(job: ScrapeJob): string[] {
  const moved = (job.scrape?.endpoints ?? []).flatMap((e) => (e.metricRelabel ?? []).filter((r) => r.targetLabel === "job" && r.replacement).map((r) => r.replacement!));
  return [...new Set([job.job, ...moved])];
}

/** The names of its catalog a job keeps: those its consumers read. */
export function keptNames(job: string, delivered: readonly string[], use: MetricUse): string[] {
  const read = (n: string) => use.anyJob.has(n) || use.byJob.get(job)?.has(n) === true;
  return delivered.filter(read).sort();
}

/** A scrape job's key in the measured series (catalog/series.ts): its job, and the kubelet's path but /metrics. */
export const measuredKey = (s: { job: string; target: { path: string } }) => (s.job === "kubelet" && s.target.path !== "/metrics" ? `kubelet ${s.target.path}` : s.job);

/**
 * Series per target before and after the keep list: summed from the names' series measured on the
 * reference dumps, or (jobs without a dump: the stack's own parts) the job's estimate in the share
 * of its catalog's names that it keeps.
 */
export function keptSeries(s: ScrapeJob, kept: readonly string[]): { before: number; after: number; measured: boolean } {
  const counts = MEASURED_SERIES[measuredKey(s)];
  if (counts) {
    const sum = (names: readonly string[]) => names.reduce((n, name) => n + (counts[name] ?? 0), 0);
    return { before: sum(Object.keys(counts)), after: sum(kept), measured: true };
  }
  const share = s.metrics.length ? kept.length / s.metrics.length : 1;
  return { before: s.seriesPerTarget, after: Math.round(s.seriesPerTarget * share), measured: false };
}

/** Whether scrape.keepAll exempts this job. */
const keepsAll = (stack: Stack, job: string) => {
  const all = stack.config.scrape.keepAll;
  return all === true || (Array.isArray(all) && all.includes(job));
};

/**
 * Adds the keep rule to every scrape of the stack (after its other rules) and narrows each job's
 * catalog to what it keeps. A job whose series come with another's endpoint keeps through that
 * endpoint's rule. scrape.keep's patterns are kept on every job.
 */
export function applyKeepLists(stack: Stack, parts: Parts, use: MetricUse): void {
  const extra = stack.config.scrape.keep;
  // Per scrape job, not per job label: the kubelet's three endpoints (/metrics, cAdvisor, probes) share "kubelet".
  const kept = new Map<ScrapeJob, string[]>();
  for (const s of parts.scrapes) if (!keepsAll(stack, s.job)) kept.set(s, keptNames(s.job, s.metrics, use));
  for (const s of parts.scrapes) {
    if (!s.scrape) continue;
    const jobs = jobsOf(s);
    if (jobs.some((j) => keepsAll(stack, j))) continue;
    // The jobs whose series come with this endpoint have no scrape of their own.
    const riders = parts.scrapes.filter((r) => !r.scrape && r.job !== s.job && jobs.includes(r.job));
    const names = [...new Set([s, ...riders].flatMap((j) => kept.get(j) ?? []))].sort();
    // The user's dashboards' own names (their apps' series, unknown to vigil's catalog) are kept on every job too.
    const rule: RelabelRule = keepMetrics([...names, ...use.unknown, ...extra].join("|") || "^$");
    s.scrape = { ...s.scrape, endpoints: s.scrape.endpoints.map((e) => ({ ...e, metricRelabel: [...(e.metricRelabel ?? []), rule] })) };
  }
  for (const [s, names] of kept) {
    const series = keptSeries(s, names);
    s.keep = { names: names.length, of: s.metrics.length, seriesBefore: series.before, measured: series.measured };
    s.seriesPerTarget = series.after;
    if (extra.length === 0) s.metrics = names;
  }
}
