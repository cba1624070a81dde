// A scrape in no backend's vocabulary: how the targets are found (a Service's endpoints, pods,
// every node, fixed addresses) and how each is scraped (port, path, scheme, TLS, relabel rules).
// The metrics backend turns it into its own objects (src/backends/*/scrapes.ts). The relabel
// rules use Prometheus's service-discovery labels (__meta_kubernetes_*), which both backends share.
import type { RelabelRule } from "./relabel.js";

/** A label selector's expression (Kubernetes LabelSelectorRequirement). */
export interface SelectorExpression {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

export interface Endpoint {
  port: number;
  path: string;
  scheme: "http" | "https";
  /**
   * HTTPS targets whose serving certificate no CA of the cluster signs (kubelet, and the
   * controller-manager and scheduler on K3s and Talos generate their own): skip verification,
   * authenticate with the scraper's ServiceAccount token.
   */
  insecureTLS?: boolean;
  metricRelabel?: RelabelRule[];
  /** Labels added to every series (e.g. metrics_path). */
  targetLabels?: Record<string, string>;
  /** Target relabel rules after vigil's own (job, labels). */
  targetRelabel?: RelabelRule[];
  /** false: use scrape time instead of the target's timestamps (cAdvisor). */
  honorTimestamps?: boolean;
  /** The target's own labels win over the scraper's (kube-state-metrics describes other objects). */
  honorLabels?: boolean;
  /** URL parameters (an exporter that probes other hosts: /pve?target=...). */
  params?: Record<string, string[]>;
  /** Scrape interval when not the stack's (scrape.interval). */
  interval?: string;
}

/** How the targets are discovered. */
export type Discovery =
  | { by: "service"; namespace: string; selector: Record<string, string>; selectorExpressions?: SelectorExpression[]; portName: string }
  | { by: "pod"; namespace: string; selector: Record<string, string>; portName: string }
  | { by: "node"; controlPlaneOnly?: boolean }
  | { by: "static"; addresses: string[] };

export interface Scrape {
  /** Name of the backend's object(s). */
  name: string;
  discover: Discovery;
  /** One endpoint, or (Services and pods) several of one port, e.g. one per probed host. */
  endpoints: Endpoint[];
}

type Selected = { namespace: string; selector: Record<string, string>; portName: string };

/** Scrapes every node (or the control-plane nodes) at the node's address; series get a `node` label. */
export function nodeScrape(name: string, endpoint: Endpoint & { controlPlaneOnly?: boolean }): Scrape {
  const { controlPlaneOnly, ...e } = endpoint;
  return {
    name,
    discover: { by: "node", ...(controlPlaneOnly ? { controlPlaneOnly } : {}) },
    endpoints: [{ ...e, targetRelabel: [{ action: "replace", sourceLabels: ["__meta_kubernetes_node_name"], targetLabel: "node" }, ...(e.targetRelabel ?? [])] }],
  };
}

/** Scrapes the endpoints of Services matching `selector` in `namespace`, on the named port. */
export function serviceScrape(name: string, endpoint: Endpoint & Selected & { selectorExpressions?: SelectorExpression[] }, more: Endpoint[] = []): Scrape {
  const { namespace, selector, selectorExpressions, portName, ...e } = endpoint;
  return { name, discover: { by: "service", namespace, selector, ...(selectorExpressions?.length ? { selectorExpressions } : {}), portName }, endpoints: [e, ...more] };
}

/** Scrapes pods matching `selector` in `namespace` on a named container port (DaemonSets without a Service). */
export function podScrape(name: string, endpoint: Endpoint & Selected): Scrape {
  const { namespace, selector, portName, ...e } = endpoint;
  return { name, discover: { by: "pod", namespace, selector, portName }, endpoints: [e] };
}

/** Scrapes fixed addresses (control-plane nodes given in the config). */
export function staticScrape(name: string, endpoint: Endpoint & { addresses: string[] }): Scrape {
  const { addresses, ...e } = endpoint;
  return { name, discover: { by: "static", addresses }, endpoints: [e] };
}
