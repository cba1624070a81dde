// Strict schemas of the VictoriaMetrics operator resources and specs vigil emits, written from the
// operator's API reference (docs.victoriametrics.com/operator/api). Only the fields vigil sets
// are allowed; the tests also validate every emitted resource against the upstream CRDs.
import { z } from "zod";
import { objectMeta, pvcSpec, resourceRequirements, stringMap } from "./common.js";

const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, { message: "is not a duration like 30s or 5m" });

const relabelConfig = z.strictObject({
  action: z.enum(["replace", "keep", "drop", "keep_if_equal", "drop_if_equal", "labelmap", "labeldrop", "labelkeep", "hashmod", "lowercase", "uppercase", "graphite", "replace_all", "labelmap_all", "keep_metrics", "drop_metrics"]).optional(),
  sourceLabels: z.array(z.string()).optional(),
  separator: z.string().optional(),
  targetLabel: z.string().optional(),
  regex: z.string().optional(),
  replacement: z.string().optional(),
  modulus: z.number().int().optional(),
  if: z.string().optional(),
});

const tlsConfig = z.strictObject({
  insecureSkipVerify: z.boolean().optional(),
  caFile: z.string().optional(),
  certFile: z.string().optional(),
  keyFile: z.string().optional(),
  serverName: z.string().optional(),
});

const scrapeEndpointFields = {
  path: z.string().startsWith("/").optional(),
  scheme: z.enum(["http", "https", "HTTP", "HTTPS"]).optional(),
  interval: duration.optional(),
  scrapeTimeout: duration.optional(),
  honorLabels: z.boolean().optional(),
  honorTimestamps: z.boolean().optional(),
  bearerTokenFile: z.string().optional(),
  tlsConfig: tlsConfig.optional(),
  params: z.record(z.string(), z.array(z.string())).optional(),
  relabelConfigs: z.array(relabelConfig).optional(),
  metricRelabelConfigs: z.array(relabelConfig).optional(),
};

const labelSelector = z.strictObject({
  matchLabels: stringMap.optional(),
  matchExpressions: z.array(z.strictObject({ key: z.string(), operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]), values: z.array(z.string()).optional() })).optional(),
});

export const vmServiceScrape = z.strictObject({
  apiVersion: z.literal("operator.victoriametrics.com/v1beta1"),
  kind: z.literal("VMServiceScrape"),
  metadata: objectMeta,
  spec: z.strictObject({
    jobLabel: z.string().optional(),
    selector: labelSelector,
    namespaceSelector: z.strictObject({ matchNames: z.array(z.string()).optional(), any: z.boolean().optional() }).optional(),
    discoveryRole: z.enum(["endpoints", "service", "endpointslices"]).optional(),
    endpoints: z.array(z.strictObject({ port: z.string().optional(), targetPort: z.union([z.string(), z.number().int()]).optional(), ...scrapeEndpointFields })).min(1),
  }),
});

export const vmPodScrape = z.strictObject({
  apiVersion: z.literal("operator.victoriametrics.com/v1beta1"),
  kind: z.literal("VMPodScrape"),
  metadata: objectMeta,
  spec: z.strictObject({
    jobLabel: z.string().optional(),
    selector: labelSelector,
    namespaceSelector: z.strictObject({ matchNames: z.array(z.string()).optional(), any: z.boolean().optional() }).optional(),
    podMetricsEndpoints: z.array(z.strictObject({ port: z.string().optional(), ...scrapeEndpointFields })).min(1),
  }),
});

export const vmNodeScrape = z.strictObject({
  apiVersion: z.literal("operator.victoriametrics.com/v1beta1"),
  kind: z.literal("VMNodeScrape"),
  metadata: objectMeta,
  spec: z.strictObject({ port: z.string().optional(), selector: labelSelector.optional(), jobLabel: z.string().optional(), ...scrapeEndpointFields }),
});

export const vmStaticScrape = z.strictObject({
  apiVersion: z.literal("operator.victoriametrics.com/v1beta1"),
  kind: z.literal("VMStaticScrape"),
  metadata: objectMeta,
  spec: z.strictObject({
    jobName: z.string().optional(),
    targetEndpoints: z.array(z.strictObject({ targets: z.array(z.string()).min(1), labels: stringMap.optional(), ...scrapeEndpointFields })).min(1),
  }),
});

const rule = z.union([
  z.strictObject({ alert: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), expr: z.string().min(1), for: duration.optional(), keep_firing_for: duration.optional(), labels: stringMap.optional(), annotations: stringMap.optional() }),
  z.strictObject({ record: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/), expr: z.string().min(1), labels: stringMap.optional() }),
]);

export const vmRule = z.strictObject({
  apiVersion: z.literal("operator.victoriametrics.com/v1beta1"),
  kind: z.literal("VMRule"),
  metadata: objectMeta,
  spec: z.strictObject({
    groups: z.array(z.strictObject({ name: z.string().min(1), interval: duration.optional(), labels: stringMap.optional(), type: z.enum(["prometheus", "vlogs"]).optional(), rules: z.array(rule).min(1) })).min(1),
  }),
});

/** Where a resource's pods pull from (images: another repository, pull secrets). */
const image = z.strictObject({ repository: z.string().min(1).optional(), tag: z.string().min(1).optional() });
const imagePullSecrets = z.array(z.strictObject({ name: z.string().min(1) })).min(1);
const pulled = { image: image.optional(), imagePullSecrets: imagePullSecrets.optional() };

/** Specs the victoria-metrics-k8s-stack chart passes through to its custom resources. */
export const vmSingleSpec = z.strictObject({
  ...pulled,
  disableSelfServiceScrape: z.boolean().optional(),
  retentionPeriod: z.string(),
  replicaCount: z.number().int().min(0).optional(),
  useStrictSecurity: z.boolean().optional(),
  resources: resourceRequirements.optional(),
  storage: pvcSpec.optional(),
  extraArgs: stringMap.optional(),
});

const HOST_SPREAD = z.strictObject({ maxSkew: z.number().int().min(1), topologyKey: z.string(), whenUnsatisfiable: z.enum(["DoNotSchedule", "ScheduleAnyway"]), labelSelector: labelSelector });
const clusterPart = {
  image: image.optional(),
  replicaCount: z.number().int().min(1),
  resources: resourceRequirements,
  disableSelfServiceScrape: z.boolean().optional(),
  podDisruptionBudget: z.strictObject({ maxUnavailable: z.number().int().min(1) }),
};

/** metrics.mode cluster: the k8s-stack's vmcluster.spec (vmselect.storage.emptyDir replaces the chart's cache claim). */
export const vmClusterSpec = z.strictObject({
  imagePullSecrets: imagePullSecrets.optional(),
  useStrictSecurity: z.boolean().optional(),
  retentionPeriod: z.string(),
  replicationFactor: z.number().int().min(1),
  vmstorage: z.strictObject({
    ...clusterPart,
    storageDataPath: z.string().startsWith("/"),
    storage: z.strictObject({ volumeClaimTemplate: z.strictObject({ spec: pvcSpec }) }),
    affinity: z.strictObject({ podAntiAffinity: z.strictObject({ requiredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ labelSelector, topologyKey: z.string() })).min(1) }) }),
  }),
  vminsert: z.strictObject({ ...clusterPart, topologySpreadConstraints: z.array(HOST_SPREAD).optional() }),
  vmselect: z.strictObject({ ...clusterPart, storage: z.strictObject({ emptyDir: z.strictObject({}) }).optional(), topologySpreadConstraints: z.array(HOST_SPREAD).optional() }),
});

const url = z.string().regex(/^https?:\/\/\S+$/);
const secretKey = z.strictObject({ name: z.string().min(1), key: z.string().min(1) });

export const vmAgentSpec = z.strictObject({
  ...pulled,
  disableSelfServiceScrape: z.boolean().optional(),
  // A fleet spoke: its buffer on a volume, and the hub's ingest as the one remote write.
  statefulMode: z.boolean().optional(),
  statefulStorage: z.strictObject({ volumeClaimTemplate: z.strictObject({ spec: pvcSpec }) }).optional(),
  remoteWrite: z
    .array(
      z.strictObject({
        url,
        basicAuth: z.strictObject({ username: secretKey, password: secretKey }).optional(),
        maxDiskUsage: z.string().regex(/^\d+$/, { message: "is not a size in bytes" }).optional(),
      }),
    )
    .optional(),
  useStrictSecurity: z.boolean().optional(),
  scrapeInterval: duration.optional(),
  externalLabels: stringMap.optional(),
  resources: resourceRequirements.optional(),
  configReloaderResources: resourceRequirements.optional(),
  extraArgs: stringMap.optional(),
});

export const vmAlertSpec = z.strictObject({
  ...pulled,
  disableSelfServiceScrape: z.boolean().optional(),
  useStrictSecurity: z.boolean().optional(),
  ruleSelector: labelSelector.optional(),
  evaluationInterval: duration.optional(),
  resources: resourceRequirements.optional(),
  configReloaderResources: resourceRequirements.optional(),
  extraArgs: stringMap.optional(),
});

export const vmAlertmanagerSpec = z.strictObject({
  ...pulled,
  disableSelfServiceScrape: z.boolean().optional(),
  useStrictSecurity: z.boolean().optional(),
  secrets: z.array(z.string()).optional(),
  resources: resourceRequirements.optional(),
  configReloaderResources: resourceRequirements.optional(),
  storage: z.strictObject({ volumeClaimTemplate: z.strictObject({ spec: pvcSpec }) }).optional(),
});

/** A VMAlert of vigil's own: the one evaluating LogsQL rules against VictoriaLogs. */
export const vmAlert = z.strictObject({
  apiVersion: z.literal("operator.victoriametrics.com/v1beta1"),
  kind: z.literal("VMAlert"),
  metadata: objectMeta,
  spec: z.strictObject({
    imagePullSecrets: imagePullSecrets.optional(),
    disableSelfServiceScrape: z.boolean().optional(),
    datasource: z.strictObject({ url: z.string().regex(/^https?:\/\/\S+$/) }),
    notifiers: z.array(z.strictObject({ url: z.string().regex(/^https?:\/\/\S+$/) })).optional(),
    remoteWrite: z.strictObject({ url: z.string().regex(/^https?:\/\/\S+$/) }).optional(),
    evaluationInterval: duration.optional(),
    ruleSelector: labelSelector.optional(),
    extraArgs: stringMap.optional(),
    useStrictSecurity: z.boolean().optional(),
    resources: resourceRequirements.optional(),
    configReloaderResources: resourceRequirements.optional(),
  }),
});

/** vigil's auth proxy in front of the UIs that have no login of their own. */
export const vmAuth = z.strictObject({
  apiVersion: z.literal("operator.victoriametrics.com/v1beta1"),
  kind: z.literal("VMAuth"),
  metadata: objectMeta,
  spec: z.strictObject({
    imagePullSecrets: imagePullSecrets.optional(),
    disableSelfServiceScrape: z.boolean().optional(),
    userSelector: labelSelector,
    useStrictSecurity: z.boolean().optional(),
    resources: resourceRequirements.optional(),
    configReloaderResources: resourceRequirements.optional(),
  }),
});

/** A login of vmauth, and where each host it serves is proxied to. */
export const vmUser = z.strictObject({
  apiVersion: z.literal("operator.victoriametrics.com/v1beta1"),
  kind: z.literal("VMUser"),
  metadata: objectMeta,
  spec: z.strictObject({
    username: z.string().min(1),
    passwordRef: z.strictObject({ name: z.string().min(1), key: z.string().min(1) }),
    disable_secret_creation: z.boolean().optional(),
    targetRefs: z
      .array(
        z
          .strictObject({
            crd: z.strictObject({ kind: z.enum(["VMSingle", "VMAlert", "VMAlertmanager"]), name: z.string().min(1), namespace: z.string().min(1) }).optional(),
            static: z.strictObject({ url }).optional(),
            hosts: z.array(z.string().min(1)).min(1),
            paths: z.array(z.string()).min(1),
          })
          .refine((t) => (t.crd === undefined) !== (t.static === undefined), { message: "needs exactly one of crd and static" }),
      )
      .min(1),
  }),
});
