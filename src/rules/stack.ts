// The stack watching itself: Watchdog (always firing, pings the heartbeat), InfoInhibitor, targets
// down, vmagent dropping or failing to write, storage nearly full, vmalert (or Prometheus's rules,
// notifications, config and compactions) and Alertmanager failing, and the log agent not shipping.
import type { AlertDef, GroupDef, RuleContext } from "./types.js";
import { metricsBackend } from "../backends/index.js";
import { backupTargets } from "../components/backup.js";
import { vmClusterRules } from "./vm-cluster.js";
import { vlClusterRules } from "./vl-cluster.js";

const lab = (labels: string) => `${labels}, cluster="lab"`;

/** With backup.metrics: the nightly backup has not succeeded for two days (failing, or never scheduled). */
function backupRules(ctx: RuleContext): AlertDef[] {
  if (!ctx.stack.config.backup.metrics) return [];
  const ns = ctx.stack.namespace;
  // One CronJob per store: vmbackup, or vmbackup-vmstorage-<i> of each vmstorage (components/backup.ts).
  const targets = backupTargets(ctx.stack);
  const cronjob = targets.length === 1 ? `cronjob="vmbackup"` : `cronjob=~"vmbackup-vmstorage-.+"`;
  const cron = `job="kube-state-metrics", namespace="${ns}", ${cronjob}`;
  const example = `vmbackup${targets[0]!.suffix}`;
  return [
    {
      alert: "MetricsBackupStale",
      // No success for two days; or none at all for a CronJob older than two days (the series of
      // the last success only exists after one).
      expr: `(time() - kube_cronjob_status_last_successful_time{${cron}} > 2 * 86400) or ((time() - kube_cronjob_created{${cron}} > 2 * 86400) unless on (cluster, namespace, cronjob) kube_cronjob_status_last_successful_time{${cron}})`,
      for: "30m",
      severity: "warning",
      summary: "The metrics backup has not succeeded for two days",
      description: `vmbackup (CronJob {{ $labels.cronjob }}) has had no successful run for more than two days: its Jobs fail, or its pod cannot be scheduled next to the ${targets.length === 1 ? "VMSingle" : "vmstorage pod whose volume it backs up"}.`,
      runbook: "`kubectl -n monitoring get jobs,pods -l app.kubernetes.io/name=vmbackup` and the last Job's logs: S3 credentials (Secret), endpoint reachable, bucket exists. docs/backup.md.",
      needs: ["kube-state-metrics"],
      test: {
        firing: {
          // The last success three days before the test's clock starts.
          series: [{ series: `kube_cronjob_status_last_successful_time{${lab(cron.replace(cronjob, `cronjob="${example}"`))}}`, values: `${-3 * 86400}x60` }],
          at: "45m",
          labels: { job: "kube-state-metrics", namespace: ns, cronjob: example, cluster: "lab" },
        },
        // A success at 01:00 on the test's clock, evaluated half an hour later.
        healthy: { series: [{ series: `kube_cronjob_status_last_successful_time{${lab(cron.replace(cronjob, `cronjob="${example}"`))}}`, values: "0x30 3600x30" }], at: "90m" },
      },
    },
  ];
}

/** With components.traces: Tempo drops spans, or cannot write its blocks. */
const tempoRules: AlertDef[] = [
  {
    alert: "TempoDiscardingSpans",
    expr: `sum by (cluster, reason) (rate(tempo_discarded_spans_total{job="tempo"}[5m])) > 0`,
    for: "15m",
    severity: "warning",
    summary: "Tempo discards spans ({{ $labels.reason }})",
    description: "Tempo has refused spans for 15 minutes (reason {{ $labels.reason }}): traces arrive incomplete. Usually a rate or size limit, or a trace too large.",
    runbook: "Tempo's logs (`kubectl -n monitoring logs sts/tempo`); raise the limit named by the reason in Tempo's overrides, or sample less at the source.",
    needs: ["tempo"],
    test: {
      firing: { series: [{ series: `tempo_discarded_spans_total{${lab(`job="tempo", reason="rate_limited"`)}}`, values: "0+10x60" }], at: "30m", labels: { reason: "rate_limited", cluster: "lab" } },
      healthy: { series: [{ series: `tempo_discarded_spans_total{${lab(`job="tempo", reason="rate_limited"`)}}`, values: "5x60" }], at: "30m" },
    },
  },
  {
    alert: "TempoFlushesFailing",
    expr: `sum by (cluster) (increase(tempo_ingester_failed_flushes_total{job="tempo"}[1h])) > 0`,
    severity: "warning",
    summary: "Tempo cannot write trace blocks",
    description: "Tempo's ingester failed to flush blocks to its storage in the last hour: recent traces are only in its WAL, and are lost with it.",
    runbook: "Tempo's logs; the volume (`kubectl -n monitoring get pvc`, full or read-only?).",
    needs: ["tempo"],
    test: {
      firing: { series: [{ series: `tempo_ingester_failed_flushes_total{${lab(`job="tempo"`)}}`, values: "0x20 1x40" }], at: "30m", labels: { cluster: "lab" } },
      healthy: { series: [{ series: `tempo_ingester_failed_flushes_total{${lab(`job="tempo"`)}}`, values: "0x60" }], at: "30m" },
    },
  },
];

/** Loki's health (job loki), with its mixin's kind of thresholds; its volume is the PVC alerts'. */
const lokiRules: AlertDef[] = [
  {
    alert: "LokiRequestErrors",
    expr: `100 * sum by (cluster, route) (rate(loki_request_duration_seconds_count{job="loki", status_code=~"5.."}[5m])) / sum by (cluster, route) (rate(loki_request_duration_seconds_count{job="loki"}[5m])) > 10`,
    for: "15m",
    severity: "warning",
    summary: "Loki answers {{ $value | humanize }}% of {{ $labels.route }} with errors",
    description: "More than 10% of Loki's requests on {{ $labels.route }} have failed for 15 minutes: pushes are lost (the agents retry) or queries fail in Grafana.",
    runbook: "Loki's log (`kubectl -n monitoring logs sts/loki`): a full volume, an object store it cannot reach (logs.lokiS3), or memory pressure.",
    needs: ["loki"],
    test: {
      firing: {
        series: [
          { series: `loki_request_duration_seconds_count{${lab(`job="loki", route="loki_api_v1_push", status_code="500"`)}}`, values: "0+20x40" },
          { series: `loki_request_duration_seconds_count{${lab(`job="loki", route="loki_api_v1_push", status_code="204"`)}}`, values: "0+80x40" },
        ],
        at: "30m",
        labels: { route: "loki_api_v1_push", cluster: "lab" },
      },
      healthy: {
        series: [
          { series: `loki_request_duration_seconds_count{${lab(`job="loki", route="loki_api_v1_push", status_code="500"`)}}`, values: "0+1x40" },
          { series: `loki_request_duration_seconds_count{${lab(`job="loki", route="loki_api_v1_push", status_code="204"`)}}`, values: "0+99x40" },
        ],
        at: "30m",
      },
    },
  },
  {
    alert: "LokiDiscardingLines",
    expr: `sum by (cluster, reason) (rate(loki_discarded_samples_total{job="loki"}[5m])) > 0`,
    for: "15m",
    severity: "warning",
    summary: "Loki refuses log lines ({{ $labels.reason }})",
    description: "Loki has discarded lines for 15 minutes (reason {{ $labels.reason }}): they are not stored. Usually an ingestion limit, or lines older than Loki accepts after an agent's long outage.",
    runbook: "The reason names the limit (rate_limited, per_stream_rate_limit, greater_than_max_sample_age, ...): raise it in limits_config, or drop the noisy lines at the agent (logs.drop).",
    needs: ["loki"],
    test: {
      firing: { series: [{ series: `loki_discarded_samples_total{${lab(`job="loki", reason="rate_limited", tenant="fake"`)}}`, values: "0+10x60" }], at: "30m", labels: { reason: "rate_limited", cluster: "lab" } },
      healthy: { series: [{ series: `loki_discarded_samples_total{${lab(`job="loki", reason="rate_limited", tenant="fake"`)}}`, values: "3x60" }], at: "30m" },
    },
  },
  {
    alert: "LokiRetentionNotRunning",
    // The compactor applies retention every compaction_interval (10m, components/loki.ts); the gauge is 0 until the first run.
    expr: `time() - max by (cluster) (loki_compactor_apply_retention_last_successful_run_timestamp_seconds{job="loki"}) > 2 * 3600`,
    for: "1h",
    severity: "warning",
    summary: "Loki has not applied retention for over two hours",
    description: "Loki's compactor has not deleted old logs for more than two hours: the volume keeps growing past retention.logs, until it is full.",
    runbook: "Loki's log (`kubectl -n monitoring logs sts/loki | grep compactor`): the compactor's working directory or its delete-request store.",
    needs: ["loki"],
    test: {
      firing: { series: [{ series: `loki_compactor_apply_retention_last_successful_run_timestamp_seconds{${lab(`job="loki"`)}}`, values: "600x300" }], at: "250m", labels: { cluster: "lab" } },
      healthy: { series: [{ series: `loki_compactor_apply_retention_last_successful_run_timestamp_seconds{${lab(`job="loki"`)}}`, values: "0+600x30" }], at: "250m" },
    },
  },
];

/** LogAgentNotShipping of Vector (logs.agent: vector): events its log store sink sent, per node. */
const vectorNotShipping: AlertDef = {
  alert: "LogAgentNotShipping",
  expr: `sum by (cluster, node) (rate(vector_component_sent_events_total{job="vector", component_id="logstore_pods"}[10m])) == 0`,
  for: "30m",
  severity: "warning",
  summary: "Vector on {{ $labels.node }} has shipped no logs for 30 minutes",
  description: "The log agent on {{ $labels.node }} has sent no events to the log store for 30 minutes: that node's logs are missing.",
  runbook: "`kubectl -n monitoring logs ds/vector` on that node: look for sink errors (VictoriaLogs unreachable) or source errors (permissions on /var/log).",
  needs: ["vector"],
  test: {
    firing: { series: [{ series: `vector_component_sent_events_total{${lab(`job="vector", component_id="logstore_pods", node="n1"`)}}`, values: "100x60" }], at: "50m", labels: { node: "n1", cluster: "lab" } },
    healthy: { series: [{ series: `vector_component_sent_events_total{${lab(`job="vector", component_id="logstore_pods", node="n1"`)}}`, values: "0+100x60" }], at: "50m" },
  },
};

/** LogAgentNotShipping of Alloy (logs.agent: alloy): loki.write's entries sent, per node. */
const alloyNotShipping: AlertDef = {
  alert: "LogAgentNotShipping",
  expr: `sum by (cluster, node) (rate(loki_write_sent_entries_total{job="alloy"}[10m])) == 0`,
  for: "30m",
  severity: "warning",
  summary: "Alloy on {{ $labels.node }} has shipped no logs for 30 minutes",
  description: "The log agent on {{ $labels.node }} has sent no lines to the log store for 30 minutes: that node's logs are missing.",
  runbook: "`kubectl -n monitoring logs ds/alloy` on that node, or Alloy's UI (port 12345) for the unhealthy component: the log store unreachable (loki.write), or /var/log unreadable.",
  needs: ["alloy"],
  test: {
    firing: { series: [{ series: `loki_write_sent_entries_total{${lab(`job="alloy", node="n1"`)}}`, values: "100x60" }], at: "50m", labels: { node: "n1", cluster: "lab" } },
    healthy: { series: [{ series: `loki_write_sent_entries_total{${lab(`job="alloy", node="n1"`)}}`, values: "0+100x60" }], at: "50m" },
  },
};

/** VictoriaLogs' health beside VictoriaLogsDiskFull: lines it refuses, pushes that fail, storage turned read-only. */
const victoriaLogsRules = (jobs: { insert: string; store: string }): AlertDef[] => [
  {
    alert: "VictoriaLogsDroppingLines",
    // vlinsert and vlstorage (or the single node) both count what they drop, by reason.
    expr: `sum by (cluster, job, reason) (rate(vl_rows_dropped_total{job=~"${[...new Set([jobs.insert, jobs.store])].join("|")}"}[5m])) > 0`,
    for: "15m",
    severity: "warning",
    summary: "VictoriaLogs drops log lines ({{ $labels.reason }})",
    description: "VictoriaLogs ({{ $labels.job }}) has dropped lines for 15 minutes (reason {{ $labels.reason }}): they are not stored. Timestamps outside the retention, or lines with too many fields.",
    runbook: "The reason tells: too_small_timestamp (an agent replaying lines older than retention.logs), too_big_timestamp (a node's clock ahead), too_many_fields (a noisy JSON logger: drop it with logs.drop).",
    needs: [...new Set([jobs.insert, jobs.store])],
    test: {
      firing: { series: [{ series: `vl_rows_dropped_total{${lab(`job="${jobs.store}", instance="a", reason="too_small_timestamp"`)}}`, values: "0+30x60" }], at: "30m", labels: { job: jobs.store, reason: "too_small_timestamp", cluster: "lab" } },
      healthy: { series: [{ series: `vl_rows_dropped_total{${lab(`job="${jobs.store}", instance="a", reason="too_small_timestamp"`)}}`, values: "12x60" }], at: "30m" },
    },
  },
  {
    alert: "VictoriaLogsIngestionErrors",
    // Only the push paths: a query that fails is the asker's mistake, not the store's.
    expr: `sum by (cluster, job, path) (rate(vl_http_errors_total{job="${jobs.insert}", path=~"/insert/.+"}[5m])) > 0`,
    for: "15m",
    severity: "warning",
    summary: "Pushes to VictoriaLogs on {{ $labels.path }} fail",
    description: "Requests to {{ $labels.path }} have failed for 15 minutes: the agents retry and buffer, and drop lines once their buffers are full.",
    runbook: "VictoriaLogs' log (`kubectl -n monitoring logs sts/victoria-logs` or deploy/vlinsert) names the error: a malformed payload from an agent, or storage that refuses writes.",
    needs: [jobs.insert],
    test: {
      firing: { series: [{ series: `vl_http_errors_total{${lab(`job="${jobs.insert}", instance="a", path="/insert/loki/api/v1/push"`)}}`, values: "0+5x60" }], at: "30m", labels: { job: jobs.insert, path: "/insert/loki/api/v1/push", cluster: "lab" } },
      healthy: { series: [{ series: `vl_http_errors_total{${lab(`job="${jobs.insert}", instance="a", path="/select/logsql/query"`)}}`, values: "0+5x60" }], at: "30m" },
    },
  },
  {
    alert: "VictoriaLogsReadOnly",
    expr: `max by (cluster, job, instance) (vl_storage_is_read_only{job="${jobs.store}"}) == 1`,
    for: "5m",
    severity: "critical",
    summary: "VictoriaLogs' storage is read-only",
    description: "VictoriaLogs ({{ $labels.instance }}) switched its storage to read-only (its volume is nearly full): no new lines are stored.",
    runbook: "Free space: grow storage.logs.size, shorten retention.logs, or drop noisy lines (logs.drop); it turns writable again by itself.",
    needs: [jobs.store],
    test: {
      firing: { series: [{ series: `vl_storage_is_read_only{${lab(`job="${jobs.store}", instance="a"`)}}`, values: "1x20" }], at: "10m", labels: { job: jobs.store, instance: "a", cluster: "lab" } },
      healthy: { series: [{ series: `vl_storage_is_read_only{${lab(`job="${jobs.store}", instance="a"`)}}`, values: "0x20" }], at: "10m" },
    },
  },
];

/** Alloy as the trace collector that cannot reach Tempo. */
const alloyRules: AlertDef[] = [
  {
    alert: "TraceCollectorFailing",
    expr: `sum by (cluster) (rate(otelcol_exporter_send_failed_spans_total{job="trace-collector"}[5m])) > 0`,
    for: "15m",
    severity: "warning",
    summary: "The trace collector cannot send spans to Tempo",
    description: "Alloy has failed to send spans to Tempo for 15 minutes: new traces are lost once its queue is full.",
    runbook: "`kubectl -n monitoring logs deploy/trace-collector`: Tempo down or refusing (TempoDiscardingSpans), or the NetworkPolicy to Tempo's :4317.",
    needs: ["trace-collector"],
    test: {
      firing: { series: [{ series: `otelcol_exporter_send_failed_spans_total{${lab(`job="trace-collector", exporter="otlp/tempo"`)}}`, values: "0+50x40" }], at: "30m", labels: { cluster: "lab" } },
      healthy: { series: [{ series: `otelcol_exporter_send_failed_spans_total{${lab(`job="trace-collector", exporter="otlp/tempo"`)}}`, values: "0x40" }], at: "30m" },
    },
  },
];

export const stackRules = (ctx: RuleContext): GroupDef => {
  const { words } = metricsBackend(ctx.stack);
  const scraper = ctx.stack.services.scraper;
  // The job of VictoriaMetrics' storage: the VMSingle, or the cluster's vmstorage nodes.
  const vmStoreJob = ctx.stack.metricsCluster ? "vmstorage" : "victoriametrics";
  // VictoriaLogs' storage: the single node, or the cluster's vlstorage nodes.
  const vlStoreJob = ctx.stack.logsCluster ? "vlstorage" : "victorialogs";
  return {
    name: "vigil.stack",
    key: "stack",
    alerts: [
      ...backupRules(ctx),
      ...tempoRules,
      ...lokiRules,
      ...victoriaLogsRules(ctx.stack.logsCluster ? { insert: "vlinsert", store: "vlstorage" } : { insert: "victorialogs", store: "victorialogs" }),
      ...alloyRules,
      ...vmClusterRules(ctx),
      ...vlClusterRules(ctx),
      {
        alert: "Watchdog",
        expr: "vector(1)",
        severity: "none",
        summary: "Alerting works",
        description: "Always firing. Alertmanager sends it to the heartbeat URL (alerting.heartbeat); when the heartbeat service stops receiving it, alerting itself is broken and it tells you.",
        runbook: `If your dead man's switch alerted: check ${words.ruler}, Alertmanager and their network path to the heartbeat service.`,
        test: { firing: { series: [], at: "1m", labels: {} } },
      },
      {
        alert: "InfoInhibitor",
        expr: `ALERTS{severity="info"} == 1 unless on (cluster, namespace) ALERTS{alertname!="InfoInhibitor", severity=~"warning|critical", alertstate="firing"} == 1`,
        severity: "none",
        summary: "Only info alerts in {{ $labels.namespace }}",
        description: "Fires while a namespace has only info alerts, so that Alertmanager keeps them quiet; they show up when a warning or critical alert joins them.",
        runbook: "Nothing to do: this alert is plumbing.",
        test: {
          firing: { series: [{ series: `ALERTS{${lab(`alertname="KubeContainerOomKilled", severity="info", namespace="apps", alertstate="firing"`)}}`, values: "1x10" }], at: "5m", labels: { namespace: "apps", alertstate: "firing", cluster: "lab" } },
          healthy: {
            series: [
              { series: `ALERTS{${lab(`alertname="KubeContainerOomKilled", severity="info", namespace="apps", alertstate="firing"`)}}`, values: "1x10" },
              { series: `ALERTS{${lab(`alertname="KubePodCrashLooping", severity="warning", namespace="apps", alertstate="firing"`)}}`, values: "1x10" },
            ],
            at: "5m",
          },
        },
      },
      {
        alert: "TargetDown",
        expr: `100 * count by (cluster, job, namespace) (up == 0) / count by (cluster, job, namespace) (up) > 10`,
        for: "15m",
        severity: "warning",
        summary: "{{ $value | humanize }}% of the {{ $labels.job }} targets are down",
        description: `${words.scraper} has failed to scrape more than 10% of the targets of job {{ $labels.job }} for 15 minutes; their dashboards show gaps and their alerts cannot fire.`,
        runbook: `${words.scraper}'s UI lists the errors (port-forward svc/${scraper.name} ${scraper.port}, /targets). For control-plane jobs, check the node-side configuration in node-config/.`,
        test: {
          firing: {
            series: [
              { series: `up{${lab(`job="coredns", namespace="kube-system", instance="a"`)}}`, values: "0x30" },
              { series: `up{${lab(`job="coredns", namespace="kube-system", instance="b"`)}}`, values: "1x30" },
            ],
            at: "20m",
            labels: { job: "coredns", namespace: "kube-system", cluster: "lab" },
          },
          healthy: {
            series: [
              { series: `up{${lab(`job="coredns", namespace="kube-system", instance="a"`)}}`, values: "1x30" },
              { series: `up{${lab(`job="coredns", namespace="kube-system", instance="b"`)}}`, values: "1x30" },
            ],
            at: "20m",
          },
        },
      },
      {
        alert: "VmagentRemoteWriteFailing",
        backend: "victoria-metrics",
        expr: `sum by (cluster, job) (rate(vmagent_remotewrite_requests_total{job="vmagent", status_code!~"2.."}[5m])) > 0 or sum by (cluster, job) (rate(vmagent_remotewrite_packets_dropped_total{job="vmagent"}[5m])) > 0`,
        for: "15m",
        severity: "critical",
        summary: "vmagent cannot write metrics to VictoriaMetrics",
        description: "vmagent's writes to VictoriaMetrics have failed, or it has dropped data, for 15 minutes: metrics are being lost or queued on its disk.",
        runbook: "Check VMSingle: is it running, is its disk full (VictoriaMetricsDiskFull), does it reject samples? vmagent's log tells the error.",
        needs: ["vmagent"],
        test: {
          firing: {
            series: [
              { series: `vmagent_remotewrite_requests_total{${lab(`job="vmagent", status_code="500", url="1:secret-url"`)}}`, values: "0+10x30" },
              { series: `vmagent_remotewrite_packets_dropped_total{${lab(`job="vmagent", url="1:secret-url"`)}}`, values: "0x30" },
            ],
            at: "25m",
            labels: { job: "vmagent", cluster: "lab" },
          },
          healthy: {
            series: [
              { series: `vmagent_remotewrite_requests_total{${lab(`job="vmagent", status_code="204", url="1:secret-url"`)}}`, values: "0+10x30" },
              { series: `vmagent_remotewrite_packets_dropped_total{${lab(`job="vmagent", url="1:secret-url"`)}}`, values: "0x30" },
            ],
            at: "25m",
          },
        },
      },
      {
        alert: "VmagentScrapeFailures",
        backend: "victoria-metrics",
        expr: `sum by (cluster) (rate(vm_promscrape_scrapes_failed_total{job="vmagent"}[5m])) / sum by (cluster) (rate(vm_promscrape_scrapes_total{job="vmagent"}[5m])) > 0.1`,
        for: "30m",
        severity: "warning",
        summary: "vmagent fails {{ $value | humanizePercentage }} of its scrapes",
        description: "More than 10% of vmagent's scrapes have failed for 30 minutes.",
        runbook: "Open vmagent's /targets page to see which targets fail and why (TLS, timeouts, closed ports).",
        needs: ["vmagent"],
        test: {
          firing: {
            series: [
              { series: `vm_promscrape_scrapes_failed_total{${lab(`job="vmagent"`)}}`, values: "0+5x60" },
              { series: `vm_promscrape_scrapes_total{${lab(`job="vmagent"`)}}`, values: "0+10x60" },
            ],
            at: "50m",
            labels: { cluster: "lab" },
          },
          healthy: {
            series: [
              { series: `vm_promscrape_scrapes_failed_total{${lab(`job="vmagent"`)}}`, values: "0x60" },
              { series: `vm_promscrape_scrapes_total{${lab(`job="vmagent"`)}}`, values: "0+10x60" },
            ],
            at: "50m",
          },
        },
      },
      ...([
        // One VMSingle or VictoriaLogs, or each vmstorage or vlstorage of a cluster.
        ["VictoriaMetricsDiskFull", vmStoreJob, "vm_free_disk_space_bytes", "VictoriaMetrics", "metrics", [vmStoreJob]],
        ["VictoriaLogsDiskFull", vlStoreJob, "vl_free_disk_space_bytes", "VictoriaLogs", "logs", [vlStoreJob]],
      ] as const).map(([alert, job, metric, what, data, needs]) => ({
        alert,
        ...(job === vmStoreJob ? { backend: "victoria-metrics" as const } : {}),
        expr: (() => {
          const free = `sum by (cluster, job, instance) (${metric}{job="${job}"})`;
          const used = `sum by (cluster, job, instance) (${metric.replace("free_disk_space", "data_size")}{job="${job}"})`;
          return `${free} / (${free} + ${used}) < 0.1 or ${free} < 512 * 1024 * 1024`;
        })(),
        for: "15m",
        severity: "critical" as const,
        summary: `${what}'s volume is nearly full`,
        description: `${what} has less than 10% or 512MiB of its volume free; when it is full it stops accepting ${data}.`,
        runbook: `Grow storage.${data === "metrics" ? "metrics" : "logs"}.size (if the StorageClass allows expansion) or shorten retention.${data}.`,
        needs: [...needs],
        test: {
          firing: {
            series: [
              { series: `${metric}{${lab(`job="${job}", instance="a", path="/data"`)}}`, values: "100000000x30" },
              { series: `${metric.replace("free_disk_space", "data_size")}{${lab(`job="${job}", instance="a", type="x"`)}}`, values: "9000000000x30" },
            ],
            at: "20m",
            labels: { job, instance: "a", cluster: "lab" },
          },
          healthy: {
            series: [
              { series: `${metric}{${lab(`job="${job}", instance="a", path="/data"`)}}`, values: "9000000000x30" },
              { series: `${metric.replace("free_disk_space", "data_size")}{${lab(`job="${job}", instance="a", type="x"`)}}`, values: "1000000000x30" },
            ],
            at: "20m",
          },
        },
      })),
      {
        alert: "VmalertEvaluationErrors",
        backend: "victoria-metrics",
        expr: `sum by (cluster, group) (increase(vmalert_alerting_rules_errors_total{job=~"vmalert|vmalert-logs"}[5m])) > 0 or sum by (cluster, group) (increase(vmalert_recording_rules_errors_total{job=~"vmalert|vmalert-logs"}[5m])) > 0`,
        for: "15m",
        severity: "warning",
        summary: "vmalert fails to evaluate rules of group {{ $labels.group }}",
        description: "Rules of group {{ $labels.group }} have failed to evaluate for 15 minutes: the alerts in it cannot fire.",
        runbook: "vmalert's UI (port-forward svc/vmalert-vm 8080, or svc/vmalert-vm-logs for the log alerts) shows the failing rule and error; usually VictoriaMetrics is unreachable or a query times out.",
        needs: ["vmalert"],
        test: {
          // The log alerts' vmalert (job vmalert-logs) counts as much as the metrics one.
          firing: {
            series: [
              { series: `vmalert_alerting_rules_errors_total{${lab(`job="vmalert-logs", group="vigil.node", alertname="X"`)}}`, values: "0+1x30" },
              { series: `vmalert_recording_rules_errors_total{${lab(`job="vmalert", group="vigil.node", recording="y"`)}}`, values: "0x30" },
            ],
            at: "25m",
            labels: { group: "vigil.node", cluster: "lab" },
          },
          healthy: {
            series: [
              { series: `vmalert_alerting_rules_errors_total{${lab(`job="vmalert", group="vigil.node", alertname="X"`)}}`, values: "0x30" },
              { series: `vmalert_recording_rules_errors_total{${lab(`job="vmalert", group="vigil.node", recording="y"`)}}`, values: "0x30" },
            ],
            at: "25m",
          },
        },
      },
      // metrics.backend: prometheus (job prometheus, from the upstream prometheus-mixin's alerts).
      {
        alert: "PrometheusRuleEvaluationFailures",
        backend: "prometheus",
        expr: `sum by (cluster, rule_group) (increase(prometheus_rule_evaluation_failures_total{job="prometheus"}[5m])) > 0`,
        for: "15m",
        severity: "warning",
        summary: "Prometheus fails to evaluate rules of {{ $labels.rule_group }}",
        description: "Rules of {{ $labels.rule_group }} have failed to evaluate for 15 minutes: the alerts in it cannot fire.",
        runbook: "Prometheus's UI (port-forward svc/kps-prometheus 9090, /rules) shows the failing rule and its error; usually a query that times out or a series with clashing labels.",
        needs: ["prometheus"],
        test: {
          firing: { series: [{ series: `prometheus_rule_evaluation_failures_total{${lab(`job="prometheus", rule_group="/etc/prometheus/rules/x.yaml;vigil.node"`)}}`, values: "0+1x30" }], at: "25m", labels: { rule_group: "/etc/prometheus/rules/x.yaml;vigil.node", cluster: "lab" } },
          healthy: { series: [{ series: `prometheus_rule_evaluation_failures_total{${lab(`job="prometheus", rule_group="/etc/prometheus/rules/x.yaml;vigil.node"`)}}`, values: "0x30" }], at: "25m" },
        },
      },
      {
        alert: "PrometheusNotificationsFailing",
        backend: "prometheus",
        expr: `sum by (cluster) (rate(prometheus_notifications_errors_total{job="prometheus"}[5m])) > 0 or sum by (cluster) (rate(prometheus_notifications_dropped_total{job="prometheus"}[5m])) > 0`,
        for: "15m",
        severity: "critical",
        summary: "Prometheus cannot send alerts to Alertmanager",
        description: "Prometheus has failed to send, or dropped, alert notifications for 15 minutes: firing alerts are not reaching Alertmanager, nor you.",
        runbook: "Is Alertmanager running (`kubectl -n monitoring get pods -l app.kubernetes.io/name=alertmanager`)? Prometheus's log names the error; a NetworkPolicy that blocks port 9093 shows as timeouts.",
        needs: ["prometheus"],
        test: {
          firing: {
            series: [
              { series: `prometheus_notifications_errors_total{${lab(`job="prometheus", alertmanager="http://10.42.0.5:9093/api/v2/alerts"`)}}`, values: "0+2x30" },
              { series: `prometheus_notifications_dropped_total{${lab(`job="prometheus"`)}}`, values: "0x30" },
            ],
            at: "25m",
            labels: { cluster: "lab" },
          },
          healthy: {
            series: [
              { series: `prometheus_notifications_errors_total{${lab(`job="prometheus", alertmanager="http://10.42.0.5:9093/api/v2/alerts"`)}}`, values: "0x30" },
              { series: `prometheus_notifications_dropped_total{${lab(`job="prometheus"`)}}`, values: "0x30" },
            ],
            at: "25m",
          },
        },
      },
      {
        alert: "PrometheusConfigReloadFailed",
        backend: "prometheus",
        expr: `max by (cluster, instance) (prometheus_config_last_reload_successful{job="prometheus"}) == 0`,
        for: "10m",
        severity: "warning",
        summary: "Prometheus runs an old configuration: the last reload failed",
        description: "Prometheus could not load the configuration the operator generated for 10 minutes; new or changed ServiceMonitors, PodMonitors, ScrapeConfigs and rules are not in effect.",
        runbook: "The operator's log (`kubectl -n monitoring logs deploy/kps-operator`) and Prometheus's config-reloader log name the object that broke it, usually a ServiceMonitor or PrometheusRule of another app.",
        needs: ["prometheus"],
        test: {
          firing: { series: [{ series: `prometheus_config_last_reload_successful{${lab(`job="prometheus", instance="a"`)}}`, values: "1x5 0x30" }], at: "25m", labels: { instance: "a", cluster: "lab" } },
          healthy: { series: [{ series: `prometheus_config_last_reload_successful{${lab(`job="prometheus", instance="a"`)}}`, values: "1x30" }], at: "25m" },
        },
      },
      {
        alert: "PrometheusTSDBCompactionsFailing",
        backend: "prometheus",
        expr: `sum by (cluster, instance) (increase(prometheus_tsdb_compactions_failed_total{job="prometheus"}[3h])) > 0`,
        severity: "warning",
        summary: "Prometheus fails to compact its TSDB",
        description: "Prometheus failed to compact blocks in the last 3 hours: its disk use grows, and a full volume stops ingestion.",
        runbook: "Prometheus's log names the block; check the volume (`kubectl -n monitoring get pvc`, full or read-only?) and retention (metrics.retentionSize).",
        needs: ["prometheus"],
        test: {
          firing: { series: [{ series: `prometheus_tsdb_compactions_failed_total{${lab(`job="prometheus", instance="a"`)}}`, values: "0x20 1x40" }], at: "30m", labels: { instance: "a", cluster: "lab" } },
          healthy: { series: [{ series: `prometheus_tsdb_compactions_failed_total{${lab(`job="prometheus", instance="a"`)}}`, values: "0x60" }], at: "30m" },
        },
      },
      {
        alert: "AlertmanagerNotificationsFailing",
        expr: `sum by (cluster, integration) (rate(alertmanager_notifications_failed_total{job="alertmanager"}[5m])) > 0`,
        for: "15m",
        severity: "critical",
        summary: "Alertmanager cannot deliver to {{ $labels.integration }}",
        description: "Notifications to {{ $labels.integration }} have failed for 15 minutes: alerts are not reaching you there.",
        runbook: "Alertmanager's log names the error: a wrong or expired token in the receiver's Secret, or no route to the service.",
        needs: ["alertmanager"],
        test: {
          firing: { series: [{ series: `alertmanager_notifications_failed_total{${lab(`job="alertmanager", integration="pushover"`)}}`, values: "0+1x30" }], at: "25m", labels: { integration: "pushover", cluster: "lab" } },
          healthy: { series: [{ series: `alertmanager_notifications_failed_total{${lab(`job="alertmanager", integration="pushover"`)}}`, values: "0x30" }], at: "25m" },
        },
      },
      // One name for either agent: the one logs.agent runs.
      ctx.stack.config.logs.agent === "alloy" ? alloyNotShipping : vectorNotShipping,
    ],
  };
};

