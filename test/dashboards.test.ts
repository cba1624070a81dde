// Dashboards: the default tree has vigil's dashboards as ConfigMaps; the build's checks catch a
// broken query, an unknown metric, an undefined variable and an unknown datasource; panels follow
// what is scraped; Grafana installs only the pinned plugin.
import { parsedConfig } from "./helpers.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generate } from "../src/pipeline.js";
import { COMPONENTS } from "../src/components/index.js";
import { defineComponent } from "../src/components/types.js";
import { buildDashboard, type DashboardSpec } from "../src/dashboards/build.js";

const config = parsedConfig;

const EXPECTED = ["vigil-alerts", "vigil-cluster", "vigil-control-plane", "vigil-coredns", "vigil-logs", "vigil-node", "vigil-stack", "vigil-volumes", "vigil-workloads"];

describe("dashboards in the tree", () => {
  it("the default tree has every vigil dashboard as a sidecar ConfigMap in its folder", async () => {
    const gen = await generate(config({}), { source: "test" });
    expect(gen.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const files = [...gen.output.files.keys()].filter((f) => f.startsWith("monitoring/dashboards/"));
    expect(files.sort()).toEqual(EXPECTED.map((u) => `monitoring/dashboards/configmap-dashboard-${u}.yaml`));
    const cm = parse(gen.output.files.get("monitoring/dashboards/configmap-dashboard-vigil-node.yaml")!);
    expect(cm.metadata.labels.grafana_dashboard).toBe("1");
    expect(cm.metadata.annotations.grafana_folder).toBe("Nodes");
    const json = JSON.parse(cm.data["vigil-node.json"]);
    expect(json.uid).toBe("vigil-node");
    expect(json.templating.list.map((v: any) => v.name)).toEqual(["cluster", "node"]);
    expect(json.links[0]).toMatchObject({ type: "dashboards", tags: ["vigil"], includeVars: true });
    expect(JSON.stringify(json)).not.toContain("gnetId");
  });

  it("every dashboard has the cluster variable and uses only provisioned datasource UIDs", async () => {
    const gen = await generate(config({}), { source: "test" });
    for (const d of gen.parts.dashboards) {
      const json = d.json as any;
      expect(json.templating.list[0].name, d.uid).toBe("cluster");
      for (const p of json.panels.filter((p: any) => p.type !== "row")) expect(["victoriametrics", "victorialogs"], `${d.uid}/${p.title}`).toContain(p.datasource.uid);
    }
  });

  it("panels follow what is scraped: no etcd on SQLite K3s, all of it on Talos", async () => {
    const titles = async (input: unknown) => {
      const gen = await generate(config(input), { source: "test" });
      const cp = gen.parts.dashboards.find((d) => d.uid === "vigil-control-plane")!.json as any;
      return cp.panels.map((p: any) => p.title);
    };
    expect(await titles({})).not.toContain("etcd");
    expect(await titles({ cluster: { distribution: "talos" } })).toEqual(expect.arrayContaining(["etcd", "Has leader", "API server"]));
    const noLogs = await generate(config({ components: { logs: false, logAgent: false } }), { source: "test" });
    expect(noLogs.parts.dashboards.map((d) => d.uid)).not.toContain("vigil-logs");
    // App dashboards come with their scrapes (alerting.groups.<app>).
    const apps = await generate(config({ exporters: { certManager: true, flux: true, argocd: true, traefik: true, longhorn: true } }), { source: "test" });
    expect(apps.parts.dashboards.map((d) => d.uid)).toEqual(expect.arrayContaining(["vigil-cert-manager", "vigil-flux", "vigil-argocd", "vigil-traefik", "vigil-longhorn"]));
    expect(apps.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const pve = await generate(config({ apps: { proxmox: { hosts: ["192.168.1.5"] } } }), { source: "test" });
    expect(pve.parts.dashboards.map((d) => d.uid)).toContain("vigil-proxmox");
    // Password auth: the chart reads the Secret's key password instead of the token's (issue 18).
    const password = await generate(config({ apps: { proxmox: { hosts: ["192.168.1.5"], auth: "password" } } }), { source: "test" });
    expect(password.parts.secrets.find((x) => x.name === "pve-exporter")!.keys).toEqual(["password"]);
    expect(password.parts.releases.find((r) => r.app === "pve-exporter")!.values.env).toMatchObject({ pveAuthType: "password", pveExistingSecretName: "pve-exporter" });
    expect(pve.parts.secrets.find((x) => x.name === "pve-exporter")!.keys).toEqual(["tokenName", "tokenValue"]);
    expect(pve.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const plain = await generate(config({}), { source: "test" });
    expect(plain.parts.dashboards.map((d) => d.uid)).not.toContain("vigil-flux");
  });
});

describe("the build's dashboard checks", () => {
  const planted = (rows: DashboardSpec["rows"], variables: DashboardSpec["variables"] = []) =>
    defineComponent({
      name: "planted",
      description: "a broken dashboard",
      enabledWhen: () => true,
      render() {},
      assemble(ctx) {
        const spec: DashboardSpec = { uid: "planted", title: "Planted", folder: "x", description: "", variables, rows };
        ctx.dashboard({ uid: spec.uid, title: spec.title, folder: spec.folder, json: buildDashboard(spec, new Set(["node-exporter"]))! });
      },
    });
  const errorsWith = async (component: ReturnType<typeof planted>) => {
    const gen = await generate(config({}), { source: "test", components: [...COMPONENTS, component] });
    return gen.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
  };

  it("catches a broken query", async () => {
    const errors = await errorsWith(planted([{ title: "r", panels: [{ title: "Broken", kind: "timeseries", queries: [{ expr: 'sum(rate(node_load1{cluster="$cluster"}[$__rate_interval])' }] }] }]));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^dashboard "Planted" \(planted\), panel "Broken": invalid PromQL, syntax error/);
  });

  it("catches an unknown metric", async () => {
    expect(await errorsWith(planted([{ title: "r", panels: [{ title: "Typo", kind: "stat", queries: [{ expr: 'node_lod1{cluster="$cluster"}' }] }] }]))).toEqual([
      'dashboard "Planted" (planted), panel "Typo": metric "node_lod1" is not delivered by any enabled scrape job',
    ]);
  });

  it("catches an undefined variable, in panels and in variable queries", async () => {
    expect(
      await errorsWith(
        planted([{ title: "r", panels: [{ title: "Var", kind: "stat", queries: [{ expr: 'node_load1{cluster="$cluster", instance="$host"}' }] }] }], [{ name: "node", label: "Node", query: 'label_values(node_uname_info{cluster="$cluster", job="$job"}, instance)' }]),
      ),
    ).toEqual(['dashboard "Planted" (planted), variable "node": variable "$job" is not defined', 'dashboard "Planted" (planted), panel "Var": variable "$host" is not defined']);
  });

  it("catches a datasource that is not provisioned and duplicate dashboard uids", async () => {
    const dup = defineComponent({
      name: "dup",
      description: "a dashboard with vigil's uid and a foreign datasource",
      enabledWhen: () => true,
      render() {},
      assemble(ctx) {
        ctx.dashboard({ uid: "vigil-node", title: "Dup", folder: "x", json: { uid: "vigil-node", panels: [{ id: 1, type: "stat", title: "Foreign", datasource: { uid: "prometheus-old" }, targets: [{ expr: "up" }] }] } });
      },
    });
    const errors = await errorsWith(dup as any);
    expect(errors).toEqual([
      "monitoring/dashboards/configmap-dashboard-vigil-node.yaml: two objects would be written to this file (ConfigMap/dashboard-vigil-node); names must be unique",
      'dashboard "Dup" (vigil-node): uid "vigil-node" is used by another dashboard',
      'dashboard "Dup" (vigil-node), panel "Foreign": datasource "prometheus-old" is not provisioned',
    ]);
  });
});

describe("Grafana downloads nothing but the pinned plugin", () => {
  it("switches Grafana's preinstall list off and installs the pinned archive, or the mirror given", async () => {
    const values = async (input: unknown) => parse((await generate(config(input), { source: "test" })).output.files.get("monitoring/grafana/values.yaml")!).grafana;
    const v = await values({});
    expect(v.env).toEqual({ GF_PLUGINS_PREINSTALL_DISABLED: "true" });
    expect(v.plugins).toBeUndefined();
    expect(v.extraInitContainers[0].command[2]).toBe(
      "grafana cli --pluginsDir /var/lib/grafana/plugins --pluginUrl 'https://github.com/VictoriaMetrics/victorialogs-datasource/releases/download/v0.30.1/victoriametrics-logs-datasource-v0.30.1.zip' plugins install victoriametrics-logs-datasource 0.30.1",
    );
    const mirror = await values({ grafana: { victoriaLogsPluginUrl: "http://files.lan/vl.zip" } });
    expect(mirror.extraInitContainers[0].command[2]).toContain("--pluginUrl 'http://files.lan/vl.zip'");
    const noLogs = await values({ components: { logs: false, logAgent: false } });
    expect(noLogs.extraInitContainers).toBeUndefined();
    expect(JSON.stringify(v.datasources)).toContain('"uid":"victorialogs"');
  });
});

describe("the user's own dashboards", () => {
  it("ships JSON and TypeScript dashboards from grafana.dashboards.folder, checked like vigil's", async () => {
    const { tempDir, vigil, writeFiles } = await import("./helpers.js");
    const dir = tempDir();
    writeFiles(dir, {
      "vigil.yaml": "grafana:\n  dashboards:\n    folder: dashboards\n",
      "dashboards/pihole.json": JSON.stringify({ uid: "pihole", title: "Pi-hole", panels: [{ id: 1, type: "stat", title: "Queries", datasource: { uid: "victoriametrics" }, targets: [{ expr: "sum(pihole_dns_queries_today)" }] }] }),
      "dashboards/up.ts": 'export default { uid: "targets-up", title: "Targets", panels: [{ id: 1, type: "table", title: "Up", datasource: { uid: "victoriametrics" }, targets: [{ expr: "up == 1" }] }] };\n',
    });
    const r = await vigil(dir, "build");
    expect(r.code).toBe(0);
    // An app metric vigil does not scrape is only a warning for a user dashboard.
    expect(r.stderr).toContain('⚠ dashboards/pihole.json: dashboard "Pi-hole" (pihole), panel "Queries": metric "pihole_dns_queries_today" is not delivered by any enabled scrape job');
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const cm = parse(readFileSync(join(dir, "monitoring/dashboards/configmap-dashboard-targets-up.yaml"), "utf8"));
    expect(cm.metadata.annotations.grafana_folder).toBe("Homelab");
  });

  it("finds the folder next to the config file, wherever vigil runs from (issue 11 #13)", async () => {
    const { tempDir, vigil, writeFiles } = await import("./helpers.js");
    const dir = tempDir();
    writeFiles(dir, {
      "sub/vigil.yaml": "grafana:\n  dashboards:\n    folder: dashboards\n",
      "sub/dashboards/up.json": JSON.stringify({ uid: "targets-up", title: "Targets", panels: [{ id: 1, type: "table", title: "Up", datasource: { uid: "victoriametrics" }, targets: [{ expr: "up == 1" }] }] }),
    });
    const r = await vigil(dir, "build", "--config", "sub/vigil.yaml", "--out", "out");
    expect(r.stderr).not.toContain("not a folder next to the config");
    expect(r.code).toBe(0);
    const { existsSync } = await import("node:fs");
    const { join } = await import("node:path");
    expect(existsSync(join(dir, "out/monitoring/dashboards/configmap-dashboard-targets-up.yaml"))).toBe(true);
  });

  it("refuses a dashboard without uid, one with gnetId, and an exported one with ${DS_...}", async () => {
    const { tempDir, vigil, writeFiles } = await import("./helpers.js");
    const dir = tempDir();
    writeFiles(dir, {
      "vigil.yaml": "grafana:\n  dashboards:\n    folder: dashboards\n",
      "dashboards/a.json": JSON.stringify({ title: "No uid" }),
      "dashboards/b.json": JSON.stringify({ uid: "b", gnetId: 1860, title: "Node Exporter Full" }),
    });
    const r = await vigil(dir, "build");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dashboards/a.json: a dashboard needs a "uid"');
    expect(r.stderr).toContain('dashboards/b.json: "gnetId" makes Grafana download the dashboard at start');
    writeFiles(dir, { "dashboards/a.json": JSON.stringify({ uid: "a", title: "Exported", panels: [{ id: 1, type: "stat", title: "X", datasource: { uid: "${DS_PROMETHEUS}" }, targets: [{ expr: "up" }] }] }), "dashboards/b.json": "{}" });
    const r2 = await vigil(dir, "build");
    expect(r2.stderr).toContain("dashboards/b.json: a dashboard needs a");
    writeFiles(dir, { "dashboards/b.json": JSON.stringify({ uid: "b", title: "B", panels: [] }) });
    const r3 = await vigil(dir, "build");
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('dashboards/a.json: dashboard "Exported" (a), panel "X": datasource "${DS_PROMETHEUS}" is not provisioned (a dashboard exported for sharing');
  });
});
