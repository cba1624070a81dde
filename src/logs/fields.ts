// The fields a log line gets in the log store, decided once for every agent and backend: which
// of them are labels, and which make a stream (VictoriaLogs stream fields, Loki labels).
// The Vector configuration (components/vector.ts) is generated from this table.

export interface FieldSource {
  field: string;
  /** Paths in Vector's kubernetes_logs event, first one present wins. */
  from: string[];
  /** Part of the stream identity: few values, stable over time. */
  stream: boolean;
}

export const POD_FIELDS: FieldSource[] = [
  { field: "namespace", from: ["kubernetes.pod_namespace"], stream: true },
  { field: "pod", from: ["kubernetes.pod_name"], stream: true },
  { field: "container", from: ["kubernetes.container_name"], stream: true },
  { field: "node", from: ["kubernetes.pod_node_name"], stream: false },
  { field: "app", from: ['kubernetes.pod_labels."app.kubernetes.io/name"', "kubernetes.pod_labels.app", "kubernetes.container_name"], stream: false },
];

/** The host's journald lines: node and systemd unit. */
export const JOURNAL_FIELDS: FieldSource[] = [
  { field: "node", from: ["host"], stream: true },
  { field: "unit", from: ['"_SYSTEMD_UNIT"'], stream: true },
];

export const streamFields = (fields: FieldSource[]) => fields.filter((f) => f.stream).map((f) => f.field);

/** Units of the host whose journald logs are shipped (K3s). */
export const JOURNAL_UNITS = ["k3s.service", "k3s-agent.service", "containerd.service"];

/** Access-log lines of probes and scrapes: noise in every homelab's logs. */
export const HEALTH_CHECK_LINES = String.raw`(?i)("(GET|HEAD) /(healthz|readyz|livez|health|ready|ping|metrics)[ ?"/]|kube-probe/|Prometheus/|vm_promscrape)`;

/** What the pipeline makes of one kubernetes_logs event: the labels it ends with (for tests and docs). */
export function labelsOf(event: Record<string, unknown>, fields: FieldSource[] = POD_FIELDS): Record<string, string> {
  const get = (path: string): unknown => {
    const parts = path.match(/"[^"]+"|[^.]+/g) ?? [];
    return parts.reduce<unknown>((v, p) => (v && typeof v === "object" ? (v as Record<string, unknown>)[p.replace(/"/g, "")] : undefined), event);
  };
  const out: Record<string, string> = {};
  for (const f of fields) {
    const value = f.from.map(get).find((v) => typeof v === "string" && v !== "");
    if (typeof value === "string") out[f.field] = value;
  }
  return out;
}
