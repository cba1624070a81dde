// The shape every component shares. A component reads the resolved Stack and adds parts;
// it writes no files. Later issues plug scrape targets, rule groups and dashboards into the
// same parts, and the GitOps target lays everything out.
import type { PodKey, Service, Stack, VolumeName } from "../model/stack.js";
import type { ChartRef } from "../model/versions.js";
import type { ContainerId, Resources } from "../model/resources.js";
import type { Diagnostic } from "../config/diagnostics.js";

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

/** A scrape job: the operator object that makes vmagent scrape it, and what it delivers. */
export interface ScrapeJob {
  /** The `job` label its series carry; rules and dashboards select on it. */
  job: string;
  component: string;
  /**
   * A VMServiceScrape, VMNodeScrape or VMStaticScrape; absent when the series come with another
   * job's endpoint (K3s: one endpoint per node carries every control-plane component).
   */
  object?: KubeObject;
  /** Metric names the job delivers after vigil's relabel rules: the metric catalog. */
  metrics: readonly string[];
  /** Where the series come from, for `vigil plan --targets`. */
  target: { where: string; port: number; path: string; scheme: "http" | "https" };
  /** Order of magnitude of series per target, measured on real scrapes after vigil's drops. */
  seriesPerTarget: number;
  /** How many targets: one per node, per control-plane node, or one for the cluster. */
  per: "node" | "control-plane node" | "cluster";
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
  dir?: "node-config" | "restore";
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
}

/**
 * A connection the stack needs inside its namespace, allowed by a NetworkPolicy. `from` is one of
 * the stack's pods, the ingress controller (the exposed UIs), or anywhere (the Kubernetes API
 * server calling the operator's webhook: it is not a pod, and its address differs per cluster).
 */
export interface Flow {
  from: PodKey | "ingress" | "anywhere";
  to: PodKey;
  /** The container port (NetworkPolicies see pod ports, not Service ports). */
  port: number;
  why: string;
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
  ruleGroups: RuleGroup[];
  dashboards: Dashboard[];
  diagnostics: Diagnostic[];
  /** Notes for the user after a build (e.g. steps to take on the nodes). */
  notes: string[];
}

export interface RenderContext {
  readonly stack: Stack;
  /** Declares a chart release; its values may be extended by other components. */
  release(app: string, chart: ChartRef, values: Values): void;
  /** Deep-merges values into the release of `app` (e.g. Grafana's settings into the k8s-stack). */
  values(app: string, values: Values): void;
  /** Adds a plain Kubernetes object to the folder of `app`. */
  object(app: string, object: KubeObject): void;
  /** Returns the requests and limits of a container and records them for `vigil plan`. */
  resources(id: ContainerId, where: { workload: string; perNode?: boolean; replicas?: number }): Resources;
  /** Records a persistent volume for `vigil plan`. */
  volume(volume: VolumeName): Stack["storage"][VolumeName];
  datasource(ds: GrafanaDatasource): void;
  scrape(job: Omit<ScrapeJob, "component">): void;
  /** Records a job that is not generated, with the reason the user sees. */
  skip(job: string, reason: string): void;
  nodeFile(file: NodeFile): void;
  /** Declares a Secret the component reads; declarations of one name merge their keys. */
  secret(secret: RequiredSecret): void;
  /** Declares a connection the stack needs: to a Service of the stack, or to a pod's port. */
  allow(from: Flow["from"], to: Service | { pods: PodKey; port: number }, why: string): void;
  ruleGroup(group: Omit<RuleGroup, "component">): void;
  dashboard(dashboard: Omit<Dashboard, "component">): void;
  warn(path: string, message: string): void;
  error(path: string, message: string): void;
  note(text: string): void;
}

export interface Component {
  name: string;
  /** One line for docs and `vigil plan`. */
  description: string;
  enabledWhen(stack: Stack): boolean;
  /** Contributes parts. Pure: reads the stack, writes nothing. */
  render(ctx: RenderContext): void;
  /** Runs after every component rendered, to consume what others contributed (e.g. datasources). */
  assemble?(ctx: RenderContext, parts: Readonly<Parts>): void;
}

export const defineComponent = (c: Component): Component => c;
