// Strict schemas of the prometheus-operator resources and specs vigil emits, written from the
// operator's API reference (prometheus-operator.dev/docs/api-reference/api) for v0.93. Only the
// fields vigil sets are allowed; the tests also validate every emitted resource against the
// upstream CRDs (../shared/reference/crds/prometheus-operator).
import { z } from "zod";
import { objectMeta, pvcSpec, resourceRequirements, stringMap } from "./common.js";

const API = "monitoring.coreos.com";
const duration = z.string().regex(/^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/, { message: "is not a duration like 30s or 5m" });
const byteSize = z.string().regex(/^(0|([0-9]*[.])?[0-9]+((K|M|G|T|E|P)i?)?B)$/, { message: 'is not a size like "8GiB"' });

/** RelabelConfig: lower-case actions, as Prometheus writes them (the CRD accepts both cases). */
const relabelConfig = z.strictObject({
  action: z.enum(["replace", "keep", "drop", "hashmod", "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase", "keepequal", "dropequal"]).optional(),
  sourceLabels: z.array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)).optional(),
  separator: z.string().optional(),
  targetLabel: z.string().optional(),
  regex: z.string().optional(),
  replacement: z.string().optional(),
  modulus: z.number().int().optional(),
});

const labelSelector = z.strictObject({
  matchLabels: stringMap.optional(),
  matchExpressions: z.array(z.strictObject({ key: z.string(), operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]), values: z.array(z.string()).optional() })).optional(),
});

const endpointFields = {
  path: z.string().startsWith("/").optional(),
  scheme: z.enum(["http", "https", "HTTP", "HTTPS"]).optional(),
  params: z.record(z.string(), z.array(z.string())).optional(),
  interval: duration.optional(),
  honorLabels: z.boolean().optional(),
  honorTimestamps: z.boolean().optional(),
  tlsConfig: z.strictObject({ insecureSkipVerify: z.boolean().optional() }).optional(),
  relabelings: z.array(relabelConfig).optional(),
  metricRelabelings: z.array(relabelConfig).optional(),
};

const monitorSpec = {
  scrapeClass: z.string().optional(),
  selector: labelSelector,
  namespaceSelector: z.strictObject({ matchNames: z.array(z.string()).optional(), any: z.boolean().optional() }).optional(),
};

export const serviceMonitor = z.strictObject({
  apiVersion: z.literal(`${API}/v1`),
  kind: z.literal("ServiceMonitor"),
  metadata: objectMeta,
  spec: z.strictObject({ ...monitorSpec, endpoints: z.array(z.strictObject({ port: z.string(), ...endpointFields })).min(1) }),
});

export const podMonitor = z.strictObject({
  apiVersion: z.literal(`${API}/v1`),
  kind: z.literal("PodMonitor"),
  metadata: objectMeta,
  spec: z.strictObject({ ...monitorSpec, podMetricsEndpoints: z.array(z.strictObject({ port: z.string(), ...endpointFields })).min(1) }),
});

export const scrapeConfig = z.strictObject({
  apiVersion: z.literal(`${API}/v1alpha1`),
  kind: z.literal("ScrapeConfig"),
  metadata: objectMeta,
  spec: z
    .strictObject({
      scrapeClass: z.string().optional(),
      jobName: z.string().min(1),
      kubernetesSDConfigs: z.array(z.strictObject({ role: z.enum(["Node", "Pod", "Service", "Endpoints", "EndpointSlice", "Ingress"]) })).optional(),
      staticConfigs: z.array(z.strictObject({ targets: z.array(z.string().regex(/^[^/\s]+:\d+$/, { message: "is not host:port" })).min(1), labels: stringMap.optional() })).optional(),
      metricsPath: z.string().startsWith("/").optional(),
      params: z.record(z.string(), z.array(z.string())).optional(),
      scheme: z.enum(["http", "https", "HTTP", "HTTPS"]).optional(),
      scrapeInterval: duration.optional(),
      tlsConfig: z.strictObject({ insecureSkipVerify: z.boolean().optional() }).optional(),
      honorLabels: z.boolean().optional(),
      honorTimestamps: z.boolean().optional(),
      relabelings: z.array(relabelConfig).optional(),
      metricRelabelings: z.array(relabelConfig).optional(),
    })
    .refine((s) => (s.kubernetesSDConfigs?.length ?? 0) + (s.staticConfigs?.length ?? 0) > 0, { message: "discovers no target: needs kubernetesSDConfigs or staticConfigs" }),
});

const rule = z.union([
  z.strictObject({ alert: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), expr: z.string().min(1), for: duration.optional(), labels: stringMap.optional(), annotations: stringMap.optional() }),
  z.strictObject({ record: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/), expr: z.string().min(1), labels: stringMap.optional() }),
]);

export const prometheusRule = z.strictObject({
  apiVersion: z.literal(`${API}/v1`),
  kind: z.literal("PrometheusRule"),
  metadata: objectMeta,
  spec: z.strictObject({ groups: z.array(z.strictObject({ name: z.string().min(1), interval: duration.optional(), rules: z.array(rule).min(1) })).min(1) }),
});

const scrapeClass = z.strictObject({
  name: z.string().min(1),
  default: z.boolean().optional(),
  tlsConfig: z.strictObject({ caFile: z.string() }).optional(),
  authorization: z.strictObject({ credentialsFile: z.string() }).optional(),
  relabelings: z.array(relabelConfig).optional(),
});

const secretKey = z.strictObject({ name: z.string().min(1), key: z.string().min(1) });

/** kube-prometheus-stack's image values of a resource (the chart joins them into spec.image): images. */
const chartImage = z.strictObject({ registry: z.string().min(1).optional(), repository: z.string().min(1).optional(), tag: z.string().min(1).optional() });

/** What the Prometheus and PrometheusAgent specs share (the operator's CommonPrometheusFields), as the chart passes it. */
const commonPrometheusSpec = {
  image: chartImage.optional(),
  serviceMonitorSelectorNilUsesHelmValues: z.boolean(),
  podMonitorSelectorNilUsesHelmValues: z.boolean(),
  probeSelectorNilUsesHelmValues: z.boolean(),
  scrapeConfigSelectorNilUsesHelmValues: z.boolean(),
  scrapeInterval: duration,
  externalLabels: stringMap.optional(),
  prometheusExternalLabelNameClear: z.boolean().optional(),
  replicaExternalLabelNameClear: z.boolean().optional(),
  scrapeClasses: z.array(scrapeClass).optional(),
  resources: resourceRequirements,
  storageSpec: z.strictObject({ volumeClaimTemplate: z.strictObject({ spec: pvcSpec }) }).optional(),
};

/** The PrometheusAgent CR's spec (v1alpha1; prometheus.agentMode): a fleet spoke's collector, remote-writing only. */
export const prometheusAgentSpec = z.strictObject({
  ...commonPrometheusSpec,
  remoteWrite: z
    .array(z.strictObject({ url: z.string().url(), name: z.string().regex(/^[a-z0-9-]+$/).optional(), basicAuth: z.strictObject({ username: secretKey, password: secretKey }).optional() }))
    .min(1),
});

/** The Prometheus CR's spec, as kube-prometheus-stack's prometheus.prometheusSpec passes it through. */
export const prometheusSpec = z.strictObject({
  ...commonPrometheusSpec,
  ruleSelectorNilUsesHelmValues: z.boolean(),
  evaluationInterval: duration,
  retention: z.string().regex(/^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/),
  retentionSize: byteSize.optional(),
  enableRemoteWriteReceiver: z.boolean().optional(),
  enableFeatures: z.array(z.string()).optional(),
  tsdb: z.strictObject({ outOfOrderTimeWindow: duration }).optional(),
});

/** The Alertmanager CR's spec, as alertmanager.alertmanagerSpec passes it through. */
export const alertmanagerSpec = z.strictObject({
  image: chartImage.optional(),
  alertmanagerConfigSelector: labelSelector.optional(),
  resources: resourceRequirements,
  secrets: z.array(z.string()).optional(),
  storage: z.strictObject({ volumeClaimTemplate: z.strictObject({ spec: pvcSpec }) }).optional(),
});
