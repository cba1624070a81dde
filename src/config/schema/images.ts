// Where images are pulled from: a registry mirror or proxy cache (Harbor), per upstream registry,
// pull secrets, and other images (hardened ones) for chosen parts. Applied to every chart's own
// image values and every object vigil writes (src/model/images.ts).
import { z } from "zod";
import { objectName } from "./formats.js";

/** host[:port][/path]: a registry, or a project of one (Harbor: harbor.lab/hub). */
const registryPrefix = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(\/[a-z0-9._-]+)*$/, { message: 'is not a registry; use host[:port][/path], e.g. "harbor.lab.example.com/hub"' });

export const imagesSchema = z
  .strictObject({
    registry: registryPrefix.optional().meta({
      description:
        'Pull every image through this registry or proxy-cache project instead of its own registry: docker.io/grafana/grafana:13.2.0 becomes <registry>/grafana/grafana:13.2.0. E.g. "harbor.lab.example.com/proxy".',
    }),
    registries: z
      .record(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, { message: 'is not a registry host; use e.g. "docker.io", "quay.io", "ghcr.io", "registry.k8s.io"' }), registryPrefix)
      .default({})
      .meta({
        description:
          'Per upstream registry, where its images are pulled from instead (wins over images.registry): Harbor keeps a proxy-cache project per registry, e.g. { "docker.io": "harbor.lab/hub", "quay.io": "harbor.lab/quay", "ghcr.io": "harbor.lab/ghcr", "registry.k8s.io": "harbor.lab/k8s" }.',
      }),
    pullSecrets: z
      .array(objectName)
      .default([])
      .meta({ description: "Secrets (kubernetes.io/dockerconfigjson, in the monitoring namespace) every pod pulls its images with: through each chart's own values, and on every pod vigil writes." }),
    overrides: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: "is not an image name of vigil's; `vigil plan` lists them" }),
        z.strictObject({
          repository: z
            .string()
            .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(\/[a-z0-9._-]+)+$/, { message: 'is not an image repository; use registry/path, e.g. "dhi.io/grafana"' })
            .optional()
            .meta({ description: "The repository, with its registry (images.registry does not apply to it)." }),
          tag: z.string().regex(/^[\w][\w.-]{0,127}$/, { message: 'is not an image tag; use e.g. "13.2.0"' }).optional().meta({ description: "The tag." }),
        }),
      )
      .default({})
      .meta({
        description:
          'Another image for one part, by the name `vigil plan` shows (e.g. "grafana", "loki", "node-exporter"): { repository, tag }, for hardened images (Docker Hardened Images, Chainguard) or your own builds. The image must run as the original does (user, paths, arguments).',
      }),
  })
  .meta({ description: "Where the images come from: a registry mirror or Harbor proxy cache, pull secrets, other images for chosen parts." });
