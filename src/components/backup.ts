// Backups of VictoriaMetrics: a CronJob runs vmbackup against the VMSingle's volume. vmbackup
// asks VictoriaMetrics for an instant snapshot over HTTP, uploads what changed since the last
// run to S3-compatible storage, and deletes the snapshot. The Job mounts the same volume
// read-only, so it must run on the VMSingle's node (ReadWriteOnce): pod affinity puts it there.
// The restore Job is written beside the tree, to apply by hand (docs/backup.md).
import type { Stack } from "../model/stack.js";
import { VMBACKUP_IMAGE, VMRESTORE_IMAGE } from "../model/versions.js";
import { S3_SECRET_KEYS } from "../config/schema/formats.js";
import type { Resources } from "../model/resources.js";
import { defineComponent, type KubeObject } from "./types.js";
import { toYaml } from "../emit/yaml.js";
import { NOBODY, RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";

/** Where the operator mounts the VMSingle's volume, and so where the backup Jobs mount it. */
export const VM_DATA_PATH = "/victoria-metrics-data";

type BackupConfig = NonNullable<Stack["config"]["backup"]["metrics"]>;

const backupConfig = (stack: Stack): BackupConfig => {
  const backup = stack.config.backup.metrics;
  if (!backup) throw new Error("backup.metrics is not configured");
  return backup;
};

const s3Url = (b: BackupConfig) => `s3://${b.s3.bucket}/${b.s3.prefix}`;
const s3Args = (b: BackupConfig) => [`-customS3Endpoint=${b.s3.insecure ? "http" : "https"}://${b.s3.endpoint}`];

/** vmbackup's arguments: snapshot over HTTP, incremental upload to the same path each run. */
export function vmbackupArgs(stack: Stack): string[] {
  const b = backupConfig(stack);
  return [`-storageDataPath=${VM_DATA_PATH}`, `-snapshot.createURL=${stack.services.tsdb.url}/snapshot/create`, `-dst=${s3Url(b)}`, ...s3Args(b)];
}

/** vmrestore's arguments: the latest backup into the (stopped) VMSingle's volume. */
export function vmrestoreArgs(stack: Stack): string[] {
  const b = backupConfig(stack);
  return [`-src=${s3Url(b)}`, `-storageDataPath=${VM_DATA_PATH}`, ...s3Args(b)];
}

/** The operator names the VMSingle's objects vmsingle-<name>: its Deployment and its PVC. */
export const vmsingleObjectName = (stack: Stack) => `vmsingle-${stack.names.vm}`;

function jobPodSpec(stack: Stack, container: { name: string; image: string; args: string[]; resources: Resources }, readOnly: boolean) {
  const b = backupConfig(stack);
  const env = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: b.s3.secret, key } } });
  return {
    restartPolicy: "Never",
    automountServiceAccountToken: false,
    // The operator's VMSingle runs with useStrictSecurity as 65534 (nobody); so do the Jobs.
    securityContext: { ...NOBODY, fsGroup: 65534, fsGroupChangePolicy: "OnRootMismatch", ...RESTRICTED_POD },
    affinity: {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: stack.pods.vmsingle }, topologyKey: "kubernetes.io/hostname" },
        ],
      },
    },
    containers: [
      {
        ...container,
        env: [env("AWS_ACCESS_KEY_ID", S3_SECRET_KEYS.accessKeyId), env("AWS_SECRET_ACCESS_KEY", S3_SECRET_KEYS.secretAccessKey), { name: "AWS_REGION", value: b.s3.region }],
        securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true },
        volumeMounts: [{ name: "data", mountPath: VM_DATA_PATH, readOnly }],
      },
    ],
    volumes: [{ name: "data", persistentVolumeClaim: { claimName: vmsingleObjectName(stack), readOnly } }],
  };
}

/** The restore Job, applied by hand while the VMSingle is scaled to zero. */
export function restoreJob(stack: Stack, resources: Resources): KubeObject {
  const labels = { ...stack.pods.backup, "app.kubernetes.io/name": "vmrestore" };
  const pod = jobPodSpec(stack, { name: "vmrestore", image: VMRESTORE_IMAGE, args: vmrestoreArgs(stack), resources }, false);
  // The VMSingle is stopped during a restore, so there is no pod to be near: pin by the volume.
  const { affinity: _, ...spec } = pod;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "vmrestore", namespace: stack.namespace, labels },
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
    const resources = ctx.resources("vmbackup", { workload: "CronJob/vmbackup" });
    const cronJob: KubeObject = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "vmbackup", namespace: stack.namespace, labels: stack.pods.backup },
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
            template: { metadata: { labels: stack.pods.backup }, spec: jobPodSpec(stack, { name: "vmbackup", image: VMBACKUP_IMAGE, args: vmbackupArgs(stack), resources }, true) },
          },
        },
      },
    };
    ctx.object(stack.apps.backup, cronJob);
    ctx.allow("backup", stack.services.tsdb, "vmbackup asks VMSingle for a snapshot");
    const restore = restoreJob(stack, resources);
    ctx.nodeFile({
      dir: "restore",
      name: "vmrestore-job.yaml",
      content: toYaml(restore),
      object: restore,
      apply: `restore metrics from the backup: docs/backup.md (kubectl apply -f restore/vmrestore-job.yaml with the VMSingle stopped)`,
    });
  },
});
