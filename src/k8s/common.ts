// Strict schemas of core Kubernetes structures that appear inside custom resources.
import { z } from "zod";

export const stringMap = z.record(z.string(), z.string());

export const objectMeta = z.strictObject({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
  namespace: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  finalizers: z.array(z.string()).optional(),
});

const quantity = z.string().regex(/^(\d+(\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/);

export const resourceRequirements = z.strictObject({
  requests: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
  limits: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
});

export const pvcSpec = z.strictObject({
  storageClassName: z.string().optional(),
  accessModes: z.array(z.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"])),
  resources: z.strictObject({ requests: z.strictObject({ storage: quantity }) }),
});
