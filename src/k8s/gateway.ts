// The part of Gateway API's HTTPRoute (gateway.networking.k8s.io/v1) vigil writes.
import { z } from "zod";
import { objectMeta } from "./common.js";

const hostname = z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);

export const httpRoute = z.strictObject({
  apiVersion: z.literal("gateway.networking.k8s.io/v1"),
  kind: z.literal("HTTPRoute"),
  metadata: objectMeta,
  spec: z.strictObject({
    parentRefs: z
      .array(z.strictObject({ group: z.literal("gateway.networking.k8s.io"), kind: z.literal("Gateway"), name: z.string().min(1), namespace: z.string().min(1).optional(), sectionName: z.string().min(1).optional() }))
      .min(1),
    hostnames: z.array(hostname).min(1),
    rules: z
      .array(
        z.strictObject({
          matches: z.array(z.strictObject({ path: z.strictObject({ type: z.enum(["Exact", "PathPrefix", "RegularExpression"]), value: z.string().startsWith("/") }) })),
          backendRefs: z.array(z.strictObject({ name: z.string().min(1), port: z.number().int().min(1).max(65535) })).min(1),
        }),
      )
      .min(1),
  }),
});
