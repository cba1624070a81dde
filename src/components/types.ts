// The shape every component shares. A component reads the resolved Stack and adds parts
// (src/model/parts.ts); it writes no files.
import type { Service, Stack, VolumeName, PodKey } from "../model/stack.js";

/** Roles of the metrics backend's pods (src/backends/types.ts). */
export type MetricsRole = "scraper" | "query" | "write" | "ruler";
import type { ChartRef } from "../model/versions.js";
import type { ContainerId, Resources } from "../model/resources.js";
import type { Dashboard, Flow, GrafanaDatasource, KubeObject, NodeFile, Parts, RequiredSecret, RuleGroup, ScrapeJob, Values } from "../model/parts.js";

export type * from "../model/parts.js";

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
  /** Records `count` claims of the volume (one per replica of a StatefulSet) for `vigil plan`. */
  volume(volume: VolumeName, count?: number): Stack["storage"][VolumeName];
  datasource(ds: GrafanaDatasource): void;
  scrape(job: Omit<ScrapeJob, "component">): void;
  /** Records a job that is not generated, with the reason the user sees. */
  skip(job: string, reason: string): void;
  nodeFile(file: NodeFile): void;
  /** Declares a Secret the component reads; declarations of one name merge their keys. */
  secret(secret: RequiredSecret): void;
  /**
   * Declares a connection the stack needs: to a Service of the stack, or to a pod's port. `from`
   * may name a role of the metrics backend (scraper, query, write, ruler): the pods that play it.
   */
  allow(from: Flow["from"] | MetricsRole, to: Service | { pods: PodKey; port: number }, why: string): void;
  /** `app` starts only once `after` runs (both app folders), for the reason given; a no-op when they are one app. */
  after(app: string, after: string, why: string): void;
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
