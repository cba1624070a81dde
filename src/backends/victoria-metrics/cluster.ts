// metrics.mode cluster: the k8s-stack chart's VMCluster instead of its VMSingle. vmstorage keeps
// the data, each replica on a node of its own with a volume of storage.metrics.size; vminsert
// receives the samples and writes each to replicationFactor vmstorage nodes; vmselect answers the
// queries, merging the copies. The chart wires its vmagent and vmalert to them (templates/
// _helpers.tpl vm.prometheus.write and vm.alert.remotes); vigil's other consumers read
// stack.metricsApi, which the backend's facts point at vminsert and vmselect.
//
// Facts of operator v0.74 (internal/controller/operator/factory/vmcluster/vmcluster.go): vmstorage
// and vmselect are StatefulSets behind headless Services, vminsert a Deployment; the operator adds
// -replicationFactor to vminsert and vmselect and -dedup.minScrapeInterval=1ms to vmstorage and
// vmselect when replicationFactor > 1; vmselect talks to every other vmselect (-selectNode) and to
// every vmstorage on 8401, vminsert to every vmstorage on 8400; a podDisruptionBudget makes a PDB.
import type { RenderContext } from "../../components/types.js";
import type { Stack } from "../../model/stack.js";
import { VM_CLUSTER_PARTS, VMSTORAGE_DATA_PATH } from "./names.js";
import { oneNodeEach, spreadOverNodes } from "../../model/scheduling.js";

/** The VMCluster's settings: set only in mode cluster. */
export const metricsCluster = (stack: Stack) => {
  if (!stack.metricsCluster) throw new Error("metrics.mode is not cluster");
  return stack.metricsCluster;
};

/** The chart's vmcluster values: the spec the operator makes the cluster of. */
export function vmClusterValues(ctx: RenderContext, storage: Stack["storage"]["metrics"]) {
  const { stack } = ctx;
  const c = metricsCluster(stack);
  const name = stack.names.vm;
  const workload = (part: string) => `VMCluster/${name} ${part}`;
  // A drain may take one stateless replica at a time; vmstorage as many nodes as may be missing
  // while every sample still has a copy (replicationFactor - 1, at least one).
  const pdb = (maxUnavailable: number) => ({ podDisruptionBudget: { maxUnavailable } });
  return {
    enabled: true,
    annotations: stack.crAnnotations,
    spec: {
      ...stack.operatorSecurity,
      retentionPeriod: stack.retention.metrics,
      replicationFactor: c.replicationFactor,
      vmstorage: {
        replicaCount: c.vmstorage,
        storageDataPath: VMSTORAGE_DATA_PATH,
        resources: ctx.resources("vmstorage", { workload: workload("vmstorage"), replicas: c.vmstorage }),
        storage: {
          volumeClaimTemplate: {
            spec: { storageClassName: storage.storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: storage.size } } },
          },
        },
        // Never two vmstorage on one node: the copies of a sample would be lost together.
        affinity: oneNodeEach(stack.pods.vmstorage),
        ...pdb(Math.max(1, c.replicationFactor - 1)),
      },
      vminsert: {
        replicaCount: c.vminsert,
        resources: ctx.resources("vminsert", { workload: workload("vminsert"), replicas: c.vminsert }),
        ...spreadOverNodes(stack.pods.vminsert),
        ...pdb(1),
      },
      vmselect: {
        replicaCount: c.vmselect,
        resources: ctx.resources("vmselect", { workload: workload("vmselect"), replicas: c.vmselect }),
        // The chart gives each vmselect a 2Gi claim for its cache; an emptyDir is enough (the cache
        // is rebuilt after a restart). Helm merges this into the chart's claim template, and the
        // operator takes emptyDir first (vmextra_types.go StorageSpec.IntoSTSVolume).
        storage: { emptyDir: {} },
        ...spreadOverNodes(stack.pods.vmselect),
        ...pdb(1),
      },
    },
  };
}

/** The connections inside the cluster, for the NetworkPolicies. */
export function vmClusterFlows(ctx: RenderContext): void {
  const { vmstorage, vmselect } = VM_CLUSTER_PARTS;
  ctx.allow("vminsert", { pods: "vmstorage", port: vmstorage.vminsertPort }, "vminsert writes the samples to every vmstorage");
  ctx.allow("vmselect", { pods: "vmstorage", port: vmstorage.vmselectPort }, "vmselect queries every vmstorage");
  ctx.allow("vmselect", { pods: "vmselect", port: vmselect.port }, "vmselect asks the other vmselects (-selectNode: active queries, cache resets)");
}
