import type { Stack } from "../model/stack.js";
import type { NodeFile } from "../model/parts.js";

export type ControlPlaneComponent = "apiserver" | "controllerManager" | "scheduler" | "kubeProxy" | "etcd";

/** How a control-plane component's metrics are reached on a distribution. */
export type ControlPlaneAccess =
  /** Its own endpoint, scraped on its own. */
  | { mode: "endpoint"; port: number; scheme: "http" | "https"; insecureTLS: boolean; on: "control-plane" | "every-node" | "apiserver-service" }
  /** Its series come with the kubelet endpoint of each node (K3s: one process, one registry). */
  | { mode: "kubelet" }
  /** Not scrapable here; the reason is shown to the user. */
  | { mode: "none"; reason: string };

export interface Platform {
  name: "k3s" | "talos";
  access(stack: Stack, component: ControlPlaneComponent): ControlPlaneAccess;
  /** Files to apply on the nodes so that the enabled endpoints are reachable. */
  nodeFiles(stack: Stack, scraped: ReadonlySet<ControlPlaneComponent>): NodeFile[];
  /** Labels of the monitoring namespace (Talos: PodSecurity privileged for node agents). */
  namespaceLabels: Record<string, string>;
}
