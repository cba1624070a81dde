// Loki as the log store (logs.backend: loki): the single binary on a filesystem PVC, schema v13
// with the tsdb index, and retention that really deletes: the compactor with retention_enabled and a
// delete_request_store (without them Loki keeps logs forever). Caches, canary, gateway, test pods,
// MinIO and the scalable targets are off; auth is off (one tenant); ingestion limits are raised so
// that an agent replaying after a restart is not rejected with 429.
import { ENV_VARS, envRef } from "../model/env-refs.js";
import { alertLabels, logAlertFor, spoken } from "../rules/index.js";
import type { VigilConfig } from "../config/schema/index.js";
import { metricsBackend } from "../backends/index.js";
import { stackScrape } from "../scrape/stack-scrape.js";
import { LOKI } from "../catalog/documented/stack.js";
import { CHARTS } from "../model/versions.js";
import { defineComponent, type RenderContext } from "./types.js";
import { toYaml } from "../emit/yaml.js";
import { S3_SECRET_KEYS } from "../config/schema/formats.js";

const LOKI_RULE_LABEL = "loki_rule";
const LOKI_RULE_FOLDER_ANNOTATION = "loki_rule_folder";
/** The tenant of a Loki without auth: its rules go to /rules/fake. */
const SINGLE_TENANT = "fake";

/** vigil's LogQL alerts, for the Loki ruler (the same alert as the LogsQL one on VictoriaLogs). */
/** The loki chart's container ports of gRPC and memberlist (besides http-metrics 3100). */
const LOKI_GRPC_PORT = 9095;
const LOKI_MEMBERLIST_PORT = 7946;

export function lokiAlertRules(alerting: VigilConfig["alerting"]) {
  const errorsPer5m = alerting.thresholds.logErrorsPer5m;
  const wait = logAlertFor(alerting, "LogErrorsSpike", "10m");
  return {
    groups: [
      {
        name: "vigil.logs",
        interval: "1m",
        rules: [
          {
            alert: "LogErrorsSpike",
            expr: `sum by (namespace) (count_over_time({namespace=~".+"} |~ "(?i)(error|panic|fatal)" [5m])) > ${errorsPer5m}`,
            for: wait,
            labels: alertLabels(alerting, "LogErrorsSpike", "warning"),
            annotations: {
              summary: "{{ $labels.namespace }} logs {{ $value }} error lines in 5 minutes",
              description: `The pods of {{ $labels.namespace }} have written more than ${errorsPer5m} error lines per 5 minutes for ${spoken(wait)}.`,
              runbook: "Open the Logs dashboard on that namespace.",
            },
          },
        ],
      },
    ],
  };
}

/** Its scrape under a job of its own (self-monitoring, through the log registry). */
export function lokiSelfMonitoring(ctx: RenderContext): void {
  const { stack } = ctx;
  stackScrape(ctx, {
    job: "loki",
    by: "service",
    pods: "loki",
    port: 3100,
    portName: "http-metrics",
    selector: stack.pods.loki,
    // The chart's headless twin of the Service has the same pods and labels, and says
    // "prometheus.io/service-monitor: false": selecting it too would scrape Loki twice.
    selectorExpressions: [{ key: "prometheus.io/service-monitor", operator: "NotIn", values: ["false"] }],
    where: "Service loki",
    per: "cluster",
    seriesPerTarget: 1500,
    metrics: LOKI,
  });
}

export default defineComponent({
  name: "loki",
  description: "Loki single binary, the log store",
  // With components.logs and logs.backend: loki (src/backends/logs.ts).
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    const volume = ctx.volume("logs");
    const s3 = stack.config.logs.lokiS3;
    const store = s3 ? "s3" : "filesystem";
    if (s3) ctx.secret({ name: s3.secret, keys: Object.values(S3_SECRET_KEYS), purpose: "Loki's S3 bucket" });
    ctx.release(stack.apps.logs, CHARTS.loki, {
      deploymentMode: "Monolithic",
      loki: {
        auth_enabled: false,
        commonConfig: { replication_factor: 1, path_prefix: "/var/loki" },
        // The chart writes the storage sections of Loki's config from these (loki.commonStorageConfig
        // and loki.rulerStorageConfig in templates/_helpers.tpl); with object storage it refuses to
        // render without the bucket names, which its values.yaml only documents in a comment.
        // S3 credentials come from the Secret, expanded from the environment (-config.expand-env).
        storage: s3
          ? {
              type: store,
              bucketNames: { chunks: s3.bucket, ruler: s3.bucket, admin: s3.bucket },
              s3: {
                endpoint: s3.endpoint,
                region: s3.region,
                insecure: s3.insecure,
                s3ForcePathStyle: true,
                accessKeyId: envRef(ENV_VARS.s3AccessKeyId),
                secretAccessKey: envRef(ENV_VARS.s3SecretAccessKey),
              },
            }
          : { type: store },
        schemaConfig: {
          configs: [{ from: "2024-04-01", store: "tsdb", object_store: store, schema: "v13", index: { prefix: "loki_index_", period: "24h" } }],
        },
        // Merged into Loki's configuration last (the chart's structuredConfig), so these settings
        // win over the chart's defaults: retention and the ingestion limits.
        structuredConfig: {
          compactor: {
            working_directory: "/var/loki/compactor",
            compaction_interval: "10m",
            retention_enabled: true,
            retention_delete_delay: "2h",
            delete_request_store: store,
          },
          // The ruler evaluates vigil's LogQL alert rules (loaded by the chart's rules sidecar from
          // ConfigMaps labelled loki_rule, into /rules/<tenant>) and sends to Alertmanager. Its rule
          // manager appends ALERTS (and ALERTS_FOR_STATE) like Prometheus's; remote-written to
          // VictoriaMetrics they join vmalert's in the alert history. The WAL needs a writable
          // directory: the data volume.
          ruler: {
            ...(stack.enabled.alertmanager ? { alertmanager_url: stack.services.alertmanager.url } : {}),
            enable_api: true,
            rule_path: "/var/loki/rules-temp",
            storage: { type: "local", local: { directory: "/rules" } },
            wal: { dir: "/var/loki/ruler-wal" },
            remote_write: {
              enabled: true,
              clients: {
                [metricsBackend(stack).words.remoteWriteClient]: {
                  url: stack.remoteWriteUrl,
                  // The cluster label every other series carries (vmagent adds it; the ruler does not).
                  write_relabel_configs: [{ target_label: stack.clusterLabel, replacement: stack.cluster.name }],
                },
              },
            },
          },
          limits_config: {
            retention_period: stack.retention.logs,
            ingestion_rate_mb: 16,
            ingestion_burst_size_mb: 32,
            per_stream_rate_limit: "8MB",
            per_stream_rate_limit_burst: "16MB",
            max_query_series: 10000,
          },
        },
      },
      singleBinary: {
        replicas: 1,
        resources: ctx.resources("loki", { workload: "StatefulSet/loki" }),
        // With S3 the volume only holds the WAL and the compactor's work files.
        persistence: { enabled: true, size: volume.size, storageClass: volume.storageClass },
        ...(s3
          ? {
              extraArgs: ["-config.expand-env=true"],
              extraEnv: [
                { name: ENV_VARS.s3AccessKeyId, valueFrom: { secretKeyRef: { name: s3.secret, key: S3_SECRET_KEYS.accessKeyId } } },
                { name: ENV_VARS.s3SecretAccessKey, valueFrom: { secretKeyRef: { name: s3.secret, key: S3_SECRET_KEYS.secretAccessKey } } },
              ],
            }
          : {}),
      },
      read: { replicas: 0 },
      write: { replicas: 0 },
      backend: { replicas: 0 },
      sidecar: {
        resources: ctx.resources("loki-rules-sidecar", { workload: "StatefulSet/loki" }),
        rules: { enabled: true, label: LOKI_RULE_LABEL, labelValue: "1", folderAnnotation: LOKI_RULE_FOLDER_ANNOTATION },
      },
      gateway: { enabled: false },
      // The rules sidecar reads ConfigMaps in its own namespace only: a Role, not a ClusterRole
      // over every ConfigMap and Secret of the cluster.
      rbac: { namespaced: true },
      chunksCache: { enabled: false },
      resultsCache: { enabled: false },
      lokiCanary: { enabled: false },
      test: { enabled: false },
      minio: { enabled: false },
    });
    if (stack.config.alerting.groups.logs) {
      ctx.object(stack.apps.rules, {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: "vigil-loki-rules",
          namespace: stack.namespace,
          labels: { [LOKI_RULE_LABEL]: "1", "app.kubernetes.io/managed-by": "vigil" },
          annotations: { [LOKI_RULE_FOLDER_ANNOTATION]: SINGLE_TENANT },
        },
        data: { "vigil-logs.yaml": toYaml(lokiAlertRules(stack.config.alerting)) },
      });
    }
    if (stack.enabled.alertmanager) ctx.allow("loki", stack.services.alertmanager, "alert notifications of the ruler");
    ctx.allow("loki", stack.services.write, "the ruler's ALERTS, remote-written");
    ctx.after(stack.apps.logs, stack.apps.metrics, stack.enabled.alertmanager ? "the Alertmanager and metrics store its ruler sends to" : "the metrics store its ruler writes to");
    // Even one replica joins its own memberlist ring (the chart always renders join_members) and
    // reaches its compactor over gRPC through the Service: traffic to itself, by its pod address.
    ctx.allow("loki", { pods: "loki", port: LOKI_GRPC_PORT }, "gRPC to its own compactor through the Service");
    ctx.allow("loki", { pods: "loki", port: LOKI_MEMBERLIST_PORT }, "memberlist ring, joined by the pod itself");
    ctx.datasource({ name: "Loki", uid: "loki", type: "loki", url: stack.services.logsQuery.url, access: "proxy", jsonData: { maxLines: 1000 } });
  },
});
