// Builders of the VictoriaMetrics operator's scrape objects, so every component writes them the
// same way: TLS and token of in-cluster HTTPS targets, job label, relabel rules.
import type { KubeObject } from "../components/types.js";
import type { Stack } from "../model/stack.js";
import type { RelabelRule } from "./relabel.js";

const API = "operator.victoriametrics.com/v1beta1";

/** A label selector's expression (Kubernetes LabelSelectorRequirement). */
export interface SelectorExpression {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}
const SA = "/var/run/secrets/kubernetes.io/serviceaccount";

export interface Endpoint {
  port: number;
  path: string;
  scheme: "http" | "https";
  /**
   * HTTPS targets whose serving certificate no CA of the cluster signs (kubelet, and the
   * controller-manager and scheduler on K3s and Talos generate their own): skip verification,
   * authenticate with vmagent's ServiceAccount token.
   */
  insecureTLS?: boolean;
  metricRelabel?: RelabelRule[];
  /** Labels added to every series (e.g. metrics_path). */
  targetLabels?: Record<string, string>;
  /** Target relabel rules after vigil's own (job, labels). */
  targetRelabel?: RelabelRule[];
  /** false: use scrape time instead of the target's timestamps (cAdvisor). */
  honorTimestamps?: boolean;
}

function endpointFields(stack: Stack, job: string, e: Endpoint) {
  const https = e.scheme === "https";
  return {
    path: e.path,
    scheme: e.scheme,
    interval: stack.scrapeInterval,
    ...(https ? { bearerTokenFile: `${SA}/token`, tlsConfig: e.insecureTLS ? { insecureSkipVerify: true } : { caFile: `${SA}/ca.crt` } } : {}),
    ...(e.honorTimestamps === false ? { honorTimestamps: false } : {}),
    relabelConfigs: [
      { action: "replace", targetLabel: "job", replacement: job },
      ...Object.entries(e.targetLabels ?? {}).map(([k, v]) => ({ action: "replace", targetLabel: k, replacement: v })),
      ...(e.targetRelabel ?? []),
    ],
    ...(e.metricRelabel?.length ? { metricRelabelConfigs: e.metricRelabel } : {}),
  };
}

const meta = (stack: Stack, name: string) => ({ name, namespace: stack.namespace, labels: { "app.kubernetes.io/managed-by": "vigil" } });

/** Scrapes every node (or the nodes matching `controlPlaneOnly`) at the node's address; series get a `node` label. */
export function nodeScrape(stack: Stack, name: string, job: string, endpoint: Endpoint & { controlPlaneOnly?: boolean }): KubeObject {
  const e = { ...endpoint, targetRelabel: [{ action: "replace" as const, sourceLabels: ["__meta_kubernetes_node_name"], targetLabel: "node" }, ...(endpoint.targetRelabel ?? [])] };
  return {
    apiVersion: API,
    kind: "VMNodeScrape",
    metadata: meta(stack, name),
    spec: {
      port: String(e.port),
      ...(e.controlPlaneOnly ? { selector: { matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }] } } : {}),
      ...endpointFields(stack, job, e),
    },
  };
}

/** Scrapes the endpoints of Services matching `selector` in `namespace`, on the named port. */
export function serviceScrape(
  stack: Stack,
  name: string,
  job: string,
  e: Endpoint & { namespace: string; selector: Record<string, string>; selectorExpressions?: SelectorExpression[]; portName: string; honorLabels?: boolean },
): KubeObject {
  return {
    apiVersion: API,
    kind: "VMServiceScrape",
    metadata: meta(stack, name),
    spec: {
      selector: { matchLabels: { ...e.selector }, ...(e.selectorExpressions?.length ? { matchExpressions: e.selectorExpressions } : {}) },
      namespaceSelector: { matchNames: [e.namespace] },
      endpoints: [{ port: e.portName, ...(e.honorLabels ? { honorLabels: true } : {}), ...endpointFields(stack, job, e) }],
    },
  };
}

/** Scrapes fixed addresses (control-plane nodes given in the config). */
export function staticScrape(stack: Stack, name: string, job: string, e: Endpoint & { addresses: string[] }): KubeObject {
  const { relabelConfigs, ...fields } = endpointFields(stack, job, e);
  return {
    apiVersion: API,
    kind: "VMStaticScrape",
    metadata: meta(stack, name),
    spec: {
      jobName: job,
      targetEndpoints: [{ targets: e.addresses.map((a) => `${a}:${e.port}`), relabelConfigs, ...fields }],
    },
  };
}

/** Scrapes pods matching `selector` in `namespace` on a named container port (DaemonSets without a Service). */
export function podScrape(stack: Stack, name: string, job: string, e: Endpoint & { namespace: string; selector: Record<string, string>; portName: string }): KubeObject {
  return {
    apiVersion: API,
    kind: "VMPodScrape",
    metadata: meta(stack, name),
    spec: {
      selector: { matchLabels: { ...e.selector } },
      namespaceSelector: { matchNames: [e.namespace] },
      podMetricsEndpoints: [{ port: e.portName, ...endpointFields(stack, job, e) }],
    },
  };
}
