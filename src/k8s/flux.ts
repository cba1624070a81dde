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
