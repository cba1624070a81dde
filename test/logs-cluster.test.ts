// logs.mode cluster: VictoriaLogs' cluster (vlinsert, vlselect, vlstorage), every consumer pointed
// at vlinsert or vlselect, the refusals, the former single node's logs kept readable, and what the
// plan counts. The cluster's parts are not in Debian (no VictoriaLogs package at all): what they do
// is taken from the VictoriaLogs docs and the chart's templates (cited in
// src/components/victoria-logs.ts) and checked on the real chart render (test/render.test.ts with
// VIGIL_CHARTS, and here with vigil's stand-in chart).
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { parse } from "yaml";
import { generate, withRender } from "../src/pipeline.js";
import { formatPlan } from "../src/cli/plan.js";
import { renderReleases } from "../src/render/index.js";
import { alloyConfig } from "../src/logs/alloy-config.js";
import { vectorConfig, VECTOR_SINKS } from "../src/logs/vector-config.js";
import { buildCluster, CHARTS_DIR, configErrors, HELM, helmAvailable, parsedConfig, PROJECT_ROOT, treeOf, upstreamChartsAvailable } from "./helpers.js";
import { VL_DATA_PATH, VL_PREVIOUS } from "../src/components/victoria-logs.js";

const CLUSTER = { cluster: { name: "lab", nodes: 3 }, logs: { mode: "cluster" }, storage: { logs: { size: "30Gi" } } };

const errorsOf = configErrors;
const tree = (input: unknown) => treeOf(input, { app: "victoria-logs", chart: "victoria-logs-cluster" });

const PARTS = (part: string) => ({ "app.kubernetes.io/component": part, "app.kubernetes.io/instance": "victoria-logs", "app.kubernetes.io/name": "victoria-logs-cluster" });

describe("logs.mode cluster: config", () => {
  it("is refused on one node, with the path and the reason", () => {
    expect(errorsOf({ logs: { mode: "cluster" } })).toEqual([expect.stringMatching(/^logs\.mode: logs\.mode: "cluster" needs cluster\.nodes of at least 2 \(it is 1\): its vlstorage nodes would share one node's disk/)]);
  });

  it("refuses what cannot be scheduled, Loki, no log store, and settings without the mode", () => {
    expect(errorsOf({ ...CLUSTER, logs: { mode: "cluster", cluster: { vlstorage: 4 } } })).toEqual([expect.stringMatching(/^logs\.cluster\.vlstorage: .*4 vlstorage nodes, but cluster\.nodes is 3: each vlstorage runs on a node of its own .*at most 3/)]);
    expect(errorsOf({ logs: { cluster: { vlstorage: 2 } } })).toEqual([expect.stringMatching(/^logs\.cluster: .*only with logs\.mode: "cluster"/)]);
    expect(errorsOf({ ...CLUSTER, logs: { backend: "loki", mode: "cluster" } })).toEqual([expect.stringMatching(/^logs\.mode: .*the VictoriaLogs cluster; Loki's simple-scalable mode is not built yet: use logs\.backend "victorialogs", or mode "single"/)]);
    expect(errorsOf({ ...CLUSTER, components: { logs: false, logAgent: false } })).toEqual([expect.stringMatching(/^logs\.mode: .*needs components\.logs: true/)]);
    expect(errorsOf({ ...CLUSTER, logs: { mode: "cluster", cluster: { vlinsert: 0 } } }).join("\n")).toMatch(/logs\.cluster\.vlinsert/);
  });

  it("configures a fleet's hub: a spoke's entry may not set it, spokes never inherit it, and the hub's ingest writes to vlinsert", async () => {
    const fleet = { ingest: { address: "100.64.0.1" } };
    expect(errorsOf({ ...CLUSTER, fleet: { ...fleet, hub: "hub", clusters: { hub: {}, home: { logs: { mode: "cluster" } } } } }).join("\n")).toMatch(/fleet\.clusters\.home\.logs\.mode: .*a spoke stores nothing: its log agent ships/);
    const input = { ...CLUSTER, fleet: { ...fleet, hub: "hub", clusters: { hub: {}, home: { cluster: { nodes: 1 } } } } };
    const hub = await buildCluster(input, "hub");
    const spoke = await buildCluster(input, "home");
    expect(hub.stack.logsCluster).toBeDefined();
    expect(spoke.stack.logsCluster).toBeUndefined();
    const ingest = parse(parse(hub.output.files.get("clusters/hub/monitoring/fleet-ingest/configmap-fleet-ingest.yaml")!).data["auth.yaml"]);
    expect(ingest.users[0].url_map[1]).toEqual({ src_paths: ["/insert/elasticsearch/.*", "/insert/loki/api/v1/push"], url_prefix: "http://vlinsert.monitoring.svc:9481" });
    expect(hub.parts.flows.map((f) => `${f.from} → ${f.to}:${f.port}`)).toContain("vmauthIngest → vlinsert:9481");
  });
});

describe("logs.mode cluster: the tree", () => {
  it("deploys vlstorage a node each with its volume, vlinsert and vlselect spread, a PDB each, restricted pods, no chart scrapes", async () => {
    const { g, values } = await tree(CLUSTER);
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(g.output.releases.find((r) => r.release === "victoria-logs")).toMatchObject({ chart: "victoria-logs-cluster", version: "0.2.8" });
    const v = values();
    expect(v.vector).toEqual({ enabled: false });
    expect(v.vlstorage).toMatchObject({
      fullnameOverride: "vlstorage",
      replicaCount: 2,
      retentionPeriod: g.stack.retention.logs,
      retentionMaxDiskUsagePercent: 80,
      persistentVolume: { enabled: true, size: "30Gi", storageClassName: "local-path", accessModes: ["ReadWriteOnce"] },
    });
    expect(v.vlstorage.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([{ labelSelector: { matchLabels: PARTS("vlstorage") }, topologyKey: "kubernetes.io/hostname" }]);
    for (const part of ["vlstorage", "vlinsert", "vlselect"]) {
      expect(v[part], part).toMatchObject({
        fullnameOverride: part,
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        vmServiceScrape: { enabled: false },
        podSecurityContext: { enabled: true, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: { enabled: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true },
      });
    }
    for (const part of ["vlinsert", "vlselect"]) {
      expect(v[part].topologySpreadConstraints, part).toEqual([{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: PARTS(part) } }]);
    }
    // A vlstorage away (a node rebooting) must not make every query fail.
    expect(v.vlselect.extraArgs).toEqual({ "search.allowPartialResponse": true });
  });

  it("points every consumer at vlinsert or vlselect", async () => {
    const { g, file } = await tree({ ...CLUSTER, access: { ingress: {}, uis: { logs: "https://logs.lab.example.com", passwordSecret: "ui" } } });
    const grafana = file("monitoring/grafana/values.yaml").grafana;
    const ds = grafana.datasources["datasources.yaml"].datasources.find((d: { uid: string }) => d.uid === "victorialogs");
    expect(ds.url).toBe("http://vlselect.monitoring.svc:9471");
    expect(file("monitoring/alert-rules/vmalert-vm-logs.yaml").spec.datasource.url).toBe("http://vlselect.monitoring.svc:9471");
    expect(file("monitoring/access/vmuser-vigil-ui.yaml").spec.targetRefs[0]).toMatchObject({ static: { url: "http://vlselect.monitoring.svc:9471" } });
    const sinks = (vectorConfig(g.stack) as { sinks: Record<string, { endpoints?: string[] }> }).sinks;
    for (const sink of [VECTOR_SINKS.pods, VECTOR_SINKS.journal]) expect(sinks[sink]?.endpoints, sink).toEqual(["http://vlinsert.monitoring.svc:9481/insert/elasticsearch/"]);
    // Each part scraped under a job of its own, on its Service's http port; no single node left.
    for (const [job, port] of [["vlstorage", 9491], ["vlinsert", 9481], ["vlselect", 9471]] as const) {
      expect(g.parts.scrapes.find((s) => s.job === job)?.target.port, job).toBe(port);
    }
    expect(g.parts.scrapes.some((s) => s.job === "victorialogs")).toBe(false);
  });

  it("ships Alloy's lines to vlinsert's Loki push API", async () => {
    const g = await generate(parsedConfig({ ...CLUSTER, logs: { mode: "cluster", agent: "alloy" } }), { source: "test" });
    expect(alloyConfig(g.stack)).toContain('url = "http://vlinsert.monitoring.svc:9481/insert/loki/api/v1/push"');
  });

  it("admits the cluster's own connections and nothing of the single node", async () => {
    const { g } = await tree(CLUSTER);
    const flows = g.parts.flows.map((f) => `${f.from} → ${f.to}:${f.port}`);
    expect(flows).toEqual(expect.arrayContaining(["vlinsert → vlstorage:9491", "vlselect → vlstorage:9491", "vector → vlinsert:9481", "grafana → vlselect:9471", "vmalertLogs → vlselect:9471", "vmagent → vlstorage:9491"]));
    expect(flows.filter((f) => f.includes("victoriaLogs"))).toEqual([]);
  });

  it("watches the cluster: its alerts, the disk alert on vlstorage, a dashboard row, the ingestion panels on vlinsert", async () => {
    const { g, file } = await tree(CLUSTER);
    const rules = file("monitoring/alert-rules/vmrule-vigil-alert-rules.yaml").spec.groups.flatMap((gr: { rules: { alert?: string; expr: string }[] }) => gr.rules);
    const alert = (name: string) => rules.find((r: { alert?: string }) => r.alert === name);
    for (const name of ["VlstorageNodeDown", "VlstorageReadOnly", "VlselectStorageErrors"]) expect(alert(name), name).toBeDefined();
    expect(alert("VictoriaLogsDiskFull").expr).toContain('vl_free_disk_space_bytes{job="vlstorage"}');
    const stack = JSON.parse(file("monitoring/dashboards/configmap-dashboard-vigil-stack.yaml").data["vigil-stack.json"]);
    expect(stack.panels.some((p: { type: string; title: string }) => p.type === "row" && p.title === "VictoriaLogs cluster")).toBe(true);
    const ingested = stack.panels.filter((p: { title: string }) => p.title === "VictoriaLogs: lines ingested");
    expect(ingested.map((p: any) => p.targets[0].expr)).toEqual([expect.stringContaining('job="vlinsert"')]);
    const logs = JSON.parse(file("monitoring/dashboards/configmap-dashboard-vigil-logs.yaml").data["vigil-logs.json"]);
    expect(logs.panels.filter((p: { title: string }) => p.title === "Ingestion rate").map((p: any) => p.targets[0].expr)).toEqual([expect.stringContaining('job="vlinsert"')]);
    // The Logs dashboard is the single node's, panel for panel.
    const single = await tree({ cluster: { name: "lab", nodes: 3 } });
    const singleLogs = JSON.parse(single.file("monitoring/dashboards/configmap-dashboard-vigil-logs.yaml").data["vigil-logs.json"]);
    const titles = (d: { panels: { title: string }[] }) => d.panels.map((p) => p.title);
    expect(titles(logs)).toEqual(titles(singleLogs));
    expect(titles(logs)).toEqual(expect.arrayContaining(["Log lines by namespace", "Error lines by namespace", "Logs"]));
    // Without the cluster, none of its alerts.
    const singleRules = single.file("monitoring/alert-rules/vmrule-vigil-alert-rules.yaml").spec.groups.flatMap((gr: { rules: { alert?: string }[] }) => gr.rules);
    expect(singleRules.some((r: { alert?: string }) => r.alert?.startsWith("Vl"))).toBe(false);
    expect(singleRules.find((r: { alert?: string }) => r.alert === "VictoriaLogsDiskFull").expr).toContain('job="victorialogs"');
  });

  it("vigil plan counts each replica and each vlstorage volume", async () => {
    const g = await buildCluster({ ...CLUSTER, logs: { mode: "cluster", cluster: { vlstorage: 3 } } });
    const text = formatPlan(g.plan, 3);
    expect(text).toMatch(/^vlstorage\s+victoria-logs\s+StatefulSet\/vlstorage\s+3\s/m);
    expect(text).toMatch(/^vlinsert\s+victoria-logs\s+Deployment\/vlinsert\s+2\s/m);
    expect(text).toMatch(/^logs\s+victoria-logs\s+local-path\s+3 × 30Gi/m);
  });
});

describe("logs.cluster.previousSingle: the former single node's logs", () => {
  it("serves the single node's claim to vlselect only, read by the same VictoriaLogs with the same retention", async () => {
    const { g, file, values } = await tree({ ...CLUSTER, logs: { mode: "cluster", cluster: { previousSingle: true } } });
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // The claim the single chart's StatefulSet made: volumeClaimTemplates "server-volume" of pod victoria-logs-0.
    const single = await tree({});
    const singleValues = single.file("monitoring/victoria-logs/values.yaml")["victoria-logs-single"].server;
    expect(singleValues.fullnameOverride).toBe("victoria-logs");
    const deploy = file("monitoring/victoria-logs-previous/deployment-victoria-logs-previous.yaml");
    const pod = deploy.spec.template.spec;
    expect(pod.volumes).toEqual([{ name: "data", persistentVolumeClaim: { claimName: "server-volume-victoria-logs-0" } }]);
    expect(pod.containers[0].args).toEqual(["-storageDataPath=/storage", "-httpListenAddr=:9428", `-retentionPeriod=${g.stack.retention.logs}`, "-insert.disable", "-loggerFormat=json"]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: "data", mountPath: "/storage" }]);
    expect(deploy.spec.strategy).toEqual({ type: "Recreate" });
    // vlselect asks it; vlinsert does not know it, so nothing new lands there.
    const v = values();
    expect(v.vlselect.extraArgs.storageNode).toEqual(["victoria-logs-previous.monitoring.svc:9428"]);
    expect(v.vlinsert.extraArgs).toBeUndefined();
    const flows = g.parts.flows.map((f) => `${f.from} → ${f.to}:${f.port}`);
    expect(flows).toContain("vlselect → victoriaLogsPrevious:9428");
    expect(flows.filter((f) => f.endsWith("victoriaLogsPrevious:9428"))).toEqual(["vlselect → victoriaLogsPrevious:9428"]);
    // The plan counts the old claim beside the new ones.
    expect(g.plan.volumes.filter((x) => x.volume === "logs").map((x) => x.count)).toEqual([2, 1]);
  });
});

describe.runIf(upstreamChartsAvailable("the single chart's claim name") && helmAvailable("the single chart's claim name"))("the real victoria-logs-single chart (VIGIL_CHARTS)", () => {
  it("names the claim of its pod as previousSingle reads it", async () => {
    const g = await generate(parsedConfig({}), { source: "test" });
    const r = await renderReleases(g.output.releases.filter((x) => x.release === "victoria-logs"), { chartsDir: CHARTS_DIR, helm: HELM });
    const sts = r.releases.flatMap((x) => x.objects ?? []).find((o) => o.object.kind === "StatefulSet")!.object as any;
    expect(`${sts.spec.volumeClaimTemplates[0].metadata.name}-${sts.metadata.name}-0`).toBe(VL_PREVIOUS.claim);
    expect(sts.spec.template.spec.containers[0].volumeMounts.find((m: { name: string }) => m.name === sts.spec.volumeClaimTemplates[0].metadata.name).mountPath).toBe(VL_DATA_PATH);
  });
});

describe.runIf(helmAvailable("the render of the VictoriaLogs cluster"))("the VictoriaLogs cluster rendered with the real Helm (vigil's stand-in chart)", () => {
  it("its Services and pods are where the scrapes, the NetworkPolicies and the consumers look, and vlselect's storage nodes are allowed", async () => {
    const g = await generate(parsedConfig({ ...CLUSTER, logs: { mode: "cluster", cluster: { vlstorage: 3, previousSingle: true } } }), { source: "test" });
    const r = await renderReleases(g.output.releases, { chartsDir: join(PROJECT_ROOT, "test", "fixtures", "charts"), helm: HELM });
    expect(r.releases.map((x) => x.error ?? x.unavailable).filter(Boolean)).toEqual([]);
    // The stand-in renders no securityContext (the real chart's are checked with VIGIL_CHARTS): the wiring is what counts here.
    const wiring = (x: typeof g) => x.diagnostics.filter((d) => d.severity === "error" && /^(render|wiring): /.test(d.message)).map((d) => d.message);
    const checked = await withRender(g, r);
    expect(wiring(checked)).toEqual([]);
    // Break the chart's labels the way a wrong table would: the scrapes and the Service URLs no longer find them.
    const broken = g.output.releases.find((x) => x.release === "victoria-logs")!;
    (broken.values as any).vlselect.fullnameOverride = "vlogs-select";
    const again = await withRender(g, await renderReleases(g.output.releases, { chartsDir: join(PROJECT_ROOT, "test", "fixtures", "charts"), helm: HELM }));
    expect(wiring(again).join("\n")).toMatch(/vlselect/);
  });
});
