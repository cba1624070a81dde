// Chart versions the user pins (vigil upgrade writes them; Renovate bumps them): within what vigil
// supports for each chart, checked in parse.ts against model/chart-versions.ts.
import { z } from "zod";

export const versionsSchema = z
  .strictObject({
    charts: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: "is not a chart name" }),
        z.string().regex(/^\d+\.\d+\.\d+$/, { message: 'is not a chart version; use x.y.z, e.g. "0.91.3"' }),
      )
      .default({})
      .meta({
        description:
          'Chart versions instead of vigil\'s pins, by chart name, e.g. { "victoria-metrics-k8s-stack": "0.91.3" }: a patch release of the pinned major.minor (vigil\'s values are checked against that chart). `vigil upgrade` finds and writes them; docs/upgrade.md has the Renovate config that bumps them.',
      }),
    images: z
      .record(
        z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/, { message: 'is not an image repository; use e.g. "docker.io/victoriametrics/vmbackup"' }),
        z.string().regex(/^[\w][\w.-]{0,127}$/, { message: 'is not an image tag; use e.g. "v1.150.0"' }),
      )
      .default({})
      .meta({
        description:
          'Tags of the images vigil\'s own objects run (vmbackup, vmrestore, vmauth, the event exporter, Grafana\'s plugin installer, the former VictoriaLogs node, the migration), by repository, e.g. { "docker.io/victoriametrics/vmbackup": "v1.150.1" }. The charts\' images follow their chart versions.',
      }),
  })
  .meta({ description: "Versions of what vigil deploys, when not vigil's own pins." });
