// Logs, from VictoriaLogs (LogsQL through the victoriametrics-logs-datasource plugin): volume by
// namespace and pod, errors, and the log lines themselves.
import type { DashboardSpec } from "./build.js";

/** Fields of every pod line (logs/fields.ts); namespace, pod and container are stream fields. */
const sel = 'namespace:~"$namespace"';

const lsel = '{namespace=~"$namespace"}';

/** The same dashboard for Loki (LogQL); one of the two is generated, by what is scraped. */
export const lokiLogsDashboard: DashboardSpec = {
  uid: "vigil-logs",
  title: "Logs",
  folder: "Logs",
  // One Logs dashboard per stack, of its log store.
  when: (stack) => stack.config.logs.backend === "loki",
  description: "Log volume, errors and lines of the cluster's pods, from Loki.",
  variables: [{ name: "namespace", label: "Namespace", query: `label_values(kube_namespace_status_phase{cluster="$cluster", job="kube-state-metrics"}, namespace)`, multi: true, includeAll: true }],
  rows: [
    {
      title: "Volume",
      panels: [
        { title: "Log lines by namespace", kind: "timeseries", datasource: "loki", needs: ["loki"], queries: [{ expr: `sum by (namespace) (count_over_time(${lsel} [$__interval]))`, legend: "{{namespace}}" }] },
        { title: "Log lines by pod (top 10)", kind: "timeseries", datasource: "loki", needs: ["loki"], queries: [{ expr: `topk(10, sum by (namespace, pod) (count_over_time(${lsel} [$__interval])))`, legend: "{{namespace}}/{{pod}}" }] },
        { title: "Error lines by namespace", kind: "timeseries", datasource: "loki", needs: ["loki"], queries: [{ expr: `sum by (namespace) (count_over_time(${lsel} |~ "(?i)(error|panic|fatal)" [$__interval]))`, legend: "{{namespace}}" }] },
        { title: "Ingestion rate", kind: "timeseries", needs: ["loki"], queries: [{ expr: `sum(rate(loki_distributor_lines_received_total{cluster="$cluster", job="loki"}[$__rate_interval]))`, legend: "lines/s" }] },
      ],
    },
    { title: "Lines", panels: [{ title: "Logs", kind: "logs", datasource: "loki", needs: ["loki"], queries: [{ expr: lsel }] }] },
  ],
};

export const logsDashboard: DashboardSpec = {
  uid: "vigil-logs",
  title: "Logs",
  folder: "Logs",
  // The LogsQL panels need the store itself (one node or the cluster), not a scrape job.
  when: (stack) => stack.enabled.logs && stack.config.logs.backend === "victorialogs",
  description: "Log volume, errors and lines of the cluster's pods, from VictoriaLogs.",
  variables: [{ name: "namespace", label: "Namespace", query: `label_values(kube_namespace_status_phase{cluster="$cluster", job="kube-state-metrics"}, namespace)`, multi: true, includeAll: true }],
  rows: [
    {
      title: "Volume",
      panels: [
        { title: "Log lines by namespace", kind: "timeseries", datasource: "logs", queries: [{ expr: `${sel} | stats by (namespace) count() lines`, legend: "{{namespace}}" }] },
        { title: "Log lines by pod (top 10)", kind: "timeseries", datasource: "logs", queries: [{ expr: `${sel} | stats by (namespace, pod) count() lines | sort by (lines desc) | limit 10`, legend: "{{namespace}}/{{pod}}" }] },
        { title: "Error lines by namespace", kind: "timeseries", datasource: "logs", queries: [{ expr: `${sel} (error OR panic OR fatal OR level:error) | stats by (namespace) count() errors`, legend: "{{namespace}}" }] },
        { title: "Ingestion rate", kind: "timeseries", unit: "rowsps", needs: ["victorialogs"], queries: [{ expr: `sum(rate(vl_rows_ingested_total{cluster="$cluster", job="victorialogs"}[$__rate_interval]))`, legend: "lines/s" }] },
        // logs.mode cluster: vlinsert counts what it receives.
        { title: "Ingestion rate", kind: "timeseries", unit: "rowsps", needs: ["vlinsert"], queries: [{ expr: `sum(rate(vl_rows_ingested_total{cluster="$cluster", job="vlinsert"}[$__rate_interval]))`, legend: "lines/s" }] },
      ],
    },
    {
      title: "Lines",
      panels: [{ title: "Logs", kind: "logs", datasource: "logs", queries: [{ expr: `${sel}` }] }],
    },
  ],
};
