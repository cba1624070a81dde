// Tempo (components.traces): the chart's values, the datasource, what may connect, and the scrape.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generate } from "../src/pipeline.js";
import { parsedConfig } from "./helpers.js";
import { allowed } from "../src/checks/netpol.js";

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

  it("any pod of the cluster may send spans; only Grafana and vmagent reach its HTTP port", async () => {
    const g = await generate(parsedConfig({ components: { traces: true } }), { source: "test" });
    const policies = g.output.objects.map((o) => o.object).filter((o) => o.kind === "NetworkPolicy");
    const tempo = { namespace: "monitoring", labels: g.stack.pods.tempo };
    const app = { namespace: "shop", labels: { app: "checkout" } };
    expect([4317, 4318, 3200].map((port) => allowed(policies, app, tempo, port))).toEqual([true, true, false]);
    expect(allowed(policies, { namespace: "monitoring", labels: g.stack.pods.grafana }, tempo, 3200)).toBe(true);
    expect(allowed(policies, { namespace: "monitoring", labels: g.stack.pods.vmagent }, tempo, 3200)).toBe(true);
  });
});
