// StorageClasses vigil writes when asked (storage.classes), for the provisioners a homelab runs:
// Longhorn (driver.longhorn.io) and nfs-subdir-external-provisioner. The volumes whose class is the
// `longhorn` or `nfs` preset then use them (model/stack.ts resolveVolume), and their apps start
// after them.
import type { KubeObject } from "../model/parts.js";
import type { Stack, VolumeName } from "../model/stack.js";
import { defineComponent } from "./types.js";

/** Longhorn's parameters (its StorageClass docs): replicas, their placement, and the filesystem. */
function longhornClass(stack: Stack, o: NonNullable<NonNullable<Stack["config"]["storage"]["classes"]>["longhorn"]>): KubeObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: "vigil-longhorn", labels: { "app.kubernetes.io/managed-by": "vigil" } },
    provisioner: "driver.longhorn.io",
    allowVolumeExpansion: true,
    reclaimPolicy: o.reclaimPolicy,
    volumeBindingMode: "Immediate",
    parameters: {
      numberOfReplicas: String(o.replicas ?? Math.min(stack.cluster.nodes, 3)),
      // Minutes before a failed replica is given up and rebuilt elsewhere (Longhorn's example value).
      staleReplicaTimeout: "30",
      dataLocality: o.dataLocality,
      fsType: "ext4",
    },
  };
}

/** nfs-subdir-external-provisioner's parameters (its README): what happens on delete, and each volume's folder. */
function nfsClass(o: NonNullable<NonNullable<Stack["config"]["storage"]["classes"]>["nfs"]>): KubeObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: "vigil-nfs", labels: { "app.kubernetes.io/managed-by": "vigil" } },
    provisioner: o.provisioner,
    reclaimPolicy: o.reclaimPolicy,
    volumeBindingMode: "Immediate",
    parameters: {
      // onDelete wins over archiveOnDelete when both are set; "archive" is archiveOnDelete alone.
      ...(o.onDelete === "archive" ? { archiveOnDelete: "true" } : { onDelete: o.onDelete }),
      // A folder per namespace and claim on the share, readable by a person looking at the NAS.
      pathPattern: "${.PVC.namespace}/${.PVC.name}",
    },
  };
}

/** The app of each volume's workload. */
const appOfVolume = (stack: Stack): Record<VolumeName, string> => ({
  metrics: stack.apps.metrics,
  alertmanager: stack.apps.metrics,
  logs: stack.apps.logs,
  grafana: stack.apps.grafana,
  traces: stack.apps.traces,
});

export default defineComponent({
  name: "storage-classes",
  description: "StorageClasses for Longhorn and NFS (storage.classes)",
  enabledWhen: (stack) => Boolean(stack.config.storage.classes?.longhorn || stack.config.storage.classes?.nfs),
  render(ctx) {
    const { stack } = ctx;
    const classes = stack.config.storage.classes!;
    if (classes.longhorn) ctx.object(stack.apps.storageClasses, longhornClass(stack, classes.longhorn));
    if (classes.nfs) ctx.object(stack.apps.storageClasses, nfsClass(classes.nfs));
  },
  assemble(ctx, parts) {
    const { stack } = ctx;
    const written = new Set(parts.objects.filter((o) => o.object.kind === "StorageClass").map((o) => o.object.metadata.name));
    for (const v of parts.volumes) {
      if (written.has(v.storageClass)) ctx.after(appOfVolume(stack)[v.volume], stack.apps.storageClasses, `the StorageClass ${v.storageClass} of its volume`);
    }
  },
});
