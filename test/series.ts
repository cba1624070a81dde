// Applies vigil's relabel rules to real /metrics scrapes, series by series, as vmagent would:
// to measure series per target and to prove each series lands in exactly one job.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RelabelRule } from "../src/scrape/relabel.js";
import { REFERENCE_DIR } from "./helpers.js";
import { measuredKey } from "../src/scrape/keep.js";

export interface Series {
  name: string;
  labels: Record<string, string>;
}

/** Parses a Prometheus text exposition (no escaping subtleties beyond \\" in values). */
export function parseExposition(text: string): Series[] {
  const out: Series[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels });
  }
  return out;
}

export function readDump(name: string): Series[] {
  return parseExposition(readFileSync(join(REFERENCE_DIR, "metrics", `${name}.prom`), "utf8"));
}

/** Applies metric relabel rules; returns undefined when the series is dropped. */
export function relabel(series: Series, job: string, rules: readonly RelabelRule[]): Series | undefined {
  const labels: Record<string, string> = { ...series.labels, __name__: series.name, job };
  for (const r of rules) {
    const value = (r.sourceLabels ?? []).map((l) => labels[l] ?? "").join(";");
    const re = new RegExp(`^(?:${r.regex ?? "(.*)"})$`);
    switch (r.action ?? "replace") {
      case "drop":
        if (re.test(value)) return undefined;
        break;
      case "keep":
        if (!re.test(value)) return undefined;
        break;
      case "labeldrop":
        for (const k of Object.keys(labels)) if (k !== "__name__" && re.test(k)) delete labels[k];
        break;
      case "replace":
        if (re.test(value) && r.targetLabel) labels[r.targetLabel] = value.replace(re, r.replacement ?? "$1");
        break;
    }
  }
  const { __name__, ...rest } = labels;
  return { name: __name__!, labels: rest };
}

export const seriesKey = (s: Series) => `${s.name}{${Object.entries(s.labels).sort().map(([k, v]) => `${k}=${v}`).join(",")}}`;

/** Which reference dump each dump-fed scrape job of a generated tree reads, by its key (job, or "kubelet <path>"). */
export const SERIES_SOURCES: Record<string, string> = {
  "kube-state-metrics": "kube-state-metrics",
  "kubelet /metrics/cadvisor": "kubelet-cadvisor",
  "kubelet /metrics/probes": "kubelet-probes",
  "node-exporter": "node-exporter",
  apiserver: "kube-apiserver",
  "kube-controller-manager": "kube-controller-manager",
  "kube-scheduler": "kube-scheduler",
  "kube-proxy": "kube-proxy",
  etcd: "etcd",
};

/**
 * Series per target of each metric name, per job: the reference dumps through the job's own
 * metric relabel rules but its keep list (the rules of a Talos tree with scrape.keepAll, where
 * every control-plane component has an endpoint of its own).
 */
export function measuredSeries(scrapes: readonly { job: string; target: { path: string }; scrape?: { endpoints: { metricRelabel?: RelabelRule[] }[] } }[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [key, dump] of Object.entries(SERIES_SOURCES)) {
    const job = scrapes.find((s) => measuredKey(s) === key && s.scrape);
    if (!job) throw new Error(`no scrape job ${key} to measure`);
    const rules = (job.scrape!.endpoints[0]!.metricRelabel ?? []).filter((r) => r.action !== "keep");
    const counts: Record<string, number> = {};
    for (const s of readDump(dump)) {
      const kept = relabel(s, job.job, rules);
      if (kept) counts[kept.name] = (counts[kept.name] ?? 0) + 1;
    }
    out[key] = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  return out;
}
