// Traces end to end (components.traces): Tempo's values, its metrics generator, the collector in
// front of it, Grafana's links between traces, logs and metrics, and what may connect.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generate } from "../src/pipeline.js";
import { parsedConfig } from "./helpers.js";
import { allowed } from "../src/checks/netpol.js";
import { parsePromQL } from "../src/checks/promql.js";
import { parseAlloy, unresolvedReferences } from "../src/logs/alloy-syntax.js";
import { TEMPO_METRICS_GENERATOR } from "../src/catalog/documented/stack.js";
import { afterTpl } from "../src/model/helm-tpl.js";

const traces = (input: Record<string, unknown> = {}) => generate(parsedConfig({ components: { traces: true }, ...input }), { source: "test" });
const tempoDatasource = (g: Awaited<ReturnType<typeof traces>>) => g.parts.datasources.find((d) => d.uid === "tempo")!;

describe("traces with Tempo", () => {
  it("is off by default", async () => {
    const g = await generate(parsedConfig({}), { source: "test" });
    expect([...g.output.files.keys()].some((f) => f.startsWith("monitoring/tempo/"))).toBe(false);
  });

  it("keeps traces for the retention, on a volume, admits spans on the OTLP ports only, and gives Grafana a Tempo datasource", async () => {
    const g = await generate(parsedConfig({ components: { traces: true }, retention: { traces: "3d" }, storage: { traces: { size: "5Gi" } } }), { source: "test" });
    const v = parse(g.output.files.get("monitoring/tempo/values.yaml")!).tempo;
    expect(v.tempo.retention).toBe("72h");
    // Jaeger keeps the chart's defaults: its templates read them unconditionally, and `jaeger: null`
    // fails the render (issue 11 #2); the NetworkPolicy admits the OTLP ports only.
    expect(v.tempo.receivers).toEqual({ otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } } } });
    expect(v.tempo.reportingEnabled).toBe(false);
    // No ballast (it would delay garbage collection past the limit); Go's soft limit below the hard one.
    expect([v.tempo.memBallastSizeMbs, v.tempo.extraEnv]).toEqual([0, [{ name: "GOMEMLIMIT", value: "460MiB" }]]);
    expect(v.tempo.resources.limits.memory).toBe("512Mi");
    expect(v.persistence).toEqual({ enabled: true, size: "5Gi" });
    expect(g.parts.datasources.find((d) => d.uid === "tempo")).toMatchObject({ type: "tempo", url: "http://tempo.monitoring.svc:3200" });
    expect(g.plan.volumes.find((x) => x.volume === "traces")).toMatchObject({ size: "5Gi", storageClass: "(cluster default)" });
    expect(g.parts.scrapes.find((s) => s.job === "tempo")?.target).toEqual({ where: "Service tempo", port: 3200, path: "/metrics", scheme: "http" });
  });

  it("traces.collector false: any pod of the cluster may send spans to Tempo; only Grafana and vmagent reach its HTTP port", async () => {
    const g = await traces({ traces: { collector: false } });
    const policies = g.output.objects.map((o) => o.object).filter((o) => o.kind === "NetworkPolicy");
    const tempo = { namespace: "monitoring", labels: g.stack.pods.tempo };
    const app = { namespace: "shop", labels: { app: "checkout" } };
    expect([4317, 4318, 3200].map((port) => allowed(policies, app, tempo, port))).toEqual([true, true, false]);
    expect([...g.output.files.keys()].some((f) => f.startsWith("monitoring/trace-collector/"))).toBe(false);
    expect(allowed(policies, { namespace: "monitoring", labels: g.stack.pods.grafana }, tempo, 3200)).toBe(true);
    expect(allowed(policies, { namespace: "monitoring", labels: g.stack.pods.vmagent }, tempo, 3200)).toBe(true);
  });

  it("the collector: apps send OTLP (and Zipkin) to it, it samples by trace ID, adds the pod, batches, and forwards to Tempo, the only one that reaches Tempo's receivers", async () => {
    const g = await traces({ traces: { sampleRate: 25, zipkin: true } });
    const v = parse(g.output.files.get("monitoring/trace-collector/values.yaml")!).alloy;
    expect(v.controller).toEqual({ type: "deployment", replicas: 1 });
    expect(v.alloy.extraPorts.map((p: { port: number }) => p.port)).toEqual([4317, 4318, 9411]);
    const config = afterTpl(v.alloy.configMap.content);
    const blocks = parseAlloy(config);
    expect(unresolvedReferences(blocks)).toEqual([]);
    expect(config).toContain("sampling_percentage = 25");
    expect(config).toContain('endpoint = "tempo.monitoring.svc:4317"');
    expect(config).toContain('otelcol.receiver.zipkin "apps"');
    // The pipeline, in order: every receiver into k8sattributes, then the sampler, the batch, Tempo.
    const order = ["otelcol.processor.k8sattributes.pods", "otelcol.processor.probabilistic_sampler.traces", "otelcol.processor.batch.traces", "otelcol.exporter.otlp.tempo"];
    for (const [i, next] of order.entries()) expect(config.indexOf(`${next}.input`), next).toBeGreaterThan(i === 0 ? 0 : config.indexOf(`${order[i - 1]}.input`));
    // As nobody, without host paths; RBAC for k8sattributes only.
    expect(v.global.podSecurityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(v.alloy.mounts).toEqual({ varlog: false });
    expect(v.rbac).toEqual({ rules: [{ apiGroups: [""], resources: ["pods", "namespaces"], verbs: ["get", "list", "watch"] }], clusterRules: [{ apiGroups: ["apps"], resources: ["replicasets"], verbs: ["get", "list", "watch"] }] });

    const policies = g.output.objects.map((o) => o.object).filter((o) => o.kind === "NetworkPolicy");
    const app = { namespace: "shop", labels: { app: "checkout" } };
    const collector = { namespace: "monitoring", labels: g.stack.pods.traceCollector };
    const tempo = { namespace: "monitoring", labels: g.stack.pods.tempo };
    expect([4317, 4318, 9411, 12345].map((port) => allowed(policies, app, collector, port))).toEqual([true, true, true, false]);
    expect([4317, 4318].map((port) => allowed(policies, app, tempo, port))).toEqual([false, false]);
    expect(allowed(policies, { namespace: "monitoring", labels: g.stack.pods.traceCollector }, tempo, 4317)).toBe(true);
    expect(g.parts.order).toContainEqual({ app: "trace-collector", after: "tempo", why: "Tempo, where it forwards the spans" });
  });

  it("the metrics generator writes span metrics and service graphs to the metrics store with the cluster label; Tempo waits for the store", async () => {
    const g = await traces();
    const v = parse(g.output.files.get("monitoring/tempo/values.yaml")!).tempo.tempo;
    expect(v.metricsGenerator).toMatchObject({ enabled: true, storage: { remote_write: [{ url: "http://vmsingle-vm.monitoring.svc:8428/api/v1/write" }] }, registry: { external_labels: { cluster: "homelab" } } });
    expect(v.overrides.defaults.metrics_generator.processors).toEqual(["service-graphs", "span-metrics"]);
    const policies = g.output.objects.map((o) => o.object).filter((o) => o.kind === "NetworkPolicy");
    expect(allowed(policies, { namespace: "monitoring", labels: g.stack.pods.tempo }, { namespace: "monitoring", labels: g.stack.pods.vmsingle }, 8428)).toBe(true);
    expect(g.parts.order).toContainEqual({ app: "tempo", after: "victoria-metrics", why: "the metrics store its metrics generator writes to" });
    // VictoriaMetrics stores no exemplars: none are sent, and the datasource has no exemplar link.
    expect(v.metricsGenerator.storage.remote_write[0].send_exemplars).toBeUndefined();
    expect(g.parts.datasources.find((d) => d.uid === "victoriametrics")!.jsonData!.exemplarTraceIdDestinations).toBeUndefined();
    const off = await traces({ traces: { metricsGenerator: false } });
    expect(parse(off.output.files.get("monitoring/tempo/values.yaml")!).tempo.tempo.metricsGenerator).toBeUndefined();
    expect(tempoDatasource(off).jsonData!.tracesToMetrics).toBeUndefined();
  });

  it("on Prometheus: the remote-write receiver and exemplar storage are on, exemplars are sent and link to Tempo", async () => {
    const g = await traces({ metrics: { backend: "prometheus" } });
    const kps = parse(g.output.files.get("monitoring/kube-prometheus-stack/values.yaml")!)["kube-prometheus-stack"].prometheus.prometheusSpec;
    expect([kps.enableRemoteWriteReceiver, kps.enableFeatures]).toEqual([true, ["exemplar-storage"]]);
    const v = parse(g.output.files.get("monitoring/tempo/values.yaml")!).tempo.tempo;
    expect(v.metricsGenerator.storage.remote_write).toEqual([{ url: "http://prometheus-kube-prometheus-stack.monitoring.svc:9090/api/v1/write".replace("prometheus-kube-prometheus-stack", g.stack.services.write.name), send_exemplars: true }]);
    expect(g.parts.datasources.find((d) => d.isDefault)!.jsonData!.exemplarTraceIdDestinations).toEqual([{ name: "traceID", datasourceUid: "tempo" }]);
  });

  it("Grafana's links: traces to logs (Loki by labels, VictoriaLogs by a LogsQL query), traces to metrics on span metrics that parse, the service map", async () => {
    const loki = tempoDatasource(await traces({ logs: { backend: "loki" } })).jsonData!;
    expect(loki.tracesToLogsV2).toMatchObject({ datasourceUid: "loki", filterByTraceID: true, tags: [{ key: "k8s.namespace.name", value: "namespace" }, { key: "k8s.pod.name", value: "pod" }] });
    const vl = tempoDatasource(await traces()).jsonData! as any;
    expect(vl.tracesToLogsV2).toMatchObject({ datasourceUid: "victorialogs", customQuery: true });
    // Grafana expands $NAME in provisioning from its environment: every $ of a Grafana variable is doubled.
    expect(vl.tracesToLogsV2.query).not.toMatch(/(^|[^$])\$\{/);
    expect(vl.tracesToLogsV2.query.replace(/\$\$/g, "$")).toBe('{namespace="${__span.tags["k8s.namespace.name"]}", pod="${__span.tags["k8s.pod.name"]}"} "${__trace.traceId}"');
    expect(vl.serviceMap).toEqual({ datasourceUid: "victoriametrics" });
    expect(vl.nodeGraph).toEqual({ enabled: true });
    for (const q of vl.tracesToMetrics.queries as { name: string; query: string }[]) {
      // Grafana puts the span's tags where $__tags is (as service="..."); the rest is PromQL.
      const expr = q.query.replace(/\$\$__tags/g, 'service="checkout"');
      const parsed = parsePromQL(expr);
      expect(parsed.errors, q.name).toEqual([]);
      expect(parsed.metrics.length, q.name).toBeGreaterThan(0);
      for (const name of parsed.metrics) expect(TEMPO_METRICS_GENERATOR, `${q.name}: ${name}`).toContain(name);
    }
    // Without logs, no link to them.
    expect(tempoDatasource(await traces({ components: { traces: true, logs: false, logAgent: false } })).jsonData!.tracesToLogsV2).toBeUndefined();
  });
});
