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

export const storageSchema = z
  .strictObject({
    storageClass: storageClass.default("local-path").meta({
      description:
        "Default StorageClass: `local-path` (K3s default), `longhorn`, `nfs` (resolves to `nfs-client`, the nfs-subdir-external-provisioner class) or any StorageClass name.",
    }),
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
