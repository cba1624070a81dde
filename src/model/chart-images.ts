// Every image the pinned charts run, and where each chart's values place it and its pull secrets:
// read from the charts' values.yaml and templates at the pinned versions, and checked by rendering
// them (test/images.test.ts with VIGIL_CHARTS): with a mirror set, every container the charts
// render pulls through it, and these are exactly the images they render.
import type { Values } from "./parts.js";

type Get = (path: string) => unknown;

/** How a chart's values name an image. */
export type ImageValues =
  /** Registry, repository and tag apart (most charts). */
  | { kind: "split"; registry: string; repository: string; tag: string }
  /** The repository holds the registry (Vector's docker.io/timberio/vector). */
  | { kind: "joined"; repository: string; tag: string }
  /**
   * A pod the VictoriaMetrics operator makes from a custom resource: the repository is the
   * operator's default (internal/config/config.go, v0.74.0), prefixed with VM_CONTAINERREGISTRY
   * when it names no registry (factory/build/container.go formatContainerImage); `spec` is where
   * the resource's values take another repository and tag.
   */
  | { kind: "operator"; spec?: string };

export interface ChartImage {
  /** The name `vigil plan` shows and images.overrides takes. */
  id: string;
  chart: string;
  /** The image at the pinned chart version. */
  pinned: string;
  values: ImageValues;
  /** Whether the chart runs it with these values. */
  when?: (get: Get) => boolean;
  /** The custom resource whose pods run it (made by an operator, not in the render). */
  cr?: string;
}

const off = (path: string) => (get: Get) => get(path) === false;
const on = (path: string) => (get: Get) => get(path) === true;

/** The VictoriaMetrics release the operator runs by default for resources that name no version (config.go VM_METRICS_VERSION). */
export const VM_OPERATOR_DEFAULT_VERSION = "v1.148.0";
/** The config reloader of the operator's pods (config.go ConfigReloader.Image). */
export const VM_CONFIG_RELOADER = "docker.io/victoriametrics/operator:config-reloader-v0.74.0";

const split = (prefix: string): ImageValues => ({ kind: "split", registry: `${prefix}.registry`, repository: `${prefix}.repository`, tag: `${prefix}.tag` });

export const CHART_IMAGES: readonly ChartImage[] = [
  // victoria-metrics-k8s-stack 0.91.2 and its subcharts.
  { id: "vm-operator", chart: "victoria-metrics-k8s-stack", pinned: "docker.io/victoriametrics/operator:v0.74.0", values: split("victoria-metrics-operator.image") },
  { id: "kube-state-metrics", chart: "victoria-metrics-k8s-stack", pinned: "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1", values: split("kube-state-metrics.image"), when: (get) => get("kube-state-metrics.enabled") !== false },
  { id: "node-exporter", chart: "victoria-metrics-k8s-stack", pinned: "quay.io/prometheus/node-exporter:v1.11.1", values: split("prometheus-node-exporter.image"), when: (get) => get("prometheus-node-exporter.enabled") !== false },
  { id: "vmsingle", chart: "victoria-metrics-k8s-stack", pinned: "docker.io/victoriametrics/victoria-metrics:v1.150.0", values: { kind: "operator", spec: "vmsingle.spec.image" }, when: (get) => !off("vmsingle.enabled")(get), cr: "VMSingle" },
  { id: "vmagent", chart: "victoria-metrics-k8s-stack", pinned: "docker.io/victoriametrics/vmagent:v1.150.0", values: { kind: "operator", spec: "vmagent.spec.image" }, when: (get) => !off("vmagent.enabled")(get), cr: "VMAgent" },
  { id: "vmalert", chart: "victoria-metrics-k8s-stack", pinned: "docker.io/victoriametrics/vmalert:v1.150.0", values: { kind: "operator", spec: "vmalert.spec.image" }, when: (get) => !off("vmalert.enabled")(get), cr: "VMAlert" },
  { id: "alertmanager", chart: "victoria-metrics-k8s-stack", pinned: "docker.io/prom/alertmanager:v0.32.1", values: { kind: "operator", spec: "alertmanager.spec.image" }, when: (get) => !off("alertmanager.enabled")(get), cr: "VMAlertmanager" },
  { id: "vmstorage", chart: "victoria-metrics-k8s-stack", pinned: "docker.io/victoriametrics/vmstorage:v1.150.0-cluster", values: { kind: "operator", spec: "vmcluster.spec.vmstorage.image" }, when: on("vmcluster.enabled"), cr: "VMCluster" },
  { id: "vminsert", chart: "victoria-metrics-k8s-stack", pinned: "docker.io/victoriametrics/vminsert:v1.150.0-cluster", values: { kind: "operator", spec: "vmcluster.spec.vminsert.image" }, when: on("vmcluster.enabled"), cr: "VMCluster" },
  { id: "vmselect", chart: "victoria-metrics-k8s-stack", pinned: "docker.io/victoriametrics/vmselect:v1.150.0-cluster", values: { kind: "operator", spec: "vmcluster.spec.vmselect.image" }, when: on("vmcluster.enabled"), cr: "VMCluster" },
  // The sidecar of VMAgent, VMAlert and VMAlertmanager.
  { id: "vm-config-reloader", chart: "victoria-metrics-k8s-stack", pinned: VM_CONFIG_RELOADER, values: { kind: "operator" }, when: (get) => !off("vmagent.enabled")(get) || !off("vmalert.enabled")(get), cr: "VMAgent" },

  // kube-prometheus-stack 88.5.3: the prometheus-operator's pods take the images of the Prometheus and Alertmanager resources.
  { id: "prometheus-operator", chart: "kube-prometheus-stack", pinned: "quay.io/prometheus-operator/prometheus-operator:v0.93.1", values: split("prometheusOperator.image") },
  { id: "prometheus", chart: "kube-prometheus-stack", pinned: "quay.io/prometheus/prometheus:v3.14.0-distroless", values: split("prometheus.prometheusSpec.image"), cr: "Prometheus" },
  { id: "alertmanager", chart: "kube-prometheus-stack", pinned: "quay.io/prometheus/alertmanager:v0.34.0", values: split("alertmanager.alertmanagerSpec.image"), when: (get) => !off("alertmanager.enabled")(get), cr: "Alertmanager" },
  { id: "prometheus-config-reloader", chart: "kube-prometheus-stack", pinned: "quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1", values: split("prometheusOperator.prometheusConfigReloader.image"), cr: "Prometheus" },
  { id: "kube-state-metrics", chart: "kube-prometheus-stack", pinned: "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0", values: split("kube-state-metrics.image"), when: (get) => get("kubeStateMetrics.enabled") !== false },
  { id: "node-exporter", chart: "kube-prometheus-stack", pinned: "quay.io/prometheus/node-exporter:v1.12.1-distroless", values: split("prometheus-node-exporter.image"), when: (get) => get("nodeExporter.enabled") !== false },

  { id: "grafana", chart: "grafana", pinned: "docker.io/grafana/grafana:13.2.0", values: split("image") },
  { id: "k8s-sidecar", chart: "grafana", pinned: "quay.io/kiwigrid/k8s-sidecar:2.10.1", values: split("sidecar.image") },
  { id: "loki", chart: "loki", pinned: "docker.io/grafana/loki:3.7.6", values: split("loki.image") },
  { id: "k8s-sidecar", chart: "loki", pinned: "docker.io/kiwigrid/k8s-sidecar:2.10.1", values: split("sidecar.image"), when: (get) => get("sidecar.rules.enabled") !== false },
  { id: "alloy", chart: "alloy", pinned: "docker.io/grafana/alloy:v1.18.1", values: split("image") },
  {
    id: "prometheus-config-reloader",
    chart: "alloy",
    pinned: "quay.io/prometheus-operator/prometheus-config-reloader:v0.91.0@sha256:7d9e4eea5f1139e602508871f422b0116c60e87c662f3dcd234d5ab60cd0d8c1",
    values: split("configReloader.image"),
    when: (get) => get("configReloader.enabled") !== false,
  },
  { id: "vector", chart: "vector", pinned: "docker.io/timberio/vector:0.56.0-debian", values: { kind: "joined", repository: "image.repository", tag: "image.tag" } },
  { id: "tempo", chart: "tempo", pinned: "docker.io/grafana/tempo:2.10.8", values: split("tempo") },
  { id: "victoria-logs", chart: "victoria-logs-single", pinned: "docker.io/victoriametrics/victoria-logs:v1.52.0", values: split("server.image") },
  { id: "vlstorage", chart: "victoria-logs-cluster", pinned: "docker.io/victoriametrics/victoria-logs:v1.52.0", values: split("vlstorage.image") },
  { id: "vlinsert", chart: "victoria-logs-cluster", pinned: "docker.io/victoriametrics/victoria-logs:v1.52.0", values: split("vlinsert.image") },
  { id: "vlselect", chart: "victoria-logs-cluster", pinned: "docker.io/victoriametrics/victoria-logs:v1.52.0", values: split("vlselect.image") },
  { id: "pve-exporter", chart: "prometheus-pve-exporter", pinned: "docker.io/prompve/prometheus-pve-exporter:3.10.0", values: split("image") },
];

const names = (secrets: readonly string[]) => secrets.map((name) => ({ name }));

/**
 * Each chart's values for pull secrets, as its templates read them; the custom resources take
 * `spec.imagePullSecrets` (their operators copy it to the pods).
 */
export const CHART_PULL_SECRETS: Record<string, (secrets: readonly string[], get: Get) => Values> = {
  "victoria-metrics-k8s-stack": (s, get) => ({
    "victoria-metrics-operator": { imagePullSecrets: names(s) },
    ...(get("kube-state-metrics.enabled") !== false ? { "kube-state-metrics": { imagePullSecrets: names(s) } } : {}),
    ...(get("prometheus-node-exporter.enabled") !== false ? { "prometheus-node-exporter": { imagePullSecrets: names(s) } } : {}),
    ...Object.fromEntries(["vmsingle", "vmagent", "vmalert", "alertmanager"].filter((cr) => get(`${cr}.enabled`) !== false).map((cr) => [cr, { spec: { imagePullSecrets: names(s) } }])),
    ...(get("vmcluster.enabled") === true ? { vmcluster: { spec: { imagePullSecrets: names(s) } } } : {}),
  }),
  // The chart's helper puts global.imagePullSecrets on every pod and on the Prometheus and Alertmanager resources.
  "kube-prometheus-stack": (s) => ({ global: { imagePullSecrets: names(s) } }),
  grafana: (s) => ({ image: { pullSecrets: [...s] } }),
  loki: (s) => ({ imagePullSecrets: names(s) }),
  alloy: (s) => ({ image: { pullSecrets: names(s) } }),
  vector: (s) => ({ image: { pullSecrets: names(s) } }),
  // The statefulset reads tempo.pullSecrets, which the chart's values.yaml only documents in a comment: the ServiceAccount's instead.
  tempo: (s) => ({ serviceAccount: { imagePullSecrets: names(s) } }),
  "victoria-logs-single": (s) => ({ global: { imagePullSecrets: names(s) } }),
  "victoria-logs-cluster": (s) => ({ global: { imagePullSecrets: names(s) } }),
  "prometheus-pve-exporter": (s) => ({ imagePullSecrets: names(s) }),
  // CRDs only: no pods.
  "prometheus-operator-crds": () => ({}),
};
