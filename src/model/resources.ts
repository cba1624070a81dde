// Requests and limits of every container vigil deploys, per resource profile.
// Limits sit at or above the peaks measured upstream (docs/resources.md gives the sources);
// requests are the steady state of a small homelab, so that the `small` profile's memory
// requests stay within 500Mi in total.

export interface ResourceList {
  cpu: string;
  memory: string;
}
export interface Resources {
  requests: ResourceList;
  limits: ResourceList;
}

/** Container ids, as `vigil plan` lists them and `resources.overrides` keys them. */
export const CONTAINERS = [
  "operator",
  "vmsingle",
  // metrics.mode cluster (a VMCluster).
  "vmstorage",
  "vminsert",
  "vmselect",
  "vmagent",
  "vmagent-config-reloader",
  "vmalert",
  "vmalert-config-reloader",
  "vmalert-logs",
  "vmalert-logs-config-reloader",
  "alertmanager",
  "alertmanager-config-reloader",
  // metrics.backend: prometheus (kube-prometheus-stack).
  "prometheus-operator",
  "prometheus",
  // A fleet spoke's Prometheus in agent mode (metrics.backend: prometheus).
  "prometheus-agent",
  "prometheus-config-reloader",
  "grafana",
  "grafana-sidecar",
  "node-exporter",
  "kube-state-metrics",
  "victoria-logs",
  // logs.mode cluster (the VictoriaLogs cluster).
  "vlstorage",
  "vlinsert",
  "vlselect",
  "vector",
  "event-exporter",
  "loki",
  "loki-rules-sidecar",
  "alloy",
  "alloy-config-reloader",
  // Optional apps, only when switched on.
  "pve-exporter",
  "vmbackup",
  "vmauth",
  "vmauth-config-reloader",
  "tempo",
  "trace-collector",
  "trace-collector-config-reloader",
] as const;
export type ContainerId = (typeof CONTAINERS)[number];
/** Containers of optional apps, not in the default stack. */
export const OPTIONAL_CONTAINERS: readonly ContainerId[] = ["vmstorage", "vminsert", "vmselect", "vlstorage", "vlinsert", "vlselect", "prometheus-operator", "prometheus", "prometheus-agent", "prometheus-config-reloader", "pve-exporter", "loki", "loki-rules-sidecar", "alloy", "alloy-config-reloader", "vmbackup", "vmauth", "vmauth-config-reloader", "tempo", "trace-collector", "trace-collector-config-reloader"];

const r = (reqCpu: string, reqMem: string, limCpu: string, limMem: string): Resources => ({
  requests: { cpu: reqCpu, memory: reqMem },
  limits: { cpu: limCpu, memory: limMem },
});

export const PROFILE_RESOURCES: Record<"small" | "medium", Record<ContainerId, Resources>> = {
  small: {
    operator: r("20m", "28Mi", "200m", "192Mi"),
    // VMSingle peaked at ~105 MiB for 20k series and ~290 MiB on the first scrape of 100k; with the
    // default tree's ~2.1k kept series (npm run bench) 66 MiB steady, 73 MiB peak.
    vmsingle: r("50m", "72Mi", "1", "512Mi"),
    // The VMCluster's parts (not run here: Debian has no cluster binaries; docs/resources.md).
    // vmstorage holds what VMSingle's memory goes to (caches, in-memory parts) for its share of the
    // series; vminsert buffers rows per vmstorage node; vmselect caches rollup results.
    vmstorage: r("50m", "96Mi", "1", "768Mi"),
    vminsert: r("20m", "32Mi", "500m", "256Mi"),
    vmselect: r("20m", "48Mi", "500m", "512Mi"),
    // vmagent peaked at ~68 MiB for 20k series and ~230 MiB on the first scrape of 100k; on the
    // default tree (npm run bench) 26-33 MiB steady, 65-70 MiB peak (its start).
    vmagent: r("30m", "36Mi", "500m", "320Mi"),
    "vmagent-config-reloader": r("5m", "8Mi", "50m", "32Mi"),
    // Evaluating the default tree's rules every 30s (npm run bench): 17 MiB steady and peak.
    vmalert: r("10m", "20Mi", "200m", "128Mi"),
    "vmalert-config-reloader": r("5m", "8Mi", "50m", "32Mi"),
    "vmalert-logs": r("10m", "12Mi", "200m", "128Mi"),
    "vmalert-logs-config-reloader": r("5m", "8Mi", "50m", "32Mi"),
    // Debian's Alertmanager 0.25 with vmalert's notifications (npm run bench): 33 MiB steady and peak.
    alertmanager: r("10m", "36Mi", "100m", "128Mi"),
    "alertmanager-config-reloader": r("5m", "8Mi", "50m", "32Mi"),
    // prometheus-operator: a controller like the VictoriaMetrics operator.
    "prometheus-operator": r("20m", "32Mi", "200m", "192Mi"),
    // Prometheus measured here (Debian's 2.42 and upstream figures): ~95 MiB RSS at 20k series, ~264 MiB at 100k.
    prometheus: r("100m", "96Mi", "1", "512Mi"),
    // Debian's 2.42 with --enable-feature=agent, remote-writing: 61 MiB RSS at 2.5k series (node-exporter,
    // kube-state-metrics and itself), 85 MiB at 7.2k with cAdvisor unfiltered.
    "prometheus-agent": r("50m", "64Mi", "1", "384Mi"),
    "prometheus-config-reloader": r("5m", "8Mi", "50m", "32Mi"),
    // Grafana: ~220-390 MiB p50-p99 measured on a Raspberry Pi homelab.
    grafana: r("50m", "96Mi", "500m", "512Mi"),
    "grafana-sidecar": r("10m", "24Mi", "100m", "128Mi"),
    // Debian's node-exporter 1.5 on this machine (npm run bench): 20 MiB steady and peak.
    "node-exporter": r("10m", "22Mi", "200m", "64Mi"),
    "kube-state-metrics": r("10m", "20Mi", "100m", "128Mi"),
    "victoria-logs": r("30m", "48Mi", "500m", "512Mi"),
    // The VictoriaLogs cluster's parts are the same binary as the single node (not run here: no
    // Debian package). vlstorage does what the single node's memory goes to for its share of the
    // lines; vlinsert buffers lines per vlstorage; vlselect merges the vlstorage answers.
    vlstorage: r("30m", "48Mi", "500m", "512Mi"),
    vlinsert: r("10m", "24Mi", "300m", "128Mi"),
    vlselect: r("10m", "32Mi", "500m", "256Mi"),
    vector: r("30m", "36Mi", "500m", "256Mi"),
    "event-exporter": r("5m", "12Mi", "100m", "64Mi"),
    "pve-exporter": r("10m", "48Mi", "200m", "128Mi"),
    // Loki's single binary idles around 100-150 MiB; more than VictoriaLogs.
    loki: r("50m", "128Mi", "1", "768Mi"),
    "loki-rules-sidecar": r("5m", "24Mi", "50m", "96Mi"),
    alloy: r("30m", "64Mi", "500m", "384Mi"),
    "alloy-config-reloader": r("5m", "8Mi", "50m", "32Mi"),
    // A nightly run of a few minutes; uploads in parallel, so give it room.
    vmbackup: r("50m", "64Mi", "1", "512Mi"),
    // vmauth proxies a few UI requests: a small Go proxy.
    vmauth: r("10m", "16Mi", "200m", "64Mi"),
    "vmauth-config-reloader": r("5m", "8Mi", "50m", "32Mi"),
    // Tempo's single binary with a homelab's trickle of spans: ingester buffers and the block cache.
    tempo: r("20m", "64Mi", "500m", "512Mi"),
    // Alloy with the trace pipeline only (no pods to tail): a light Alloy, batching spans.
    "trace-collector": r("20m", "48Mi", "500m", "256Mi"),
    "trace-collector-config-reloader": r("5m", "8Mi", "50m", "32Mi"),
  },
  medium: {
    operator: r("50m", "64Mi", "500m", "320Mi"),
    vmsingle: r("200m", "256Mi", "2", "1536Mi"),
    // The design's own example values (seeds: PRD 14.3).
    vmstorage: r("200m", "512Mi", "1", "2Gi"),
    vminsert: r("100m", "128Mi", "500m", "512Mi"),
    vmselect: r("100m", "128Mi", "500m", "512Mi"),
    vmagent: r("100m", "128Mi", "1", "768Mi"),
    "vmagent-config-reloader": r("10m", "16Mi", "100m", "64Mi"),
    vmalert: r("50m", "64Mi", "500m", "256Mi"),
    "vmalert-config-reloader": r("10m", "16Mi", "100m", "64Mi"),
    "vmalert-logs": r("20m", "48Mi", "300m", "192Mi"),
    "vmalert-logs-config-reloader": r("10m", "16Mi", "100m", "64Mi"),
    alertmanager: r("20m", "48Mi", "200m", "256Mi"),
    "alertmanager-config-reloader": r("10m", "16Mi", "100m", "64Mi"),
    "prometheus-operator": r("50m", "64Mi", "500m", "320Mi"),
    prometheus: r("200m", "320Mi", "2", "1536Mi"),
    "prometheus-agent": r("100m", "160Mi", "1", "768Mi"),
    "prometheus-config-reloader": r("10m", "16Mi", "100m", "64Mi"),
    grafana: r("100m", "192Mi", "1", "768Mi"),
    "grafana-sidecar": r("20m", "64Mi", "200m", "192Mi"),
    "node-exporter": r("20m", "32Mi", "250m", "96Mi"),
    "kube-state-metrics": r("50m", "96Mi", "250m", "256Mi"),
    "victoria-logs": r("100m", "192Mi", "1", "1Gi"),
    vlstorage: r("100m", "192Mi", "1", "1Gi"),
    vlinsert: r("50m", "64Mi", "500m", "256Mi"),
    vlselect: r("50m", "96Mi", "1", "512Mi"),
    vector: r("100m", "96Mi", "1", "512Mi"),
    "event-exporter": r("10m", "32Mi", "200m", "128Mi"),
    "pve-exporter": r("20m", "64Mi", "300m", "192Mi"),
    loki: r("100m", "256Mi", "2", "1536Mi"),
    "loki-rules-sidecar": r("10m", "48Mi", "100m", "128Mi"),
    alloy: r("100m", "128Mi", "1", "768Mi"),
    "alloy-config-reloader": r("10m", "16Mi", "100m", "64Mi"),
    vmbackup: r("100m", "128Mi", "2", "1Gi"),
    vmauth: r("20m", "32Mi", "500m", "128Mi"),
    "vmauth-config-reloader": r("10m", "16Mi", "100m", "64Mi"),
    tempo: r("100m", "256Mi", "1", "1536Mi"),
    "trace-collector": r("50m", "96Mi", "1", "512Mi"),
    "trace-collector-config-reloader": r("10m", "16Mi", "100m", "64Mi"),
  },
};

/** Parses a memory quantity vigil writes ("96Mi", "1Gi", "512Ki") to MiB. */
export function memoryMiB(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi)$/.exec(q);
  if (!m) throw new Error(`not a memory quantity: ${q}`);
  const n = Number(m[1]);
  return m[2] === "Ki" ? n / 1024 : m[2] === "Gi" ? n * 1024 : n;
}

/** Parses a CPU quantity ("250m", "1", "0.5") to millicores. */
export function cpuMillis(q: string): number {
  return q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000;
}

const QUANTITY_FACTORS: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** Parses a Kubernetes storage quantity ("2Gi", "500M", "1073741824") to bytes. */
export function bytesOf(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([kMGTPE]i?|Ki)?$/.exec(q);
  const factor = m ? QUANTITY_FACTORS[m[2] ?? ""] : undefined;
  if (!m || factor === undefined) throw new Error(`not a storage quantity: ${q}`);
  return Number(m[1]) * factor;
}
