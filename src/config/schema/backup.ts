// Backups of the metrics store: vmbackup on a schedule to S3-compatible storage.
import { z } from "zod";
import { s3Location } from "./formats.js";

/** Five cron fields, as a Kubernetes CronJob reads them. */
const CRON_RE = /^(\S+\s+){4}\S+$/;

export const backupSchema = z
  .strictObject({
    metrics: z
      .strictObject({
        s3: s3Location("the backups", "vmbackup-s3").extend({
          prefix: z
            .string()
            .regex(/^[a-zA-Z0-9][-a-zA-Z0-9_./]*$/, { message: 'is not a path in the bucket; use e.g. "vigil/metrics"' })
            .default("vigil/metrics")
            .meta({ description: "Path in the bucket; each run updates the backup there incrementally." }),
        }).meta({ description: "Where the backups go: an S3-compatible bucket." }),
        schedule: z.string().regex(CRON_RE, { message: 'is not a cron schedule of five fields; use e.g. "30 3 * * *"' }).default("30 3 * * *").meta({
          description: "When the backup runs (cron, in the controller's time zone).",
        }),
      })
      .optional()
      .meta({
        description:
          "Scheduled `vmbackup` of VictoriaMetrics to S3-compatible storage (e.g. MinIO on a NAS). Off unless set; docs/backup.md has the restore procedure.",
      }),
  })
  .meta({ description: "Backups." });
