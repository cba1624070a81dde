import { z } from "zod";
import { quantity } from "./formats.js";

/** Names with a meaning to vigil; any other StorageClass name is used as it is. */
export const STORAGE_PRESETS = ["local-path", "longhorn", "nfs"] as const;

const storageClass = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, {
    message: `is not a StorageClass name; use a preset (${STORAGE_PRESETS.join(", ")}) or the name of a StorageClass in your cluster`,
  });

const volume = (size: string, what: string) =>
  z
    .strictObject({
      size: quantity("20Gi").default(size).meta({ description: `Size of the volume of ${what}.` }),
      storageClass: storageClass.optional().meta({
        description: "StorageClass of this volume; defaults to `storage.storageClass`.",
      }),
    })
    .prefault({})
    .meta({ description: `Volume of ${what}.` });

/** The volume of a component that runs without one when asked (an emptyDir instead). */
const stateVolume = (size: string, what: string, loss: string) =>
  z
    .strictObject({
      size: quantity("20Gi").default(size).meta({ description: `Size of the volume of ${what}.` }),
      storageClass: storageClass.optional().meta({ description: "StorageClass of this volume; defaults to `storage.storageClass`." }),
      persistent: z.boolean().default(true).meta({ description: `false: no volume (an emptyDir): one claim less on the node, but ${loss}.` }),
    })
    .prefault({})
    .meta({ description: `Volume of ${what}.` });

const reclaimPolicy = z.enum(["Retain", "Delete"]).default("Retain").meta({
  description: "What happens to a volume when its claim is deleted (an app removed, a prune): `Retain` (default) keeps the data for you to reclaim; `Delete` removes it.",
});

/** StorageClasses vigil writes (folder storage-classes/), with the parameters homelabs use. */
export const storageClassesSchema = z
  .strictObject({
    longhorn: z
      .strictObject({
        replicas: z.number().int().min(1).max(3).optional().meta({ description: "Replicas of each volume (numberOfReplicas). Default: the number of nodes (cluster.nodes), at most 3: Longhorn's own default of 3 leaves a volume of one or two nodes degraded forever." }),
        dataLocality: z.enum(["disabled", "best-effort", "strict-local"]).default("best-effort").meta({ description: "Keep a replica on the node that uses the volume (best-effort: reads stay local)." }),
        reclaimPolicy,
      })
      .optional()
      .meta({ description: "A StorageClass `vigil-longhorn` (provisioner driver.longhorn.io, ext4, expansion allowed). `storage.storageClass: longhorn` then means it. Longhorn itself must be installed." }),
    nfs: z
      .strictObject({
        provisioner: z.string().regex(/^[a-z0-9][a-z0-9./-]*$/, { message: "is not a provisioner name" }).default("cluster.local/nfs-subdir-external-provisioner").meta({
          description: "The provisioner name of your nfs-subdir-external-provisioner (its chart's default: cluster.local/<release name>, here for the release nfs-subdir-external-provisioner). Install it with `storageClass.create: false`, so that this class is the one.",
        }),
        onDelete: z.enum(["retain", "delete", "archive"]).default("retain").meta({ description: "What the provisioner does with a deleted volume's folder on the share: keep it (default), delete it, or rename it archived-…." }),
        reclaimPolicy,
      })
      .optional()
      .meta({ description: "A StorageClass `vigil-nfs` for nfs-subdir-external-provisioner (folders <namespace>/<claim> on the share). `storage.storageClass: nfs` then means it. Prometheus's TSDB must not be on NFS." }),
  })
  .meta({ description: "StorageClasses written into the tree (folder storage-classes/) for the provisioners you run: the volumes of `longhorn` or `nfs` use them." });

export const storageSchema = z
  .strictObject({
    storageClass: storageClass.default("local-path").meta({
      description:
        "Default StorageClass: `local-path` (K3s default), `longhorn`, `nfs` (resolves to `nfs-client`, the nfs-subdir-external-provisioner class) or any StorageClass name. With storage.classes.longhorn or .nfs, `longhorn` and `nfs` mean the class vigil writes (`vigil-longhorn`, `vigil-nfs`).",
    }),
    classes: storageClassesSchema.optional(),
    metrics: volume("20Gi", "the metrics TSDB (VictoriaMetrics)"),
    logs: volume("10Gi", "the log store (VictoriaLogs)"),
    grafana: stateVolume("1Gi", "Grafana's database", "users, preferences, annotations and stars are lost at every restart (dashboards and datasources are provisioned from the tree, and stay)"),
    alertmanager: stateVolume("1Gi", "Alertmanager's silences and notification log", "silences are lost at every restart, and a restart may notify an alert again"),
    traces: z
      .strictObject({ size: quantity("10Gi").default("10Gi").meta({ description: "Size of the volume of the trace store." }) })
      .prefault({})
      .meta({
        description:
          "Volume of the trace store (Tempo, with components.traces). It takes the cluster's default StorageClass: the pinned tempo chart has no value to choose one.",
      }),
  })
  .meta({ description: "Persistent volumes of the stateful components." });
