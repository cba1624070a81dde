// The parts every component produces, in no backend's or GitOps tool's vocabulary: a scrape job
// says what to scrape and how (each metrics backend turns it into its own objects), a rule group
// is PromQL, a flow names the pods that talk. The components write them; the metrics backend
// (src/backends/), the GitOps target (src/targets/) and the checks read them.
import type { PodKey, VolumeName } from "./stack.js";
import type { ChartRef } from "./versions.js";
import type { ContainerId, Resources } from "./resources.js";
import type { Diagnostic } from "../config/diagnostics.js";
import type { Scrape } from "../scrape/scrape.js";

export type Values = { [key: string]: unknown };

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** A Helm chart deployed as one GitOps app. */
export interface HelmRelease {
  app: string;
  chart: ChartRef;
  values: Values;
}

/** One container as `vigil plan` shows it. */
export interface ContainerPlan {
  id: ContainerId;
  component: string;
  workload: string;
  /** DaemonSet containers run once per node. */
  perNode: boolean;
  replicas: number;
  resources: Resources;
}

export interface VolumePlan {
  volume: VolumeName;
  component: string;
  size: string;
  storageClass: string;
  /** Whether the kubelet reports its space (kubelet_volume_stats_*): not for local-path. */
  volumeStats: boolean;
  /** How many claims of this size (one per vmstorage node of a VMCluster). */
  count: number;
}

export interface GrafanaDatasource {
  name: string;
  uid: string;
  type: string;
  url: string;
  access: "proxy";
  isDefault?: boolean;
  jsonData?: Record<string, unknown>;
}

/** A scrape job: what is scraped and how, and what it delivers. The metrics backend makes its objects. */
export interface ScrapeJob {
  /** The `job` label its series carry; rules and dashboards select on it. */
  job: string;
  component: string;
  /**
   * How its targets are discovered and scraped; absent when the series come with another job's
   * endpoint (K3s: one endpoint per node carries every control-plane component).
   */
  scrape?: Scrape;
  /** The stack's own pods it scrapes, when it scrapes a part of the stack (NetworkPolicies allow the scraper in). */
  pods?: PodKey;
  /** Metric names the job delivers after vigil's relabel rules: the metric catalog. */
  metrics: readonly string[];
  /** Where the series come from, for `vigil plan --targets`. */
  target: { where: string; port: number; path: string; scheme: "http" | "https" };
  /** Order of magnitude of series per target, measured on real scrapes after vigil's drops. */
  seriesPerTarget: number;
  /** How many targets: one per node, per control-plane node, or one for the cluster. */
  per: "node" | "control-plane node" | "cluster";
  /** Its keep list (scrape/keep.ts): names kept of its catalog's, and series per target before it. */
  keep?: { names: number; of: number; seriesBefore: number; measured: boolean };
}

/** A scrape job vigil does not generate, and why (shown by `vigil plan --targets`). */
export interface SkippedJob {
  job: string;
  reason: string;
}

/**
 * A file applied by hand, written beside the tree and never synced by the GitOps tool: node
 * configuration (K3s config, Talos patch) in node-config/, or the metrics restore Job in restore/.
 */
export interface NodeFile {
  /** Folder beside the tree; default node-config. */
  dir?: "node-config" | "restore" | "migrate";
  name: string;
  /** The Kubernetes object the file holds, if it is one: checked like every object of the tree. */
  object?: KubeObject;
  content: string;
  /** How to apply it, for the build summary and the README. */
  apply: string;
}

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  component: string;
  interval?: string;
  /** LogsQL rules, evaluated by the VMAlert of the logs (not PromQL). */
  type?: "vlogs";
  rules: Rule[];
}

export interface Dashboard {
  uid: string;
  title: string;
  /** Grafana folder the sidecar puts it in. */
  folder: string;
  component: string;
  /** The dashboard model, as Grafana's JSON. */
  json: Record<string, unknown>;
  /** The user's own: metrics outside vigil's catalog are warnings, not errors. */
  fromUser?: string;
}

/** A Secret the stack reads and vigil never writes: the user creates it, or an ExternalSecret does. */
export interface RequiredSecret {
  name: string;
  keys: string[];
  /** Who reads it, for `vigil plan` and the tree's README. */
  purpose: string;
  /**
   * A TLS certificate (type kubernetes.io/tls, keys tls.crt and tls.key), usually issued by
   * cert-manager: `vigil secrets` creates it from files, and no ExternalSecret is made for it.
   */
  tls?: boolean;
  /** Keys whose value vigil knows and that are no secret (a spoke's user name): filled in, never asked for. */
  known?: Record<string, string>;
}

/**
 * A connection the stack needs inside its namespace, allowed by a NetworkPolicy. `from` is one of
 * the stack's pods, the ingress controller (the exposed UIs), or anywhere (the Kubernetes API
 * server calling the operator's webhook: it is not a pod, and its address differs per cluster).
 */
export interface Flow {
  /** A pod of the stack, the ingress controller, anywhere, the fleet's link (fleet.ingest.allowFrom), or Flux's notification-controller. */
  from: PodKey | "ingress" | "anywhere" | "fleet" | "fluxNotifications";
  to: PodKey;
  /** The container port (NetworkPolicies see pod ports, not Service ports). */
  port: number;
  why: string;
}

/**
 * One app that must be running before another starts: the GitOps target orders the folders by it
 * (Flux dependsOn, Argo CD's RollingSync steps), beside the waits for CRDs (targets/order.ts).
 */
export interface AppOrder {
  app: string;
  after: string;
  why: string;
}

/** One image the stack runs, for `vigil plan` (model/place-images.ts). */
export interface PlannedImage {
  /** Its name in images.overrides. */
  id: string;
  /** Where it is pulled from. */
  image: string;
  /** The app folder that runs it (and the custom resource whose pods do). */
  where: string;
}

/** Everything the components contribute; the GitOps target and the checks read it. */
export interface Parts {
  releases: HelmRelease[];
  objects: { app: string; object: KubeObject }[];
  containers: ContainerPlan[];
  volumes: VolumePlan[];
  datasources: GrafanaDatasource[];
  scrapes: ScrapeJob[];
  skipped: SkippedJob[];
  nodeFiles: NodeFile[];
  secrets: RequiredSecret[];
  flows: Flow[];
  /** Apps that wait for others they send to (log shipping, remote write, alert notifications). */
  order: AppOrder[];
  ruleGroups: RuleGroup[];
  dashboards: Dashboard[];
  diagnostics: Diagnostic[];
  /** Notes for the user after a build (e.g. steps to take on the nodes). */
  notes: string[];
  /** Every image, where config `images` puts it (filled by the pipeline after the components). */
  images: PlannedImage[];
}

