// The VictoriaMetrics operator's scrape objects of vigil's neutral scrapes: VMServiceScrape,
// VMPodScrape, VMNodeScrape, VMStaticScrape. vmagent authenticates HTTPS targets with its
// ServiceAccount token; every endpoint sets the job label itself.
import type { KubeObject } from "../../model/parts.js";
import type { Stack } from "../../model/stack.js";
import type { Endpoint, Scrape } from "../../scrape/scrape.js";

export const VM_API = "operator.victoriametrics.com/v1beta1";
const SA = "/var/run/secrets/kubernetes.io/serviceaccount";

function endpointFields(stack: Stack, job: string, e: Endpoint) {
  const https = e.scheme === "https";
  return {
    path: e.path,
    ...(e.params ? { params: e.params } : {}),
    scheme: e.scheme,
    interval: e.interval ?? stack.scrapeInterval,
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

/** The operator object that makes vmagent scrape `scrape` under `job`. */
export function vmScrapeObject(stack: Stack, job: string, scrape: Scrape): KubeObject {
  const { discover: d, endpoints } = scrape;
  const e = endpoints[0]!;
  if (endpoints.length > 1 && (d.by === "node" || d.by === "static")) throw new Error(`scrape ${scrape.name}: one endpoint per node or static scrape`);
  const metadata = meta(stack, scrape.name);
  switch (d.by) {
    case "node":
      return {
        apiVersion: VM_API,
        kind: "VMNodeScrape",
        metadata,
        spec: {
          port: String(e.port),
          ...(d.controlPlaneOnly ? { selector: { matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }] } } : {}),
          ...endpointFields(stack, job, e),
        },
      };
    case "service":
      return {
        apiVersion: VM_API,
        kind: "VMServiceScrape",
        metadata,
        spec: {
          selector: { matchLabels: { ...d.selector }, ...(d.selectorExpressions?.length ? { matchExpressions: d.selectorExpressions } : {}) },
          namespaceSelector: { matchNames: [d.namespace] },
          endpoints: endpoints.map((e) => ({ port: d.portName, ...(e.honorLabels ? { honorLabels: true } : {}), ...endpointFields(stack, job, e) })),
        },
      };
    case "pod":
      return {
        apiVersion: VM_API,
        kind: "VMPodScrape",
        metadata,
        spec: {
          selector: { matchLabels: { ...d.selector } },
          namespaceSelector: { matchNames: [d.namespace] },
          podMetricsEndpoints: endpoints.map((e) => ({ port: d.portName, ...endpointFields(stack, job, e) })),
        },
      };
    case "static": {
      const { relabelConfigs, ...fields } = endpointFields(stack, job, e);
      return {
        apiVersion: VM_API,
        kind: "VMStaticScrape",
        metadata,
        spec: { jobName: job, targetEndpoints: [{ targets: d.addresses.map((a) => `${a}:${e.port}`), relabelConfigs, ...fields }] },
      };
    }
  }
}
