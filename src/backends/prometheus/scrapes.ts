// The prometheus-operator's scrape objects of vigil's neutral scrapes: ServiceMonitor, PodMonitor,
// and ScrapeConfig (monitoring.coreos.com/v1alpha1) for nodes and fixed addresses.
//
// How the operator turns them into Prometheus's config (pkg/prometheus/promcfg.go, v0.93.0):
// the `job` label defaults to the Service name (ServiceMonitor), <ns>/<name> (PodMonitor) or
// scrapeConfig/<ns>/<name> (ScrapeConfig), and the object's own relabelings come last, so vigil's
// `job` rule decides it, as with vmagent. A ScrapeConfig cannot name files (no bearerTokenFile, no
// caFile: only Secrets); the Prometheus CR's scrape class SERVICE_ACCOUNT_CLASS adds the pod's
// ServiceAccount token and CA to every scrape that selects it (prometheus_types.go ScrapeClass).
import type { KubeObject } from "../../model/parts.js";
import type { Stack } from "../../model/stack.js";
import type { Endpoint, Scrape } from "../../scrape/scrape.js";
import type { RelabelRule } from "../../scrape/relabel.js";

export const PROMETHEUS_OPERATOR_GROUP = "monitoring.coreos.com";
const V1 = `${PROMETHEUS_OPERATOR_GROUP}/v1`;
const V1ALPHA1 = `${PROMETHEUS_OPERATOR_GROUP}/v1alpha1`;
const SA = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The scrape class of HTTPS targets that authenticate Prometheus by its ServiceAccount. */
export const SERVICE_ACCOUNT_CLASS = { name: "service-account", tlsConfig: { caFile: `${SA}/ca.crt` }, authorization: { credentialsFile: `${SA}/token` } };

const meta = (stack: Stack, name: string) => ({ name, namespace: stack.namespace, labels: { "app.kubernetes.io/managed-by": "vigil" } });

function relabelings(job: string, e: Endpoint, before: RelabelRule[] = []): RelabelRule[] {
  return [
    ...before,
    { action: "replace", targetLabel: "job", replacement: job },
    ...Object.entries(e.targetLabels ?? {}).map(([k, v]) => ({ action: "replace" as const, targetLabel: k, replacement: v })),
    ...(e.targetRelabel ?? []),
  ];
}

/** TLS of an HTTPS endpoint: the class brings token and CA; a self-signed target skips verification. */
const https = (e: Endpoint) => (e.scheme === "https" ? { ...(e.insecureTLS ? { tlsConfig: { insecureSkipVerify: true } } : {}) } : {});
/** The class is the object's: all its endpoints HTTPS, or none (the token must not go out over HTTP). */
function usesClass(name: string, endpoints: readonly Endpoint[]): boolean {
  const https = endpoints.filter((e) => e.scheme === "https").length;
  if (https && https < endpoints.length) throw new Error(`scrape ${name}: HTTP and HTTPS endpoints in one object would send the ServiceAccount token over HTTP`);
  return https > 0;
}

/**
 * The fields of an endpoint: a ServiceMonitor's or PodMonitor's names them path and interval, a
 * ScrapeConfig metricsPath and scrapeInterval; the rest is the same.
 */
function endpointFields(stack: Stack, job: string, e: Endpoint, names: { path: string; interval: string }, before: RelabelRule[] = []) {
  return {
    [names.path]: e.path,
    ...(e.params ? { params: e.params } : {}),
    scheme: e.scheme,
    [names.interval]: e.interval ?? stack.scrapeInterval,
    ...https(e),
    ...(e.honorLabels ? { honorLabels: true } : {}),
    ...(e.honorTimestamps === false ? { honorTimestamps: false } : {}),
    relabelings: relabelings(job, e, before),
    ...(e.metricRelabel?.length ? { metricRelabelings: e.metricRelabel } : {}),
  };
}

const MONITOR = { path: "path", interval: "interval" };
const monitorEndpoint = (stack: Stack, job: string, port: string, e: Endpoint) => ({ port, ...endpointFields(stack, job, e, MONITOR) });

/** A node's kubelet address is <InternalIP>:10250; other ports replace it. */
const atPort = (port: number): RelabelRule => ({ action: "replace", sourceLabels: ["__address__"], regex: "(.+):\\d+", targetLabel: "__address__", replacement: `$1:${port}` });
const controlPlaneOnly: RelabelRule = { action: "keep", sourceLabels: ["__meta_kubernetes_node_labelpresent_node_role_kubernetes_io_control_plane"], regex: "true" };

/** The operator object that makes Prometheus scrape `scrape` under `job`. */
export function prometheusScrapeObject(stack: Stack, job: string, scrape: Scrape): KubeObject {
  const { discover: d, endpoints } = scrape;
  const metadata = meta(stack, scrape.name);
  const scrapeClass = usesClass(scrape.name, endpoints) ? { scrapeClass: SERVICE_ACCOUNT_CLASS.name } : {};
  switch (d.by) {
    case "service":
      return {
        apiVersion: V1,
        kind: "ServiceMonitor",
        metadata,
        spec: {
          ...scrapeClass,
          selector: { matchLabels: { ...d.selector }, ...(d.selectorExpressions?.length ? { matchExpressions: d.selectorExpressions } : {}) },
          namespaceSelector: { matchNames: [d.namespace] },
          endpoints: endpoints.map((e) => monitorEndpoint(stack, job, d.portName, e)),
        },
      };
    case "pod":
      return {
        apiVersion: V1,
        kind: "PodMonitor",
        metadata,
        spec: {
          ...scrapeClass,
          selector: { matchLabels: { ...d.selector } },
          namespaceSelector: { matchNames: [d.namespace] },
          podMetricsEndpoints: endpoints.map((e) => monitorEndpoint(stack, job, d.portName, e)),
        },
      };
    case "node":
    case "static": {
      if (endpoints.length > 1) throw new Error(`scrape ${scrape.name}: one endpoint per node or static scrape`);
      const e = endpoints[0]!;
      const before = d.by === "node" ? [...(d.controlPlaneOnly ? [controlPlaneOnly] : []), ...(e.port === 10250 ? [] : [atPort(e.port)])] : [];
      return {
        apiVersion: V1ALPHA1,
        kind: "ScrapeConfig",
        metadata,
        spec: {
          ...scrapeClass,
          jobName: job,
          ...(d.by === "node" ? { kubernetesSDConfigs: [{ role: "Node" }] } : { staticConfigs: [{ targets: d.addresses.map((a) => `${a}:${e.port}`) }] }),
          ...endpointFields(stack, job, e, { path: "metricsPath", interval: "scrapeInterval" }, before),
        },
      };
    }
  }
}
