// Every chart and plugin version vigil deploys, pinned in one place. Bump them here only; the
// chart-values contract test checks the values vigil sets against these exact versions.

export interface ChartRef {
  /** Chart name in its repository. */
  chart: string;
  version: string;
  /** Helm repository URL (https or oci). */
  repository: string;
  /** API groups of the CRDs the chart installs (as vigil configures it): folders with their objects wait for it. */
  installsCrds?: readonly string[];
  /** API groups of the custom resources the chart renders itself, whose CRDs another app installs. */
  needsCrds?: readonly string[];
}

export const CHARTS = {
  /** Operator + VMSingle + vmagent + vmalert + VMAlertmanager + node-exporter + kube-state-metrics. */
  victoriaMetricsK8sStack: {
    chart: "victoria-metrics-k8s-stack",
    version: "0.91.2",
    repository: "https://victoriametrics.github.io/helm-charts/",
    installsCrds: ["operator.victoriametrics.com"],
  },
  /** prometheus-operator, Prometheus and Alertmanager (metrics.backend: prometheus), without its CRDs. */
  kubePrometheusStack: {
    chart: "kube-prometheus-stack",
    version: "88.5.3",
    repository: "https://prometheus-community.github.io/helm-charts",
    needsCrds: ["monitoring.coreos.com"],
  },
  /** The prometheus-operator's CRDs, an app of their own synced first (also for ServiceMonitors with VictoriaMetrics). */
  prometheusOperatorCrds: {
    chart: "prometheus-operator-crds",
    version: "31.0.1",
    repository: "https://prometheus-community.github.io/helm-charts",
    installsCrds: ["monitoring.coreos.com"],
  },
  grafana: {
    chart: "grafana",
    version: "12.11.1",
    repository: "oci://ghcr.io/grafana-community/helm-charts",
  },
  /** Loki, the OSS chart now maintained in grafana-community (logs.backend: loki). */
  loki: {
    chart: "loki",
    version: "18.11.0",
    repository: "oci://ghcr.io/grafana-community/helm-charts",
  },
  victoriaLogsSingle: {
    chart: "victoria-logs-single",
    version: "0.13.9",
    repository: "https://victoriametrics.github.io/helm-charts/",
  },
  /** vlinsert, vlselect and vlstorage (logs.mode: cluster); VictoriaLogs v1.52.0 (its appVersion). */
  victoriaLogsCluster: {
    chart: "victoria-logs-cluster",
    version: "0.2.8",
    repository: "https://victoriametrics.github.io/helm-charts/",
  },
  /** Tempo single binary (components.traces), the chart now maintained in grafana-community. */
  tempo: {
    chart: "tempo",
    version: "2.2.4",
    repository: "oci://ghcr.io/grafana-community/helm-charts",
  },
  /** Proxmox VE exporter (apps.proxmox). */
  prometheusPveExporter: {
    chart: "prometheus-pve-exporter",
    version: "2.10.0",
    repository: "https://charts.christianhuth.de",
  },
  /** Grafana Alloy (logs.agent: alloy). */
  alloy: {
    chart: "alloy",
    version: "1.11.1",
    repository: "https://grafana.github.io/helm-charts",
  },
  vector: {
    chart: "vector",
    version: "0.56.0",
    repository: "https://helm.vector.dev",
  },
} as const satisfies Record<string, ChartRef>;

/**
 * Subchart versions locked by the metrics backends' charts (victoria-metrics-k8s-stack 0.91.2's Chart.lock); listed so that
 * the values vigil sets for them are checked against the right chart.
 */
export const SUBCHARTS: Record<string, Record<string, string>> = {
  "victoria-metrics-k8s-stack": {
    "victoria-metrics-operator": "0.67.2",
    "kube-state-metrics": "7.5.3",
    "prometheus-node-exporter": "4.55.1",
  },
  // kube-prometheus-stack 88.5.3's Chart.yaml (grafana and the Windows exporter are switched off).
  "kube-prometheus-stack": {
    "kube-state-metrics": "8.4.0",
    "prometheus-node-exporter": "4.56.1",
  },
};

/** Grafana plugins, pinned: installed at start from this release archive (or a mirror of it). */
export const GRAFANA_PLUGINS = {
  victoriaLogs: {
    id: "victoriametrics-logs-datasource",
    version: "0.30.1",
    url: "https://github.com/VictoriaMetrics/victorialogs-datasource/releases/download/v0.30.1/victoriametrics-logs-datasource-v0.30.1.zip",
  },
} as const;

/** Vector's Debian image of the chart's version: the default distroless one has no journalctl. */
export const VECTOR_DEBIAN_TAG = "0.56.0-debian";

/** VictoriaLogs of both charts' appVersion (v1.52.0): serves a former single node's volume to the cluster's vlselect. */
export const VICTORIA_LOGS_IMAGE = "docker.io/victoriametrics/victoria-logs:v1.52.0";

/** Kubernetes events to stdout, where the node agent picks them up as logs (Vector has no events source). */
export const EVENT_EXPORTER_IMAGE = "ghcr.io/resmoio/kubernetes-event-exporter:v1.7";

/** The Grafana image of the grafana chart above (its appVersion), also used to install plugins. */
export const GRAFANA_IMAGE = "docker.io/grafana/grafana:13.2.0";

/**
 * vmbackup and vmrestore of the VictoriaMetrics release the k8s-stack chart deploys (its
 * appVersion): a backup must be read by the same or a newer version.
 */
export const VM_VERSION = "v1.150.0";
export const VMBACKUP_IMAGE = `docker.io/victoriametrics/vmbackup:${VM_VERSION}`;
export const VMRESTORE_IMAGE = `docker.io/victoriametrics/vmrestore:${VM_VERSION}`;
/** What moves a former VMSingle's data into a VMCluster (backends/victoria-metrics/migrate.ts). */
export const VM_MIGRATION_IMAGES = {
  victoriaMetrics: `docker.io/victoriametrics/victoria-metrics:${VM_VERSION}`,
  vmctl: `docker.io/victoriametrics/vmctl:${VM_VERSION}`,
} as const;
/** The fleet hub's ingest proxy (components/fleet-ingest.ts), of the same release. */
export const VMAUTH_IMAGE = `docker.io/victoriametrics/vmauth:${VM_VERSION}`;
