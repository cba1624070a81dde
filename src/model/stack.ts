// The resolved stack: every name, port, URL, storage class and size decided once, from the
// config. Components read it; none of them invents a name of its own.
import { EXPORTERS, FORMER_GROUPS, type ExporterName } from "../config/schema/exporters.js";
import { imageAsConfigured } from "./chart-versions.js";
import { formatImage, ownImageId, parseImage, placeImage } from "./images.js";
import { posix } from "node:path";
import type { VigilConfig } from "../config/schema/index.js";
import { CHARTS, GRAFANA_PLUGINS } from "./versions.js";
import { CONTAINERS, PROFILE_RESOURCES, type ContainerId, type Resources } from "./resources.js";
import { PLATFORMS, type Platform } from "../platforms/index.js";
import { METRICS_BACKENDS } from "../backends/index.js";
import { LOG_AGENTS, LOG_STORES } from "../backends/logs.js";
import { VM_NAME, VM_OPERATOR } from "../backends/victoria-metrics/names.js";
import { vlClusterPods } from "../components/victoria-logs.js";
import type { StackFleet } from "./fleet.js";
import { metricsClusterSettings, type MetricsClusterSettings } from "../config/schema/metrics.js";
import { logsClusterSettings, type LogsClusterSettings } from "../config/schema/logs.js";

export type StorageBackend = "local" | "replicated-block" | "nfs" | "other";
export type VolumeName = "metrics" | "logs" | "grafana" | "alertmanager" | "traces";

export interface ResolvedVolume {
  size: string;
  storageClass: string;
  backend: StorageBackend;
  /** Whether the kubelet exports kubelet_volume_stats_* for volumes of this class. */
  volumeStats: boolean;
  /** Which config option chose the class, for messages. */
  configPath: string;
}

export interface Service {
  name: string;
  port: number;
  /** In-cluster URL, e.g. http://vmsingle-vm.monitoring.svc:8428 */
  url: string;
  /** The pods behind it, and the container port the Service forwards to (what NetworkPolicies see). */
  pods: PodKey;
  targetPort: number;
}

/** The stack's pods that receive or open connections, for NetworkPolicies. */
export type PodKey =
  | "prometheus"
  | "vmsingle"
  | "vmstorage"
  | "vminsert"
  | "vmselect"
  | "vmagent"
  | "vmalert"
  | "vmalertLogs"
  | "alertmanager"
  | "vmauth"
  | "vmauthIngest"
  | "operator"
  | "kubeStateMetrics"
  | "grafana"
  | "victoriaLogs"
  | "vlinsert"
  | "vlselect"
  | "vlstorage"
  | "victoriaLogsPrevious"
  | "loki"
  | "vector"
  | "alloy"
  | "pveExporter"
  | "tempo"
  | "traceCollector"
  | "backup"
  | "migrate";

/** Presets: StorageClass name and what kind of storage it is. */
const STORAGE_PRESETS: Record<string, { storageClass: string; backend: StorageBackend }> = {
  "local-path": { storageClass: "local-path", backend: "local" },
  longhorn: { storageClass: "longhorn", backend: "replicated-block" },
  // nfs-subdir-external-provisioner's default class name.
  nfs: { storageClass: "nfs-client", backend: "nfs" },
};

/**
 * The kubelet reports a volume's space (kubelet_volume_stats_*) only when its volume plugin can
 * measure it: CSI drivers (Longhorn) and in-tree NFS (statfs of the mount) do; local-path's volumes
 * are hostPath directories on the node, whose plugin reports nothing. Other classes: assumed CSI.
 */
export const reportsVolumeStats = (backend: StorageBackend) => backend !== "local";

/** Why local volumes have no volume stats, for `vigil plan` and the skipped alerts. */
export const NO_VOLUME_STATS = "local-path volumes are directories on the node (hostPath): the kubelet reports no kubelet_volume_stats for them";

/** The cluster's default StorageClass, for volumes whose chart cannot name one. */
export const DEFAULT_STORAGE_CLASS = "(cluster default)";

/** An exporter's old switch under alerting.groups, for those that had one. */
const formerGroup = (config: VigilConfig, e: ExporterName): boolean | undefined =>
  (FORMER_GROUPS as readonly string[]).includes(e) ? config.alerting.groups[e as (typeof FORMER_GROUPS)[number]] : undefined;

function resolveVolume(config: VigilConfig, name: VolumeName): ResolvedVolume {
  if (name === "traces") return { size: config.storage.traces.size, storageClass: DEFAULT_STORAGE_CLASS, backend: "other", volumeStats: reportsVolumeStats("other"), configPath: "storage.traces" };
  const own = config.storage[name].storageClass;
  const chosen = own ?? config.storage.storageClass;
  const preset = STORAGE_PRESETS[chosen];
  // A class whose name says NFS is treated as NFS: warnings are better safe than silent.
  const backend = preset?.backend ?? (/nfs/i.test(chosen) ? "nfs" : "other");
  // storage.classes: the preset means the class vigil writes (components/storage-classes.ts).
  const written = (chosen === "longhorn" || chosen === "nfs") && config.storage.classes?.[chosen] ? `vigil-${chosen}` : undefined;
  return {
    size: config.storage[name].size,
    storageClass: written ?? preset?.storageClass ?? chosen,
    backend,
    volumeStats: reportsVolumeStats(backend),
    configPath: own ? `storage.${name}.storageClass` : "storage.storageClass",
  };
}

export interface Stack {
  config: VigilConfig;
  namespace: string;
  cluster: VigilConfig["cluster"];
  /** Distribution specifics: how control-plane metrics are reached, node-side config. */
  platform: Platform;
  /** Label that carries the cluster name on every series and alert. */
  clusterLabel: "cluster";
  enabled: VigilConfig["components"];
  /** The platform pieces watched (exporters, or their old switches under alerting.groups). */
  exporters: Record<ExporterName, boolean>;
  retention: VigilConfig["retention"];
  /**
   * How often every target is scraped (scrape.interval): the scrape objects, vmagent's default and
   * the metrics datasource's `timeInterval` (Grafana's smallest $__rate_interval step) all read it.
   */
  scrapeInterval: string;
  storage: Record<VolumeName, ResolvedVolume>;
  /**
   * Whether any of the stack's volumes gets kubelet volume stats; the cluster's other claims most
   * likely use the same classes. Without, the PVC alerts and panels cannot work, and the store's
   * own disk metrics and the node's filesystems stand in.
   */
  volumeStats: boolean;
  /** Whether any of the stack's volumes is local-path, whose space only the stores and the node's filesystem tell. */
  localVolumes: boolean;
  /** GitOps app folders (one Argo CD Application each). */
  apps: { metrics: string; operatorCrds: string; grafana: string; logs: string; logsPrevious: string; logAgent: string; proxmox: string; traces: string; traceCollector: string; events: string; fluxNotifications: string; backup: string; secrets: string; access: string; networkPolicies: string; storageClasses: string; scrapes: string; rules: string; dashboards: string; fleet: string };
  /** Helm fullnames vigil pins, so that service names are known in advance. */
  names: { vm: string; operator: string; nodeExporter: string; vector: string };
  /**
   * Labels that select each pod: the selector labels its operator or chart puts on the pod
   * template (VictoriaMetrics operator v0.74 SelectorLabels; each chart's selectorLabels helper).
   */
  pods: Record<PodKey, Record<string, string>>;
  /**
   * The stack's Services. query, write, scraper, ruler and alertmanager are roles of the metrics
   * backend (src/backends/): VMSingle (or the VMCluster's vmselect and vminsert), vmagent, vmalert
   * and VMAlertmanager, or Prometheus for the first four.
   */
  services: {
    /** Answers PromQL (VMSingle, vmselect, Prometheus). */
    query: Service;
    /** Receives samples (VMSingle, vminsert, Prometheus). */
    write: Service;
    scraper: Service;
    ruler: Service;
    alertmanager: Service;
    /** VictoriaMetrics only (its operator's VMAuth). */
    vmauth?: Service;
    grafana: Service;
    /** Answers the log queries (VictoriaLogs, or the cluster's vlselect; Loki). */
    logsQuery: Service;
    /** Receives the log lines (VictoriaLogs, or the cluster's vlinsert; Loki). */
    logsWrite: Service;
    tempo: Service;
    /** The trace collector's OTLP gRPC port (components/trace-collector.ts). */
    traceCollector: Service;
  };
  /**
   * The metrics store's Prometheus API: `query` is the base of /api/v1/query (Grafana, vmalert,
   * doctor), `write` the base of the write paths (/api/v1/write, /api/v1/import/native).
   */
  metricsApi: { query: string; write: string };
  /** metrics.mode cluster: the VMCluster's replication and replicas (never on a fleet's spoke, which stores nothing). */
  metricsCluster?: MetricsClusterSettings;
  /** logs.mode cluster: the VictoriaLogs cluster's replicas (never on a fleet's spoke). */
  logsCluster?: LogsClusterSettings;
  /** Where samples are remote-written to: the metrics backend's receiver (Loki's ruler), on a spoke the hub's ingest. */
  remoteWriteUrl: string;
  /** The fleet this cluster is part of (model/fleet.ts): undefined for a single cluster. */
  fleet?: StackFleet;
  grafanaPlugins: (typeof GRAFANA_PLUGINS)[keyof typeof GRAFANA_PLUGINS][];
  /**
   * Annotations for custom resources an operator in the same app serves, from the GitOps target
   * (targets/*: crAnnotations), so the CRDs and the operator are applied and healthy first.
   */
  crAnnotations: Record<string, string>;
  /**
   * Spread into the spec of every VictoriaMetrics operator resource: the operator then runs its pods
   * as 65534 (nobody) with fsGroup, seccomp RuntimeDefault, no privilege escalation and no
   * capabilities, instead of the image's root.
   */
  operatorSecurity: { useStrictSecurity: true };
  /** Labels of the monitoring namespace (Talos: PodSecurity privileged). */
  namespaceLabels: Record<string, string>;
  resources(id: ContainerId): Resources;
  /** An image of vigil's own objects with the tag the config gives it (versions.images). */
  image(ref: string): string;
  /** The stack's Service an in-cluster URL points at, if any. */
  serviceAt(url: string): Service | undefined;
}

export const svc = (namespace: string, name: string, port: number, pods: PodKey, targetPort = port): Service => ({
  name,
  port,
  url: `http://${name}.${namespace}.svc:${port}`,
  pods,
  targetPort,
});

/** The operator's selector labels of the pods of a custom resource: <kind> and its name. */
export const operatorPod = (kind: string, name: string) => ({ "app.kubernetes.io/name": kind, "app.kubernetes.io/instance": name, "managed-by": "vm-operator" });
/** A chart's selectorLabels helper: chart name and release (the app folder). */
const chartPod = (chart: string, release: string) => ({ "app.kubernetes.io/name": chart, "app.kubernetes.io/instance": release });

/** Pods of the stack besides the metrics backend's (which adds its own). */
function podLabels(apps: Stack["apps"]): Partial<Stack["pods"]> {
  return {
    kubeStateMetrics: chartPod("kube-state-metrics", apps.metrics),
    grafana: chartPod("grafana", apps.grafana),
    victoriaLogs: chartPod("victoria-logs-single", apps.logs),
    // victoria-logs-cluster: the labels its parts and their Services share.
    ...vlClusterPods(apps.logs),
    victoriaLogsPrevious: { "app.kubernetes.io/name": "victoria-logs-previous", "app.kubernetes.io/managed-by": "vigil" },
    loki: { ...chartPod("loki", apps.logs), "app.kubernetes.io/component": "single-binary" },
    vector: chartPod("vector", apps.logAgent),
    alloy: chartPod("alloy", apps.logAgent),
    pveExporter: chartPod("prometheus-pve-exporter", apps.proxmox),
    tempo: chartPod("tempo", apps.traces),
    traceCollector: chartPod("alloy", apps.traceCollector),
    backup: { "app.kubernetes.io/name": "vmbackup", "app.kubernetes.io/managed-by": "vigil" },
    // The one-off copy of a former VMSingle into a VMCluster (backends/victoria-metrics/migrate.ts).
    migrate: { "app.kubernetes.io/name": "vmctl", "app.kubernetes.io/managed-by": "vigil" },
    // The fleet hub's ingest (components/fleet-ingest.ts), a Deployment of vigil's own.
    vmauthIngest: { "app.kubernetes.io/name": "vmauth", "app.kubernetes.io/instance": apps.fleet, "app.kubernetes.io/managed-by": "vigil" },
  };
}

/** What the GitOps target decides for the stack (GitOpsTarget.crAnnotations). */
export interface TargetFacts {
  crAnnotations: Record<string, string>;
}

/** Folders beside gitops.path (not under it: the GitOps tool would deploy them), e.g. node-config/. */
export function besideTree(stack: Pick<Stack, "config">, folder: string): string {
  const dir = posix.dirname(stack.config.gitops.path);
  return posix.join(dir === "." ? "" : dir, folder);
}

/** How to apply a hand-applied file (NodeFile.apply), its folder named where it really lies. */
export const handFileApply = (stack: Pick<Stack, "config">, file: { dir?: string; apply: string }) => {
  const dir = file.dir ?? "node-config";
  return file.apply.replaceAll(`${dir}/`, `${besideTree(stack, dir)}/`);
};

/** Whether the stack runs agents only and pushes to a fleet's hub. */
export const isSpoke = (stack: Pick<Stack, "fleet">) => stack.fleet?.role === "spoke";

export function resolveStack(config: VigilConfig, target: TargetFacts = { crAnnotations: {} }, fleet?: StackFleet): Stack {
  const ns = config.namespace;
  const backend = METRICS_BACKENDS[config.metrics.backend].facts(ns, config.metrics, fleet?.role === "spoke");
  const logStore = LOG_STORES[config.logs.backend].services(ns, config.logs);
  const apps = {
    metrics: backend.app,
    // The prometheus-operator's CRDs (metrics.backend: prometheus, or scrape.serviceMonitors).
    operatorCrds: "prometheus-operator-crds",
    grafana: "grafana",
    logs: LOG_STORES[config.logs.backend].app,
    // logs.cluster.previousSingle: the former VictoriaLogs single node, read by vlselect.
    logsPrevious: "victoria-logs-previous",
    logAgent: LOG_AGENTS[config.logs.agent].app,
    // Folders of vigil's own custom resources and dashboards.
    proxmox: "pve-exporter",
    traces: "tempo",
    // The collector in front of Tempo (components/trace-collector.ts).
    traceCollector: "trace-collector",
    events: "events",
    // Flux's notification Provider and Alert (components/flux-notifications.ts), in Flux's namespace.
    fluxNotifications: "flux-notifications",
    backup: "backup",
    secrets: "secrets",
    access: "access",
    networkPolicies: "network-policies",
    storageClasses: "storage-classes",
    scrapes: "scrapes",
    rules: "alert-rules",
    dashboards: "dashboards",
    // The fleet hub's ingest (components/fleet-ingest.ts).
    fleet: "fleet-ingest",
  };
  // The k8s-stack's fullname; the operator names its objects <kind>-<fullname>.
  const names = { vm: VM_NAME, operator: VM_OPERATOR, nodeExporter: "node-exporter", vector: "vector" };
  const profile = PROFILE_RESOURCES[config.resources.profile];
  const resources = (id: ContainerId): Resources => {
    const base = profile[id];
    const o = config.resources.overrides[id];
    return {
      requests: { ...base.requests, ...o?.requests },
      limits: { ...base.limits, ...o?.limits },
    } as Resources;
  };
  const services: Stack["services"] = {
    query: backend.roles.query,
    write: backend.roles.write,
    scraper: backend.roles.scraper,
    ruler: backend.roles.ruler,
    alertmanager: backend.roles.alertmanager,
    ...(backend.pods.vmauth ? { vmauth: svc(ns, `vmauth-${names.vm}`, 8427, "vmauth") } : {}),
    // The Grafana chart names itself after its release, the app folder "grafana".
    grafana: svc(ns, apps.grafana, 80, "grafana", 3000),
    ...logStore,
    // The tempo chart names its Service after the release (the app folder); 3200 is its HTTP port.
    tempo: svc(ns, apps.traces, 3200, "tempo"),
    // The alloy chart names its Service after fullnameOverride, the app folder.
    traceCollector: svc(ns, apps.traceCollector, 4317, "traceCollector"),
  };
  const storage: Stack["storage"] = {
    metrics: resolveVolume(config, "metrics"),
    logs: resolveVolume(config, "logs"),
    grafana: resolveVolume(config, "grafana"),
    alertmanager: resolveVolume(config, "alertmanager"),
    traces: resolveVolume(config, "traces"),
  };
  return {
    config,
    namespace: ns,
    cluster: config.cluster,
    platform: PLATFORMS[config.cluster.distribution],
    clusterLabel: "cluster",
    enabled: config.components,
    exporters: Object.fromEntries(EXPORTERS.map((e) => [e, config.exporters[e] ?? formerGroup(config, e) ?? false])) as Record<ExporterName, boolean>,
    retention: config.retention,
    scrapeInterval: config.scrape.interval,
    storage,
    volumeStats: Object.values(storage).some((v) => v.volumeStats && v.storageClass !== DEFAULT_STORAGE_CLASS),
    localVolumes: Object.values(storage).some((v) => v.backend === "local"),
    apps,
    names,
    pods: { ...podLabels(apps), ...backend.pods } as Stack["pods"],
    services,
    metricsApi: { query: backend.roles.queryUrl, write: backend.roles.writeUrl },
    ...(config.metrics.mode === "cluster" ? { metricsCluster: metricsClusterSettings(config.metrics.cluster) } : {}),
    ...(config.logs.mode === "cluster" ? { logsCluster: logsClusterSettings(config.logs.cluster) } : {}),
    remoteWriteUrl: `${fleet?.role === "spoke" ? fleet.ingestUrl : backend.roles.writeUrl}/api/v1/write`,
    ...(fleet ? { fleet } : {}),
    grafanaPlugins: config.components.logs ? LOG_STORES[config.logs.backend].grafanaPlugins : [],
    namespaceLabels: PLATFORMS[config.cluster.distribution].namespaceLabels,
    crAnnotations: target.crAnnotations,
    operatorSecurity: { useStrictSecurity: true },
    resources,
    image: (ref: string) => {
      const tagged = imageAsConfigured(ref, config.versions.images);
      return formatImage(placeImage(ownImageId(tagged), parseImage(tagged), config.images));
    },
    serviceAt(url) {
      return Object.values(services).find((s) => url === s.url || url.startsWith(`${s.url}/`));
    },
  };
}

export { CHARTS, CONTAINERS };
