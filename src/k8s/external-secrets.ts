// The part of the External Secrets Operator's ExternalSecret (external-secrets.io/v1) vigil writes.
import { z } from "zod";
import { objectMeta } from "./common.js";

export const externalSecret = z.strictObject({
  apiVersion: z.literal("external-secrets.io/v1"),
  kind: z.literal("ExternalSecret"),
  metadata: objectMeta,
  spec: z.strictObject({
    refreshInterval: z.string().regex(/^\d+(s|m|h)$/),
    secretStoreRef: z.strictObject({ name: z.string().min(1), kind: z.enum(["SecretStore", "ClusterSecretStore"]) }),
    target: z.strictObject({
      name: z.string().min(1),
      creationPolicy: z.enum(["Owner", "Orphan", "Merge", "None"]),
      // Keys of fixed values beside the fetched ones (mergePolicy Merge keeps both).
      template: z.strictObject({ mergePolicy: z.enum(["Replace", "Merge"]), data: z.record(z.string(), z.string()) }).optional(),
    }),
    data: z.array(z.strictObject({ secretKey: z.string().min(1), remoteRef: z.strictObject({ key: z.string().min(1), property: z.string().min(1).optional() }) })).min(1),
  }),
});
