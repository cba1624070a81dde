// The parts of Flux's resources vigil writes (source-controller v1, helm-controller v2,
// kustomize-controller v1); the tests also validate them against Flux's CRDs.
import { z } from "zod";
import { objectMeta } from "./common.js";

const duration = z.string().regex(/^(\d+(ms|s|m|h))+$/, { message: "is not a Go duration like 10m" });

export const helmRepository = z.strictObject({
  apiVersion: z.literal("source.toolkit.fluxcd.io/v1"),
  kind: z.literal("HelmRepository"),
  metadata: objectMeta,
  spec: z.strictObject({ url: z.string().regex(/^https?:\/\/\S+$/), interval: duration }),
});

export const ociRepository = z.strictObject({
  apiVersion: z.literal("source.toolkit.fluxcd.io/v1"),
  kind: z.literal("OCIRepository"),
  metadata: objectMeta,
  spec: z.strictObject({
    url: z.string().regex(/^oci:\/\/\S+$/),
    ref: z.strictObject({ tag: z.string().min(1) }),
    interval: duration,
    layerSelector: z.strictObject({ mediaType: z.string().min(1), operation: z.enum(["extract", "copy"]) }),
  }),
});

const crdPolicy = z.enum(["Skip", "Create", "CreateReplace"]);
const remediation = z.strictObject({ retries: z.number().int().min(0) });

export const helmRelease = z.strictObject({
  apiVersion: z.literal("helm.toolkit.fluxcd.io/v2"),
  kind: z.literal("HelmRelease"),
  metadata: objectMeta,
  spec: z
    .strictObject({
      releaseName: z.string().min(1).max(53),
      interval: duration,
      chart: z.strictObject({ spec: z.strictObject({ chart: z.string().min(1), version: z.string().min(1), sourceRef: z.strictObject({ kind: z.literal("HelmRepository"), name: z.string().min(1) }) }) }).optional(),
      chartRef: z.strictObject({ kind: z.literal("OCIRepository"), name: z.string().min(1) }).optional(),
      install: z.strictObject({ crds: crdPolicy, remediation }),
      upgrade: z.strictObject({ crds: crdPolicy, remediation }),
      values: z.record(z.string(), z.unknown()),
    })
    .refine((s) => (s.chart === undefined) !== (s.chartRef === undefined), { message: "needs exactly one of chart and chartRef" }),
});

export const kustomization = z.strictObject({
  apiVersion: z.literal("kustomize.toolkit.fluxcd.io/v1"),
  kind: z.literal("Kustomization"),
  metadata: objectMeta,
  spec: z.strictObject({
    interval: duration,
    path: z.string().startsWith("./"),
    prune: z.boolean(),
    sourceRef: z.strictObject({ kind: z.literal("GitRepository"), name: z.string().min(1) }),
    wait: z.boolean().optional(),
    timeout: duration.optional(),
    dependsOn: z.array(z.strictObject({ name: z.string().min(1) })).optional(),
    decryption: z.strictObject({ provider: z.literal("sops"), secretRef: z.strictObject({ name: z.string().min(1) }) }).optional(),
    postBuild: z
      .strictObject({ substituteFrom: z.array(z.strictObject({ kind: z.enum(["ConfigMap", "Secret"]), name: z.string().min(1), optional: z.boolean().optional() })).min(1) })
      .optional(),
  }),
});

/** notification-controller v1beta3: where events go (components/flux-notifications.ts). */
export const fluxProvider = z.strictObject({
  apiVersion: z.literal("notification.toolkit.fluxcd.io/v1beta3"),
  kind: z.literal("Provider"),
  metadata: objectMeta,
  spec: z.strictObject({ type: z.literal("alertmanager"), address: z.string().regex(/^https?:\/\/\S+\/api\/v2\/alerts\/?$/, { message: "is not Alertmanager's API v2 alerts URL" }) }),
});

const EVENT_SOURCE_KINDS = ["Bucket", "GitRepository", "Kustomization", "HelmRelease", "HelmChart", "HelmRepository", "ImageRepository", "ImagePolicy", "ImageUpdateAutomation", "OCIRepository"] as const;

/** notification-controller v1beta3: which events go to a Provider. */
export const fluxAlert = z.strictObject({
  apiVersion: z.literal("notification.toolkit.fluxcd.io/v1beta3"),
  kind: z.literal("Alert"),
  metadata: objectMeta,
  spec: z.strictObject({
    providerRef: z.strictObject({ name: z.string().min(1) }),
    eventSeverity: z.enum(["info", "error"]),
    eventSources: z.array(z.strictObject({ kind: z.enum(EVENT_SOURCE_KINDS), name: z.string().min(1), namespace: z.string().min(1).optional() })).min(1),
    eventMetadata: z.record(z.string(), z.string()).optional(),
    summary: z.string().max(255).optional(),
  }),
});
