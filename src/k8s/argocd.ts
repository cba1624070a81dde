// Strict schemas of the Argo CD fields vigil emits (from the Argo CD v3 API reference).
// Strict objects: a field vigil does not know is an error, as kubectl's field validation
// would report it.
import { z } from "zod";

const labels = z.record(z.string(), z.string());
const objectMeta = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().optional(),
  labels: labels.optional(),
  annotations: labels.optional(),
  finalizers: z.array(z.string()).optional(),
});

const ignoreDifference = z.strictObject({
  group: z.string().optional(),
  kind: z.string(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  jsonPointers: z.array(z.string()).optional(),
  jqPathExpressions: z.array(z.string()).optional(),
  managedFieldsManagers: z.array(z.string()).optional(),
});

const syncPolicy = z.strictObject({
  automated: z.strictObject({ prune: z.boolean().optional(), selfHeal: z.boolean().optional(), allowEmpty: z.boolean().optional() }).optional(),
  syncOptions: z.array(z.string().regex(/^[A-Za-z]+=[A-Za-z0-9,-]+$/)).optional(),
  retry: z
    .strictObject({
      limit: z.number().int(),
      backoff: z.strictObject({ duration: z.string(), factor: z.number().int(), maxDuration: z.string() }).optional(),
    })
    .optional(),
  managedNamespaceMetadata: z.strictObject({ labels: labels.optional(), annotations: labels.optional() }).optional(),
});

const applicationSpec = z.strictObject({
  project: z.string(),
  source: z.strictObject({ repoURL: z.string(), targetRevision: z.string().optional(), path: z.string().optional() }),
  destination: z.strictObject({ server: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() }),
  syncPolicy: syncPolicy.optional(),
  ignoreDifferences: z.array(ignoreDifference).optional(),
});

export const applicationSetSchema = z.strictObject({
  apiVersion: z.literal("argoproj.io/v1alpha1"),
  kind: z.literal("ApplicationSet"),
  metadata: objectMeta,
  spec: z.strictObject({
    goTemplate: z.boolean().optional(),
    goTemplateOptions: z.array(z.string()).optional(),
    generators: z
      .array(
        z.strictObject({
          git: z.strictObject({
            repoURL: z.string(),
            revision: z.string(),
            directories: z.array(z.strictObject({ path: z.string(), exclude: z.boolean().optional() })).optional(),
          }),
        }),
      )
      .min(1),
    // Progressive syncs (Argo CD 2.6+, beta): the steps select the generated Applications by label.
    strategy: z
      .strictObject({
        type: z.enum(["AllAtOnce", "RollingSync"]),
        rollingSync: z
          .strictObject({
            steps: z
              .array(
                z.strictObject({
                  matchExpressions: z.array(z.strictObject({ key: z.string(), operator: z.enum(["In", "NotIn"]), values: z.array(z.string()).min(1) })).min(1),
                  maxUpdate: z.union([z.number().int(), z.string()]).optional(),
                }),
              )
              .min(1),
          })
          .optional(),
      })
      .optional(),
    template: z.strictObject({ metadata: objectMeta, spec: applicationSpec }),
    // A Go template (goTemplate: true) whose YAML output patches each Application.
    templatePatch: z.string().optional(),
    syncPolicy: z.strictObject({ preserveResourcesOnDeletion: z.boolean().optional() }).optional(),
  }),
});
