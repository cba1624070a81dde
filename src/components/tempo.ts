// Tempo, the trace store (components.traces): the single binary of the tempo chart, with its
// blocks on a volume, OTLP receivers only, and a Tempo datasource in Grafana linked to the logs and
// metrics. Apps send spans to the trace collector (components/trace-collector.ts), or with
// traces.collector false to tempo.<namespace>.svc:4317 (gRPC) or :4318 (HTTP). Its metrics
// generator (traces.metricsGenerator) remote-writes span metrics and service graphs to the
// metrics store.
import { CHARTS } from "../model/versions.js";
import { retentionHours } from "../config/schema/formats.js";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";
import { memoryMiB } from "../model/resources.js";
import { serviceScrape } from "../scrape/scrape.js";
import { TEMPO } from "../catalog/documented/stack.js";
import { defineComponent } from "./types.js";
import { traceCollectorEnabled } from "./trace-collector.js";
import { DATASOURCES } from "../dashboards/build.js";
import type { Stack } from "../model/stack.js";

/** Whether Tempo's metrics generator runs, and the metrics store takes its series. */
export const tempoMetricsGenerator = (stack: Stack) => stack.enabled.traces && stack.config.traces.metricsGenerator;

/** Exemplars (a trace ID on a sample): Prometheus stores them with exemplar-storage; VictoriaMetrics does not store exemplars (VictoriaMetrics issue #1169). */
export const exemplarsStored = (stack: Stack) => stack.config.metrics.backend === "prometheus";

/** The log datasource's uid and how a span's logs are found there (Grafana's tracesToLogsV2). */
function tracesToLogs(stack: Stack) {
  if (!stack.enabled.logs) return undefined;
  const shift = { spanStartTimeShift: "-5m", spanEndTimeShift: "5m" };
  // The collector puts the sender's namespace and pod on the span's resource; the log stores have them as stream labels (logs/fields.ts).
  const tags = [
    { key: "k8s.namespace.name", value: "namespace" },
    { key: "k8s.pod.name", value: "pod" },
  ];
  if (stack.config.logs.backend === "loki") return { datasourceUid: DATASOURCES.loki.uid, tags, filterByTraceID: true, ...shift };
  // VictoriaLogs' datasource is no Loki: a LogsQL query of the pod's stream and the trace ID in the line.
  return {
    datasourceUid: DATASOURCES.logs.uid,
    customQuery: true,
    // Grafana expands $NAME in provisioning files from its environment: $$ keeps a literal $.
    query: '{namespace="$${__span.tags["k8s.namespace.name"]}", pod="$${__span.tags["k8s.pod.name"]}"} "$${__trace.traceId}"',
    ...shift,
  };
}

/** OTLP ports of Tempo's receivers (the chart's defaults, kept). */
const OTLP = { grpc: 4317, http: 4318 };

export default defineComponent({
  name: "tempo",
  description: "Tempo single binary, the trace store",
  enabledWhen: (stack) => stack.enabled.traces,
  render(ctx) {
    const { stack } = ctx;
    const volume = ctx.volume("traces");
    const service = stack.services.tempo;
    const resources = ctx.resources("tempo", { workload: `StatefulSet/${stack.apps.traces}` });
    ctx.release(stack.apps.traces, CHARTS.tempo, {
      fullnameOverride: stack.apps.traces,
      tempo: {
        // Tempo reads Go durations: the retention in hours.
        retention: `${retentionHours(stack.retention.traces)}h`,
        reportingEnabled: false,
        resources,
        // The chart's 1 GiB ballast would put Go's first garbage collection near 2 GiB of heap,
        // far past the memory limit: no ballast, and a soft limit at 90% of the hard one instead.
        memBallastSizeMbs: 0,
        extraEnv: [{ name: "GOMEMLIMIT", value: `${Math.floor(memoryMiB(resources.limits.memory) * 0.9)}MiB` }],
        // The chart's templates read the Jaeger receivers unconditionally (templates/_ports.tpl):
        // removing them fails the render, so they keep the chart's defaults. The NetworkPolicy
        // admits spans on the OTLP ports only.
        receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP.grpc}` }, http: { endpoint: `0.0.0.0:${OTLP.http}` } } } },
        securityContext: RESTRICTED_CONTAINER,
        ...(tempoMetricsGenerator(stack)
          ? {
              // The chart mounts an emptyDir on /tmp for the generator's WAL (templates/statefulset.yaml).
              metricsGenerator: {
                enabled: true,
                remoteWriteUrl: stack.remoteWriteUrl,
                storage: { path: "/tmp/tempo", remote_write: [{ url: stack.remoteWriteUrl, ...(exemplarsStored(stack) ? { send_exemplars: true } : {}) }] },
                // Series carry the cluster like every scraped one (vmagent's and Prometheus's external labels).
                registry: { external_labels: { [stack.clusterLabel]: stack.cluster.name } },
              },
              // Tempo runs the processors a tenant's overrides name (one tenant here: the defaults).
              overrides: { defaults: { metrics_generator: { processors: ["service-graphs", "span-metrics"] } } },
            }
          : {}),
      },
      // The chart runs it as 10001 with fsGroup; seccomp added.
      securityContext: RESTRICTED_POD,
      // The cluster's default StorageClass: the chart's values have no storageClassName.
      persistence: { enabled: true, size: volume.size },
    });
    const generator = tempoMetricsGenerator(stack);
    const logs = tracesToLogs(stack);
    ctx.datasource({
      name: "Tempo",
      uid: "tempo",
      type: "tempo",
      url: service.url,
      access: "proxy",
      jsonData: {
        ...(logs ? { tracesToLogsV2: logs } : {}),
        // The span metrics carry the span's service as `service` (Tempo's span-metrics processor).
        ...(generator
          ? {
              tracesToMetrics: {
                datasourceUid: DATASOURCES.metrics.uid,
                spanStartTimeShift: "-5m",
                spanEndTimeShift: "5m",
                tags: [{ key: "service.name", value: "service" }],
                queries: [
                  { name: "Request rate", query: "sum by (span_name) (rate(traces_spanmetrics_calls_total{$$__tags}[5m]))" },
                  { name: "Error rate", query: 'sum by (span_name) (rate(traces_spanmetrics_calls_total{$$__tags, status_code="STATUS_CODE_ERROR"}[5m]))' },
                  { name: "Latency p95", query: "histogram_quantile(0.95, sum by (le, span_name) (rate(traces_spanmetrics_latency_bucket{$$__tags}[5m])))" },
                ],
              },
              serviceMap: { datasourceUid: DATASOURCES.metrics.uid },
            }
          : {}),
        nodeGraph: { enabled: true },
        search: { hide: false },
      },
    });
    // Spans come from the collector, or (traces.collector false) from any pod of the cluster; only the stack scrapes and queries it.
    if (traceCollectorEnabled(stack)) ctx.allow("traceCollector", { pods: "tempo", port: OTLP.grpc }, "sampled spans from the trace collector");
    else for (const port of Object.values(OTLP)) ctx.allow("anywhere", { pods: "tempo", port }, "spans from the cluster's apps (OTLP)");
    if (generator) {
      ctx.allow("tempo", stack.services.write, "the metrics generator's span metrics and service graphs, remote-written");
      ctx.after(stack.apps.traces, stack.apps.metrics, "the metrics store its metrics generator writes to");
    }
    ctx.allow("scraper", service, "scrape");
    ctx.scrape({
      job: "tempo",
      scrape: serviceScrape("tempo", {
        port: service.port,
        path: "/metrics",
        scheme: "http",
        namespace: stack.namespace,
        selector: stack.pods.tempo,
        portName: "tempo-prom-metrics",
      }),
      metrics: TEMPO,
      target: { where: `Service ${service.name}`, port: service.port, path: "/metrics", scheme: "http" },
      per: "cluster",
      seriesPerTarget: 600,
    });
  },
});
