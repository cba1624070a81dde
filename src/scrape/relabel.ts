// Relabel rules vigil writes for vmagent, and the one place that knows what they do to metric
// names: the metric catalog of a job is the exporter's names run through the same rules.

export interface RelabelRule {
  action?: "drop" | "keep" | "replace" | "labeldrop";
  sourceLabels?: string[];
  targetLabel?: string;
  regex?: string;
  replacement?: string;
}

/** Drops whole metric families, by name (anchored regex, RE2 syntax). */
export const dropMetrics = (regex: string): RelabelRule => ({ action: "drop", sourceLabels: ["__name__"], regex });

/** Keeps only these metric families, by name. */
export const keepMetrics = (regex: string): RelabelRule => ({ action: "keep", sourceLabels: ["__name__"], regex });

/** Moves the series of these families to another job (K3s: one endpoint, several components). */
export const jobForMetrics = (regex: string, job: string): RelabelRule => ({ action: "replace", sourceLabels: ["__name__"], regex, targetLabel: "job", replacement: job });

export const setJob = (job: string): RelabelRule => ({ action: "replace", targetLabel: "job", replacement: job });

export const dropLabels = (regex: string): RelabelRule => ({ action: "labeldrop", regex });

/** Prometheus and vmagent anchor relabel regexes at both ends. */
const anchored = (regex: string) => new RegExp(`^(?:${regex})$`);

/** The job each metric name ends up in, after the rules; undefined when dropped. */
export function routeMetric(name: string, job: string, rules: readonly RelabelRule[]): string | undefined {
  let current = job;
  for (const r of rules) {
    if (r.sourceLabels?.length !== 1 || r.sourceLabels[0] !== "__name__" || r.regex === undefined) continue;
    const match = anchored(r.regex).test(name);
    if (r.action === "drop" && match) return undefined;
    if (r.action === "keep" && !match) return undefined;
    if ((r.action ?? "replace") === "replace" && r.targetLabel === "job" && match) current = r.replacement ?? current;
  }
  return current;
}

/** Metric names of an exporter, grouped by the job they land in after the rules. */
export function deliveredByJob(names: readonly string[], job: string, rules: readonly RelabelRule[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of names) {
    const j = routeMetric(name, job, rules);
    if (j) out.set(j, [...(out.get(j) ?? []), name]);
  }
  return out;
}
