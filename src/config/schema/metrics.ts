// The metrics backend: which store, scraper and rule evaluator the stack runs, and (VictoriaMetrics)
// whether the store is one node or the cluster.
import { z } from "zod";
import { METRICS_BACKEND_NAMES } from "../../backends/types.js";
import { replicas } from "./formats.js";

export const METRICS_MODES = ["single", "cluster"] as const;

export const metricsClusterSchema = z.strictObject({
  replicationFactor: z.number().int().min(1).max(10).default(2).meta({
    description: "On how many vmstorage nodes each sample is stored (vminsert -replicationFactor): with 2, one vmstorage node may be down or lost without losing data or queries.",
  }),
  vmstorage: replicas("vmstorage (each on a node of its own, with its own volume of storage.metrics.size)", 2),
  vminsert: replicas("vminsert (stateless, receives the samples)", 2),
  vmselect: replicas("vmselect (answers the queries)", 2),
});

export type MetricsClusterSettings = z.output<typeof metricsClusterSchema>;

/** metrics.cluster with its defaults (the whole default when it is not given). */
export const metricsClusterSettings = (cluster: Partial<MetricsClusterSettings> | undefined): MetricsClusterSettings => metricsClusterSchema.parse(cluster ?? {});

export const metricsSchema = z
  .strictObject({
    backend: z.enum(METRICS_BACKEND_NAMES).default("victoria-metrics").meta({
      description:
        "victoria-metrics: the VictoriaMetrics operator with VMSingle, vmagent, vmalert and VMAlertmanager (victoria-metrics-k8s-stack). prometheus: the prometheus-operator with Prometheus and Alertmanager (kube-prometheus-stack, its CRDs in an app of their own).",
    }),
    mode: z.enum(METRICS_MODES).default("single").meta({
      description:
        "metrics.backend victoria-metrics: `single` (one VMSingle, the default) or `cluster`: a VMCluster of vmstorage, vminsert and vmselect (metrics.cluster), each vmstorage on a node of its own with a volume of storage.metrics.size; every sample is stored on metrics.cluster.replicationFactor of them. Needs cluster.nodes of at least 2. docs/metrics-cluster.md says when to switch and how to move the data.",
    }),
    cluster: metricsClusterSchema.optional().meta({
      description: "metrics.mode cluster: the VMCluster's replication and replicas (default: replicationFactor 2, two of each).",
    }),
    retentionSize: z
      .string()
      .regex(/^\d+(\.\d+)?(K|M|G|T|P|E)i?B$/, { message: 'is not a size Prometheus reads; use e.g. "8GiB" or "500MB"' })
      .optional()
      .meta({
        description:
          "metrics.backend prometheus: delete the oldest blocks once the TSDB is this large, whatever retention.metrics says (e.g. \"8GiB\"). Default: 85% of storage.metrics.size, so a full volume never stops Prometheus.",
      }),
  })
  .meta({ description: "The metrics backend. Both scrape the same jobs, evaluate the same rules and feed the same dashboards." });
