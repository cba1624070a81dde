// metrics.mode cluster: moving a VMSingle's data into the VMCluster. When the mode switches, the
// operator deletes the VMSingle but keeps its volume (removePvcAfterDelete is false: v0.74
// factory/finalize/vmsingle.go drops the PVC's owner reference), so the data stays on the claim
// vmsingle-<name>. This Job, applied once by hand (docs/metrics-cluster.md), starts a plain
// victoria-metrics on that volume as a native sidecar and runs `vmctl vm-native` from it into
// vminsert; the Job ends when vmctl has copied everything. Nothing else reads the old volume.
// vmctl runs without a terminal here, which it does since v1.90.0 (VictoriaMetrics issue #4432).
import { defineComponent, type KubeObject } from "../../components/types.js";
import type { Stack } from "../../model/stack.js";
import { VM_MIGRATION_IMAGES } from "../../model/versions.js";
import { NOBODY, RESTRICTED_CONTAINER, RESTRICTED_POD } from "../../model/pod-security.js";
import { toYaml } from "../../emit/yaml.js";
import { VM_DATA_PATH } from "../../components/backup.js";

/** Where the old data is served inside the Job's pod (the sidecar listens on the pod's port 8428). */
const SOURCE_PORT = 8428;
/** Earlier than any sample: vmctl needs a start, and the copy takes everything. */
const SINCE = "2000-01-01T00:00:00Z";

/** The sidecar serving the old VMSingle volume, read by vmctl; it deletes nothing (100 years of retention). */
export const migrationSourceArgs = () => [`-storageDataPath=${VM_DATA_PATH}`, `-httpListenAddr=:${SOURCE_PORT}`, "-retentionPeriod=100y"];

/** vmctl's arguments: every series, from the sidecar into vminsert's tenant, without a prompt. */
export const migrationArgs = (stack: Stack) => [
  "vm-native",
  "-s",
  `--vm-native-src-addr=http://127.0.0.1:${SOURCE_PORT}`,
  `--vm-native-dst-addr=${stack.metricsApi.write}`,
  '--vm-native-filter-match={__name__!=""}',
  `--vm-native-filter-time-start=${SINCE}`,
];

export function migrationJob(stack: Stack, resources: ReturnType<Stack["resources"]>): KubeObject {
  const labels = stack.pods.migrate;
  const container = { securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true }, resources };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "vmsingle-to-cluster", namespace: stack.namespace, labels },
    spec: {
      backoffLimit: 1,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: false,
          securityContext: { ...NOBODY, fsGroup: 65534, fsGroupChangePolicy: "OnRootMismatch", ...RESTRICTED_POD },
          // A native sidecar (restartPolicy Always, Kubernetes 1.29+): vmctl starts once it answers, and the Job ends with vmctl.
          initContainers: [
            {
              name: "source",
              image: stack.image(VM_MIGRATION_IMAGES.victoriaMetrics),
              restartPolicy: "Always",
              args: migrationSourceArgs(),
              ports: [{ name: "http", containerPort: SOURCE_PORT }],
              startupProbe: { httpGet: { path: "/health", port: SOURCE_PORT }, periodSeconds: 5, failureThreshold: 60 },
              volumeMounts: [{ name: "data", mountPath: VM_DATA_PATH }],
              ...container,
            },
          ],
          containers: [{ name: "vmctl", image: stack.image(VM_MIGRATION_IMAGES.vmctl), args: migrationArgs(stack), ...container }],
          volumes: [{ name: "data", persistentVolumeClaim: { claimName: `vmsingle-${stack.names.vm}` } }],
        },
      },
    },
  };
}

export default defineComponent({
  name: "vm-migration",
  description: "The Job that copies a former VMSingle's data into the VMCluster (applied by hand)",
  enabledWhen: (stack) => stack.metricsCluster !== undefined,
  render(ctx) {
    const { stack } = ctx;
    const job = migrationJob(stack, stack.resources("vmsingle"));
    ctx.allow("migrate", stack.services.write, "vmctl copies a former VMSingle's data (migrate/, applied by hand)");
    ctx.nodeFile({
      dir: "migrate",
      name: "vmsingle-to-cluster-job.yaml",
      content: toYaml(job),
      object: job,
      apply: "only when this cluster ran a VMSingle before: copy its data into the VMCluster, docs/metrics-cluster.md (kubectl apply -f migrate/vmsingle-to-cluster-job.yaml)",
    });
  },
});
