// The logs: which store and agent, whether the store is one node or the cluster, and what the agent
// collects and drops.
import { z } from "zod";
import { replicas, s3Location } from "./formats.js";

export const LOGS_MODES = ["single", "cluster"] as const;

export const logsClusterSchema = z.strictObject({
  vlstorage: replicas("vlstorage (each on a node of its own, with its own volume of storage.logs.size; every line is stored on one of them)", 2),
  vlinsert: replicas("vlinsert (stateless, receives the lines and spreads them over the vlstorage nodes)", 2),
  vlselect: replicas("vlselect (answers the queries, asking every vlstorage)", 2),
  previousSingle: z.boolean().default(false).meta({
    description:
      "Keep the logs of the former single node readable: its volume (the claim server-volume-victoria-logs-0) is served to vlselect as one more storage node that takes no new lines, until retention.logs has aged its logs out. docs/logs-cluster.md.",
  }),
});

export type LogsClusterSettings = z.output<typeof logsClusterSchema>;

/** logs.cluster with its defaults (the whole default when it is not given). */
export const logsClusterSettings = (cluster: Partial<LogsClusterSettings> | undefined): LogsClusterSettings => logsClusterSchema.parse(cluster ?? {});

export const LOG_BACKENDS = ["victorialogs", "loki"] as const;

export const logsSchema = z
  .strictObject({
    backend: z.enum(LOG_BACKENDS).default("victorialogs").meta({
      description: "The log store: `victorialogs` (default, lighter) or `loki` (single binary, filesystem storage, tsdb schema v13, compactor retention).",
    }),
    mode: z.enum(LOGS_MODES).default("single").meta({
      description:
        "logs.backend victorialogs: `single` (one VictoriaLogs, the default) or `cluster`: VictoriaLogs' cluster of vlstorage, vlinsert and vlselect (logs.cluster), each vlstorage on a node of its own with a volume of storage.logs.size. VictoriaLogs does not replicate: each line is on one vlstorage. Needs cluster.nodes of at least 2. docs/logs-cluster.md says when to switch.",
    }),
    cluster: logsClusterSchema.optional().meta({
      description: "logs.mode cluster: the replicas of the VictoriaLogs cluster (default: two of each), and whether the former single node's logs stay readable.",
    }),
    // Loki's ruler reads vigil's rules from ConfigMaps (components/loki.ts) and the admin bucket is
    // Grafana Enterprise Logs': the chart's bucketNames.ruler and .admin get the same, unused.
    lokiS3: s3Location("chunks and index (one bucket is all Loki needs here: its ruler reads vigil's rules from ConfigMaps, and an admin bucket is Grafana Enterprise Logs' only)", "loki-s3")
      .optional()
      .meta({ description: "Loki on S3-compatible object storage (e.g. MinIO) instead of its filesystem volume." }),
    agent: z.enum(["vector", "alloy"]).default("vector").meta({
      description: "The node agent: `vector` (default) or `alloy` (Grafana Alloy, which also ships Kubernetes events on a single-node cluster).",
    }),
    journald: z.boolean().optional().meta({
      description: "Ship the nodes' journald logs of k3s, k3s-agent and containerd too. Default: on for K3s, off for Talos (which has no journald; use `talosctl logs`).",
    }),
    dropHealthChecks: z.boolean().default(true).meta({ description: "Drop access-log lines of health and readiness probes and metrics scrapes (GET /healthz, /readyz, /livez, /metrics, kube-probe)." }),
    drop: z
      .array(
        z.strictObject({
          namespace: z.string().optional().meta({ description: "Only lines of this namespace." }),
          container: z.string().optional().meta({ description: "Only lines of this container." }),
          message: z.string().min(1).meta({ description: "Regular expression (RE2) on the line; matching lines are dropped." }),
        }),
      )
      .default([])
      .meta({ description: "Your own noise filters: lines to drop before they are stored." }),
  })
  .meta({ description: "What the node agent collects and drops." });
