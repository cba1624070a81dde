// Backups of VictoriaMetrics: a CronJob runs vmbackup against each store's volume: the VMSingle's,
// or (metrics.mode cluster) each vmstorage's, to a folder of its own in the bucket. vmbackup asks
// the store for an instant snapshot over HTTP, uploads what changed since the last run to
// S3-compatible storage, and deletes the snapshot. The Job mounts the same volume read-only, so it
// must run on the store's node (ReadWriteOnce): pod affinity puts it there. The restore Jobs are
// written beside the tree, to apply by hand (docs/backup.md).
import { besidePods } from "../model/scheduling.js";
import type { Stack } from "../model/stack.js";
import { VMBACKUP_IMAGE, VMRESTORE_IMAGE } from "../model/versions.js";
import { S3_SECRET_KEYS } from "../config/schema/formats.js";
import type { Resources } from "../model/resources.js";
import { defineComponent, type KubeObject } from "./types.js";
import { toYaml } from "../emit/yaml.js";
import { NOBODY, RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";
import { VM_CLUSTER_PARTS, VMSTORAGE_DATA_PATH, VMSTORAGE_VOLUME } from "../backends/victoria-metrics/names.js";

/** Where the operator mounts the VMSingle's volume, and so where the backup Jobs mount it. */
export const VM_DATA_PATH = "/victoria-metrics-data";

type BackupConfig = NonNullable<Stack["config"]["backup"]["metrics"]>;

const backupConfig = (stack: Stack): BackupConfig => {
  const backup = stack.config.backup.metrics;
  if (!backup) throw new Error("backup.metrics is not configured");
  return backup;
};

/** One store's volume to back up: the VMSingle's, or one vmstorage's. */
export interface BackupTarget {
  /** Suffix of the Jobs' names ("" for the VMSingle, "-vmstorage-0"...). */
  suffix: string;
  /** What the store is, for texts: "VMSingle", "vmstorage-vm-0". */
  store: string;
  claim: string;
  dataPath: string;
  snapshotUrl: string;
  /** Its folder below the bucket's prefix. */
  folder: string;
  /** Labels of the store's pod, whose node the backup runs on. */
  pod: Record<string, string>;
}

/**
 * The volumes to back up. The operator names the VMSingle's Deployment and PVC vmsingle-<name>; a
 * VMCluster's vmstorage pods vmstorage-<name>-<i> (a StatefulSet behind the headless Service
 * vmstorage-<name>, so each pod has its own DNS name) and their claims <template>-<pod>.
 */
export function backupTargets(stack: Stack): BackupTarget[] {
  if (!stack.metricsCluster) {
    const name = `vmsingle-${stack.names.vm}`;
    return [{ suffix: "", store: "VMSingle", claim: name, dataPath: VM_DATA_PATH, snapshotUrl: `${stack.services.query.url}/snapshot/create`, folder: "", pod: stack.pods.vmsingle }];
  }
  const service = `vmstorage-${stack.names.vm}`;
  return Array.from({ length: stack.metricsCluster.vmstorage }, (_, i) => {
    const pod = `${service}-${i}`;
    return {
      suffix: `-vmstorage-${i}`,
      store: pod,
      claim: `${VMSTORAGE_VOLUME}-${pod}`,
      dataPath: VMSTORAGE_DATA_PATH,
      snapshotUrl: `http://${pod}.${service}.${stack.namespace}.svc:${VM_CLUSTER_PARTS.vmstorage.port}/snapshot/create`,
      folder: `/vmstorage-${i}`,
      pod: { "statefulset.kubernetes.io/pod-name": pod },
    };
  });
}

const s3Url = (b: BackupConfig, t: BackupTarget) => `s3://${b.s3.bucket}/${b.s3.prefix}${t.folder}`;
const s3Args = (b: BackupConfig) => [`-customS3Endpoint=${b.s3.insecure ? "http" : "https"}://${b.s3.endpoint}`];

/** vmbackup's arguments: snapshot over HTTP, incremental upload to the same path each run. */
export function vmbackupArgs(stack: Stack, t: BackupTarget): string[] {
  const b = backupConfig(stack);
  return [`-storageDataPath=${t.dataPath}`, `-snapshot.createURL=${t.snapshotUrl}`, `-dst=${s3Url(b, t)}`, ...s3Args(b)];
}

/** vmrestore's arguments: the latest backup into the (stopped) store's volume. */
export function vmrestoreArgs(stack: Stack, t: BackupTarget): string[] {
  const b = backupConfig(stack);
  return [`-src=${s3Url(b, t)}`, `-storageDataPath=${t.dataPath}`, ...s3Args(b)];
}

function jobPodSpec(stack: Stack, t: BackupTarget, container: { name: string; image: string; args: string[]; resources: Resources }, readOnly: boolean) {
  const b = backupConfig(stack);
  const env = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: b.s3.secret, key } } });
  return {
    restartPolicy: "Never",
    automountServiceAccountToken: false,
    // The operator's stores run with useStrictSecurity as 65534 (nobody); so do the Jobs.
    securityContext: { ...NOBODY, fsGroup: 65534, fsGroupChangePolicy: "OnRootMismatch", ...RESTRICTED_POD },
    affinity: besidePods(t.pod),
    containers: [
      {
        ...container,
        env: [env("AWS_ACCESS_KEY_ID", S3_SECRET_KEYS.accessKeyId), env("AWS_SECRET_ACCESS_KEY", S3_SECRET_KEYS.secretAccessKey), { name: "AWS_REGION", value: b.s3.region }],
        securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true },
        volumeMounts: [{ name: "data", mountPath: t.dataPath, readOnly }],
      },
    ],
    volumes: [{ name: "data", persistentVolumeClaim: { claimName: t.claim, readOnly } }],
  };
}

/** A restore Job, applied by hand while the store is stopped. */
export function restoreJob(stack: Stack, t: BackupTarget, resources: Resources): KubeObject {
  const labels = { ...stack.pods.backup, "app.kubernetes.io/name": "vmrestore" };
  const pod = jobPodSpec(stack, t, { name: "vmrestore", image: stack.image(VMRESTORE_IMAGE), args: vmrestoreArgs(stack, t), resources }, false);
  // The store is stopped during a restore, so there is no pod to be near: pinned by the volume.
  const { affinity: _, ...spec } = pod;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: `vmrestore${t.suffix}`, namespace: stack.namespace, labels },
    spec: { backoffLimit: 0, template: { metadata: { labels }, spec } },
  };
}

export default defineComponent({
  name: "backup",
  description: "Scheduled vmbackup of VictoriaMetrics to S3-compatible storage",
  enabledWhen: (stack) => stack.config.backup.metrics !== undefined,
  render(ctx) {
    const { stack } = ctx;
    const b = backupConfig(stack);
    ctx.secret({ name: b.s3.secret, keys: Object.values(S3_SECRET_KEYS), purpose: "vmbackup's S3 bucket" });
    const targets = backupTargets(stack);
    const resources = ctx.resources("vmbackup", { workload: targets.length > 1 ? `CronJob/vmbackup-vmstorage-*` : "CronJob/vmbackup", replicas: targets.length });
    for (const t of targets) {
      const cronJob: KubeObject = {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: `vmbackup${t.suffix}`, namespace: stack.namespace, labels: stack.pods.backup },
        spec: {
          schedule: b.schedule,
          // Never two uploads at once; a missed run is caught up within the hour, not later.
          concurrencyPolicy: "Forbid",
          startingDeadlineSeconds: 3600,
          successfulJobsHistoryLimit: 1,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            spec: {
              backoffLimit: 2,
              activeDeadlineSeconds: 6 * 3600,
              template: { metadata: { labels: stack.pods.backup }, spec: jobPodSpec(stack, t, { name: "vmbackup", image: stack.image(VMBACKUP_IMAGE), args: vmbackupArgs(stack, t), resources }, true) },
            },
          },
        },
      };
      ctx.object(stack.apps.backup, cronJob);
      const restore = restoreJob(stack, t, resources);
      ctx.nodeFile({
        dir: "restore",
        name: `vmrestore${t.suffix}-job.yaml`,
        content: toYaml(restore),
        object: restore,
        apply: `restore metrics from the backup: docs/backup.md (kubectl apply -f restore/vmrestore${t.suffix}-job.yaml with the ${t.store} stopped)`,
      });
    }
    if (stack.metricsCluster) ctx.allow("backup", { pods: "vmstorage", port: VM_CLUSTER_PARTS.vmstorage.port }, "vmbackup asks each vmstorage for a snapshot");
    else ctx.allow("backup", stack.services.query, "vmbackup asks VMSingle for a snapshot");
  },
});
