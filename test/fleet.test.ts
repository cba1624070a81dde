// A fleet from one config (fleet:): the resolution of the clusters, the agent-only spokes, the
// hub's ingest and its rules over the whole fleet, the hosts' files; then the real parts on
// 127.0.0.1: two real vmagents as two spokes push with the generated settings through a real
// vmauth (configured as the operator would from the hub's VMUsers) into a real victoria-metrics,
// ride out a hub outage on their disk buffers, and the hub's real vmalert notices a silent spoke.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { generateFleet, type GeneratedFleet, type GeneratedMember } from "../src/pipeline.js";
import { parseConfig } from "../src/config/parse.js";
import { loadConfig } from "../src/config/load.js";
import { resolveFleet } from "../src/model/fleet.js";
import { prometheusRuleFile, runToolChecks } from "../src/checks/tool-tests.js";
import { fleetFindings } from "../src/live/findings.js";
import { toYaml } from "../src/emit/yaml.js";
import { parsedConfig, PROJECT_ROOT, referenceAvailable, REFERENCE_DIR, toolsAvailable } from "./helpers.js";
import { freePort, instantQuery, run, sleep, stop, waitFor } from "./processes.js";

const BASE = {
  storage: { storageClass: "local-path" },
  fleet: {
    hub: "hub",
    ingest: { address: "100.64.0.2" },
    clusters: { hub: {}, home: { cluster: { nodes: 1 } }, lab: { cluster: { distribution: "talos", nodes: 3 }, gitops: { target: "flux" } } },
    hosts: { nas: { os: "nixos" }, pi: { os: "debian" } },
  },
};

async function fleetOf(input: unknown): Promise<GeneratedFleet> {
  return generateFleet(parsedConfig(input), { source: "test" });
}
const member = (f: GeneratedFleet, name: string): GeneratedMember => f.members.find((m) => m.member.name === name)!;
const objectsOf = (m: GeneratedMember, kind: string) => m.output.objects.filter((o) => o.object.kind === kind).map((o) => o.object as any);
const vmValues = (m: GeneratedMember) => m.parts.releases.find((r) => r.app === "victoria-metrics")!.values as any;
const errorsOf = (input: unknown) => {
  const p = parseConfig(input);
  return p.ok ? [] : p.errors.map((e) => `${e.path} | ${e.message}`);
};

describe("fleet: one config, several clusters and hosts", () => {
  it("without fleet: one standalone cluster, the tree exactly as before (the golden trees hold it)", async () => {
    const f = await fleetOf({});
    expect(f.members.map((m) => [m.member.name, m.member.role])).toEqual([["homelab", "standalone"]]);
    expect([...f.files.keys()].some((p) => p.startsWith("clusters/"))).toBe(false);
  });

  it("each cluster gets its tree under clusters/<name>/, the hub first, each deployable by its own GitOps tool", async () => {
    const f = await fleetOf(BASE);
    expect(f.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(f.members.map((m) => [m.member.name, m.member.role, m.stack.config.gitops.path, m.stack.config.gitops.target])).toEqual([
      ["hub", "hub", "clusters/hub/monitoring", "argocd"],
      ["home", "spoke", "clusters/home/monitoring", "argocd"],
      ["lab", "spoke", "clusters/lab/monitoring", "flux"],
    ]);
    const tops = new Set([...f.files.keys()].map((p) => p.split("/").slice(0, 2).join("/")));
    expect([...tops].sort()).toEqual(["clusters/hub", "clusters/home", "clusters/lab", "hosts/nas", "hosts/pi"].sort());
    expect(f.files.get("clusters/lab/bootstrap/monitoring-flux.yaml")).toContain("path: ./clusters/lab/monitoring/");
    expect(f.files.get("clusters/home/bootstrap/monitoring-applicationset.yaml")).toContain("path: clusters/home/monitoring/*");
  });

  it("bad fleets are refused with the config path and what is allowed", () => {
    const bad = (patch: Record<string, unknown>) => errorsOf({ ...BASE, fleet: { ...BASE.fleet, ...patch } });
    expect(bad({ hub: "hbu" })).toEqual(['fleet.hub | fleet.hub: "hbu" is not a cluster of fleet.clusters; did you mean "hub"? (clusters: hub, home, lab)']);
    expect(bad({ clusters: { hub: {}, home: { components: { grafana: true } } } })).toEqual([
      "fleet.clusters.home.components.grafana | fleet.clusters.home.components.grafana: a spoke runs agents only; grafana runs on the hub (fleet.hub: hub) for the whole fleet",
    ]);
    expect(bad({ clusters: { hub: {}, home: { alerting: {} } } })).toEqual(["fleet.clusters.home.alerting | fleet.clusters.home.alerting: configures what only the hub runs; set it at the top level or in fleet.clusters.hub"]);
    expect(bad({ clusters: { hub: {}, home: { cluster: { name: "x" } } } })).toEqual([
      'fleet.clusters.home.cluster.name | fleet.clusters.home.cluster.name: the cluster\'s name is its key in fleet.clusters ("home"); remove cluster.name',
    ]);
    expect(bad({ clusters: { hub: {}, home: { clustr: {} } } })).toEqual(['fleet.clusters.home.clustr | fleet.clusters.home.clustr: is not a setting; did you mean "cluster"?']);
    expect(bad({ clusters: { hub: {}, home: { gitops: { path: "clusters/hub/monitoring/x" } } } })).toEqual([
      'fleet.clusters.home.gitops.path | fleet.clusters.home.gitops.path: "clusters/hub/monitoring/x" and the tree of hub ("clusters/hub/monitoring") overlap; give each cluster a folder of its own',
    ]);
    expect(bad({ hosts: { home: { os: "debian" } } })).toEqual(['fleet.hosts.home | fleet.hosts.home: "home" is also a cluster; hosts and clusters share the `cluster` label, give the host another name']);
    // A bad value in an entry is named at the entry's path, with the schema's own message.
    const [size] = bad({ clusters: { hub: { storage: { metrics: { size: "lots" } } } } });
    expect(size).toMatch(/^fleet\.clusters\.hub\.storage\.metrics\.size \| fleet\.clusters\.hub\.storage\.metrics\.size: "lots" is not a Kubernetes quantity/);
    expect(bad({ senders: { buffer: "256Mi" } })[0]).toMatch(/^fleet\.senders\.buffer \| .*is smaller than 1Gi/);
    expect(errorsOf({ ...BASE, metrics: { backend: "prometheus" } })[0]).toMatch(/^metrics\.backend \| metrics\.backend: a fleet runs on VictoriaMetrics for now/);
  });

  it("a spoke runs agents only: vmagent pushes to the hub's ingest as its own user, buffering on a volume of its own", async () => {
    const f = await fleetOf(BASE);
    const home = member(f, "home");
    const values = vmValues(home);
    expect(values.vmsingle).toEqual({ enabled: false });
    expect(values.vmalert).toEqual({ enabled: false });
    expect(values.alertmanager).toEqual({ enabled: false });
    const spec = values.vmagent.spec;
    expect(spec.externalLabels).toEqual({ cluster: "home" });
    expect(spec.remoteWrite).toEqual([
      {
        url: "http://100.64.0.2:8427/api/v1/write",
        basicAuth: { username: { name: "vigil-ingest-home", key: "username" }, password: { name: "vigil-ingest-home", key: "password" } },
        maxDiskUsage: String(Math.floor(2 * 2 ** 30 * 0.9)),
      },
    ]);
    expect(spec.statefulMode).toBe(true);
    expect(spec.statefulStorage.volumeClaimTemplate.spec.resources.requests.storage).toBe("2Gi");
    // No store, no Grafana, no rules, no dashboards: those folders do not exist on a spoke.
    const folders = new Set([...home.output.files.keys()].map((p) => p.split("/")[3]));
    for (const absent of ["grafana", "alert-rules", "dashboards", "victoria-logs", "fleet-ingest"]) expect(folders.has(absent), absent).toBe(false);
    expect(home.parts.containers.map((c) => c.id).sort()).toEqual(["event-exporter", "kube-state-metrics", "node-exporter", "operator", "vector", "vmagent", "vmagent-config-reloader"]);
    expect(home.parts.secrets.find((s) => s.name === "vigil-ingest-home")?.keys.sort()).toEqual(["password", "username"]);
    expect(home.parts.scrapes.map((s) => s.job)).not.toContain("victoriametrics");
    // Vector ships to the hub's ingest with the spoke's user, every line with its cluster.
    const vector = home.parts.releases.find((r) => r.app === "vector")!.values as any;
    expect(vector.env).toEqual([{ name: "VIGIL_INGEST_PASSWORD", valueFrom: { secretKeyRef: { name: "vigil-ingest-home", key: "password" } } }]);
    const sink = vector.customConfig.sinks.logstore_pods;
    expect(sink.endpoints).toEqual(["http://100.64.0.2:8427/insert/elasticsearch/"]);
    expect(sink.auth).toEqual({ strategy: "basic", user: "home", password: "${VIGIL_INGEST_PASSWORD}" });
    expect(sink.request.headers["VL-Stream-Fields"]).toBe("cluster,namespace,pod,container");
    expect(vector.customConfig.transforms.pod_fields.source).toMatch(/^\.cluster = "home"\n/);
    const plan = (m: GeneratedMember) => m.plan.totals.requests.memoryMiB;
    console.log(`\n  spoke "home" (1 node): ${plan(home)}Mi of memory requests (standalone: ${plan(member(await fleetOf({}), "homelab"))}Mi); spoke "lab" (3 nodes): ${plan(member(f, "lab"))}Mi\n`);
    expect(plan(home)).toBeLessThan(plan(member(f, "hub")) / 2);
  });

  it("with Alloy, a spoke's Alloy logs in the same way", async () => {
    const f = await fleetOf({ ...BASE, logs: { agent: "alloy" } });
    const alloy = member(f, "home").parts.releases.find((r) => r.app === "alloy")!.values as any;
    expect(alloy.alloy.extraEnv).toContainEqual({ name: "VIGIL_INGEST_PASSWORD", valueFrom: { secretKeyRef: { name: "vigil-ingest-home", key: "password" } } });
    const content = String(alloy.alloy.configMap.content);
    expect(content).toContain('url = "http://100.64.0.2:8427/insert/loki/api/v1/push"');
    expect(content).toContain('basic_auth {\n      username = "home"\n      password = sys.env("VIGIL_INGEST_PASSWORD")');
    expect(content).toContain('external_labels = { cluster = "home" }');
  });

  it("the hub: an ingest with one user per sender, reachable from the link's range only, and rules over the whole fleet", async () => {
    const f = await fleetOf(BASE);
    const hub = member(f, "hub");
    const users = objectsOf(hub, "VMUser");
    expect(users.map((u) => [u.spec.username, u.spec.passwordRef.name])).toEqual([
      ["home", "vigil-ingest-home"],
      ["lab", "vigil-ingest-lab"],
      ["nas", "vigil-ingest-nas"],
      ["pi", "vigil-ingest-pi"],
    ]);
    expect(users[0].spec.targetRefs.map((t: any) => t.paths)).toEqual([["/api/v1/write"], ["/insert/elasticsearch/.*", "/insert/loki/api/v1/push"]]);
    const [vmauth] = objectsOf(hub, "VMAuth");
    expect(vmauth.spec.serviceSpec).toEqual({ useAsDefault: true, spec: { type: "LoadBalancer", externalTrafficPolicy: "Local" } });
    const policy = objectsOf(hub, "NetworkPolicy").find((p) => p.metadata.name === "vigil-allow-vmauth-ingest");
    expect(policy.spec.ingress).toEqual([{ ports: [{ protocol: "TCP", port: 8427 }], from: [{ ipBlock: { cidr: "100.64.0.0/10" } }] }]);
    const rules = hub.parts.ruleGroups.flatMap((g) => g.rules);
    expect(rules.find((r) => r.alert === "FleetSenderSilent")?.expr).toBe(
      '(absent_over_time(up{cluster="home"}[2m]) or absent_over_time(up{cluster="lab"}[2m]) or absent_over_time(up{cluster="nas"}[2m]) or absent_over_time(up{cluster="pi"}[2m])) unless on () absent_over_time(up{cluster="hub"}[2m])',
    );
    // The K3s hub on SQLite has no etcd; the Talos spoke has: the hub still alerts on it and shows it.
    expect(hub.parts.scrapes.map((s) => s.job)).not.toContain("etcd");
    expect(rules.map((r) => r.alert)).toContain("EtcdNoLeader");
    expect(objectsOf(member(await fleetOf({}), "homelab"), "VMRule").flatMap((r: any) => r.spec.groups.flatMap((g: any) => g.rules.map((x: any) => x.alert)))).not.toContain("EtcdNoLeader");
    // The hub's own logs carry the cluster too.
    const vector = hub.parts.releases.find((r) => r.app === "vector")!.values as any;
    expect(vector.customConfig.sinks.logstore_pods.auth).toBeUndefined();
    expect(vector.customConfig.transforms.pod_fields.source).toMatch(/^\.cluster = "hub"\n/);
  });

  it("a Loki hub: the senders push to Loki's API through the same ingest", async () => {
    const f = await fleetOf({ ...BASE, logs: { backend: "loki" } });
    const [user] = objectsOf(member(f, "hub"), "VMUser");
    expect(user.spec.targetRefs[1]).toEqual({ static: { url: "http://loki.monitoring.svc:3100" }, paths: ["/loki/api/v1/push"] });
    const sink = (member(f, "home").parts.releases.find((r) => r.app === "vector")!.values as any).customConfig.sinks.logstore_pods;
    expect([sink.type, sink.endpoint, Object.keys(sink.labels)[0]]).toEqual(["loki", "http://100.64.0.2:8427", "cluster"]);
  });

  it("`vigil doctor` on the hub: which senders send, their last sample, their write errors", () => {
    const senders = [{ name: "home", kind: "cluster" as const }, { name: "lab", kind: "cluster" as const }, { name: "pi", kind: "host" as const }];
    const v = (cluster: string, value: number) => ({ metric: { cluster }, value: [0, String(value)] as [number, string] });
    const findings = fleetFindings(senders, 1000, [v("home", 990), v("lab", 995)], [v("lab", 0.5)]);
    expect(findings.map((f) => [f.status, f.message.split(":")[0]])).toEqual([
      ["ok", "cluster home"],
      ["warn", "cluster lab"],
      ["fail", "host pi"],
    ]);
    expect(findings[0]!.message).toContain("last sample 10s ago");
  });

  it("the example fleet (examples/fleet-tailscale.yaml) builds clean", async () => {
    const loaded = await loadConfig(PROJECT_ROOT, "examples/fleet-tailscale.yaml");
    const fleet = resolveFleet(loaded.config);
    expect(fleet.members.map((m) => m.role)).toEqual(["hub", "spoke", "spoke"]);
    expect(fleet.hosts.map((h) => h.os).sort()).toEqual(["debian", "nixos"]);
    const f = await generateFleet(loaded.config, { source: "x" });
    expect(f.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe.runIf(toolsAvailable(["promtool", "vmagent", "prometheus-node-exporter"], "the fleet's tool checks"))("fleet: the generated files with the real tools", () => {
  it("promtool: the hub's rules load, and FleetSenderSilent and FleetSenderBacklog fire and stay silent as their unit tests say", async () => {
    const hub = member(await fleetOf(BASE), "hub");
    const { results, missing } = runToolChecks(hub.stack, hub.parts);
    expect(missing).toEqual([]);
    for (const r of results) expect(r.ok, `${r.check}\n${r.output}`).toBe(true);
    expect(results.map((r) => r.check).join("\n")).toMatch(/promtool test rules/);
    // And silent while the hub hears nothing from itself either (its store was away, not the senders).
    const rule = hub.parts.ruleGroups.flatMap((g) => g.rules).find((r) => r.alert === "FleetSenderSilent")!;
    const dir = mkdtempSync(join(tmpdir(), "vigil-fleet-rule-"));
    try {
      writeFileSync(join(dir, "rules.yaml"), toYaml({ groups: [{ name: "fleet", rules: [{ alert: rule.alert, expr: rule.expr, for: rule.for, labels: rule.labels }] }] }));
      const all = (values: string) => ["hub", "home", "lab", "nas", "pi"].map((c) => ({ series: `up{cluster="${c}", job="node-exporter"}`, values }));
      writeFileSync(
        join(dir, "test.yaml"),
        toYaml({
          rule_files: ["rules.yaml"],
          evaluation_interval: "1m",
          tests: [{ interval: "1m", input_series: all("1x4 _x20"), alert_rule_test: [{ eval_time: "10m", alertname: "FleetSenderSilent", exp_alerts: [] }] }],
        }),
      );
      const r = await run("promtool", ["test", "rules", join(dir, "test.yaml")]);
      expect(r.code, r.output).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("the hosts' vmagent config and flags pass vmagent -dryRun; node-exporter knows the flags the files use", async () => {
    const f = await fleetOf(BASE);
    const dir = mkdtempSync(join(tmpdir(), "vigil-hosts-"));
    try {
      writeFileSync(join(dir, "vmagent.yaml"), f.files.get("hosts/pi/vmagent.yaml")!);
      writeFileSync(join(dir, "password"), "x");
      const unit = f.files.get("hosts/pi/vigil-vmagent.service")!;
      const flags = unit
        .slice(unit.indexOf("ExecStart=/usr/bin/vmagent ") + "ExecStart=/usr/bin/vmagent ".length)
        .split("\nRestart")[0]!
        .split(/ \\\n\s*/)
        .map((flag) => flag.replace("/etc/vigil/vmagent.yaml", join(dir, "vmagent.yaml")).replace("${CREDENTIALS_DIRECTORY}/ingest-password", join(dir, "password")).replace("/var/lib/vigil-vmagent", join(dir, "q")));
      expect(flags.length).toBe(8);
      const dry = await run("vmagent", [...flags, "-dryRun"]);
      expect(dry.code, dry.output).toBe(0);
      // A flag vmagent does not know fails the same check: the check can fail.
      expect((await run("vmagent", [...flags, "-remoteWrite.noSuchFlag=1", "-dryRun"])).code).not.toBe(0);
      // The NixOS module passes the same scrape config and the same extra flags.
      const nix = f.files.get("hosts/nas/vigil.nix")!;
      for (const flag of ["-remoteWrite.maxDiskUsagePerURL=1932735283", "-remoteWrite.label=cluster=nas", "-httpListenAddr=127.0.0.1:8429"]) expect(nix).toContain(`"${flag}"`);
      const help = await run("prometheus-node-exporter", ["--help"]);
      for (const flag of ["--web.listen-address", "--collector.systemd"]) expect(help.output).toContain(flag);
      // Vector's configs are the same shape as the cluster agents' (checked by vigil's Vector schema in the tree checks).
      expect(parse(f.files.get("hosts/pi/vector.yaml")!).sinks.logstore_journal.endpoints).toEqual(["http://100.64.0.2:8427/insert/elasticsearch/"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** vmauth's config as the operator (v0.74) writes it from the VMUsers: one user each, a url_map entry per targetRef. */
function vmauthConfig(users: any[], serviceUrl: (url: string) => string, passwords: Record<string, string>) {
  return {
    users: users.map((u) => ({
      username: u.spec.username,
      password: passwords[u.spec.username],
      url_map: u.spec.targetRefs.map((t: any) => ({ src_paths: t.paths, url_prefix: serviceUrl(t.static?.url ?? `http://vmsingle-${t.crd.name}.${t.crd.namespace}.svc:8428`) })),
    })),
  };
}

const E2E_TOOLS = ["victoria-metrics", "vmagent", "vmauth", "vmalert", "prometheus-node-exporter"];
describe.runIf(toolsAvailable(E2E_TOOLS, "the fleet end-to-end test") && referenceAvailable("the fleet end-to-end test"))("fleet end to end: two real spokes, a real hub, an outage and a silent spoke", () => {
  const procs = new Map<string, ChildProcess>();
  const dir = mkdtempSync(join(tmpdir(), "vigil-fleet-"));
  const notified: { labels: Record<string, string> }[] = [];
  let servers: Server[] = [];
  let hub = "";
  let ingest = "";
  let hubArgs: string[] = [];
  let passwords: Record<string, string> = {};
  const query = (q: string) => instantQuery(hub, q).catch(() => []) as Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  const queryAt = async (q: string, time: number) => {
    const r = await fetch(`${hub}/api/v1/query?query=${encodeURIComponent(q)}&time=${time}`);
    return ((await r.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
  };
  const SCRAPE = 5;

  const start = (name: string, cmd: string, args: string[]) => {
    const p = spawn(cmd, args, { stdio: "ignore" });
    procs.set(name, p);
    return p;
  };

  beforeAll(async () => {
    // Short intervals so that the test takes two minutes, not twenty: everything else is generated.
    const f = await fleetOf({ ...BASE, scrape: { interval: `${SCRAPE}s` }, fleet: { ...BASE.fleet, senders: { stoppedSendingAfter: "40s" } } });
    expect(f.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const hubGen = member(f, "hub");
    const [vmPort, authPort, nePort, dumpPort, amPort, alertPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
    hub = `http://127.0.0.1:${vmPort}`;
    ingest = `http://127.0.0.1:${authPort}`;
    // A served reference dump stands in for kube-state-metrics; a real node-exporter for the nodes.
    const dump = readFileSync(join(REFERENCE_DIR, "metrics", "kube-state-metrics.prom"), "utf8");
    const am = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        if (req.url?.startsWith("/api/v2/alerts")) notified.push(...(JSON.parse(body || "[]") as { labels: Record<string, string> }[]));
        if (process.env.DEBUG_FLEET) console.log(new Date().toISOString(), body.slice(0, 400));
        res.end("{}");
      });
    });
    const metrics = createServer((_req, res) => res.end(dump));
    servers = [am, metrics];
    await Promise.all([new Promise<void>((r) => am.listen(amPort, "127.0.0.1", () => r())), new Promise<void>((r) => metrics.listen(dumpPort, "127.0.0.1", () => r()))]);
    start("node-exporter", "prometheus-node-exporter", [`--web.listen-address=127.0.0.1:${nePort}`, "--no-collector.systemd"]);
    hubArgs = [`-httpListenAddr=127.0.0.1:${vmPort}`, `-storageDataPath=${join(dir, "hub")}`, "-search.latencyOffset=1s", "-retentionPeriod=1d"];
    start("hub", "victoria-metrics", hubArgs);
    // The ingest: vmauth with the hub's VMUsers, the in-cluster Service URLs mapped to 127.0.0.1.
    passwords = Object.fromEntries(["home", "lab", "nas", "pi"].map((n) => [n, `pw-${n}-${Math.random().toString(36).slice(2)}`]));
    const toLocal = (url: string) => (url.includes("vmsingle-vm") ? hub : "http://127.0.0.1:9");
    writeFileSync(join(dir, "auth.yaml"), toYaml(vmauthConfig(objectsOf(hubGen, "VMUser"), toLocal, passwords)));
    start("vmauth", "vmauth", [`-httpListenAddr=127.0.0.1:${authPort}`, `-auth.config=${join(dir, "auth.yaml")}`]);
    // The hub's own vmagent writes to its store directly, with the hub's cluster label.
    writeFileSync(
      join(dir, "hub-scrape.yaml"),
      toYaml({ global: { scrape_interval: `${SCRAPE}s`, external_labels: { cluster: "hub" } }, scrape_configs: [{ job_name: "node-exporter", static_configs: [{ targets: [`127.0.0.1:${nePort}`] }] }] }),
    );
    start("hub-vmagent", "vmagent", [`-httpListenAddr=127.0.0.1:${await freePort()}`, `-promscrape.config=${join(dir, "hub-scrape.yaml")}`, `-remoteWrite.url=${hub}/api/v1/write`, `-remoteWrite.tmpDataPath=${join(dir, "hub-queue")}`, "-remoteWrite.flushInterval=1s"]);
    // Two spokes: each vmagent as the operator runs it from the spoke's generated VMAgent spec.
    for (const name of ["home", "lab"]) {
      const spec = vmValues(member(f, name)).vmagent.spec;
      const [rw] = spec.remoteWrite;
      const sd = join(dir, name);
      mkdirSync(sd, { recursive: true });
      writeFileSync(join(sd, "password"), passwords[name]!);
      writeFileSync(
        join(sd, "scrape.yaml"),
        toYaml({
          global: { scrape_interval: spec.scrapeInterval, external_labels: spec.externalLabels },
          scrape_configs: [
            { job_name: "node-exporter", static_configs: [{ targets: [`127.0.0.1:${nePort}`], labels: { instance: `${name}-node`, node: `${name}-node` } }] },
            { job_name: "kube-state-metrics", static_configs: [{ targets: [`127.0.0.1:${dumpPort}`] }] },
          ],
        }),
      );
      const agentPort = await freePort();
      start(name, "vmagent", [
        `-httpListenAddr=127.0.0.1:${agentPort}`,
        `-promscrape.config=${join(sd, "scrape.yaml")}`,
        `-remoteWrite.url=${rw.url.replace("http://100.64.0.2:8427", `http://127.0.0.1:${authPort}`)}`,
        `-remoteWrite.basicAuth.username=${name}`,
        `-remoteWrite.basicAuth.passwordFile=${join(sd, "password")}`,
        `-remoteWrite.maxDiskUsagePerURL=${rw.maxDiskUsage}`,
        `-remoteWrite.tmpDataPath=${join(sd, "queue")}`,
        "-remoteWrite.flushInterval=1s",
      ]);
    }
    writeFileSync(join(dir, "rules.yaml"), prometheusRuleFile(hubGen.parts));
    start("vmalert", "vmalert", [
      `-httpListenAddr=127.0.0.1:${alertPort}`,
      `-rule=${join(dir, "rules.yaml")}`,
      `-datasource.url=${hub}`,
      `-notifier.url=http://127.0.0.1:${amPort}`,
      "-evaluationInterval=5s",
    ]);
    const both = await waitFor(async () => (await query('count by (cluster) (up{job="node-exporter", cluster=~"home|lab"})')).length === 2, 60);
    expect(both, "both spokes' samples reach the hub").toBe(true);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...procs.values()].map(stop));
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("both clusters' series arrive with their cluster label; a wrong password is refused", async () => {
    const byCluster = await query('count by (cluster) ({job="kube-state-metrics"})');
    expect(byCluster.map((r) => r.metric.cluster).sort()).toEqual(["home", "lab"]);
    for (const r of byCluster) expect(Number(r.value[1])).toBeGreaterThan(100);
    // The ingest without a sender's password, or with a wrong one: refused by vmauth (the Debian
    // 1.79 build answers 400 where current ones answer 401); with its own, a sender may write, not read.
    const send = async (user: string, password: string, path = "/api/v1/write") => {
      const r = await fetch(`${ingest}${path}`, { method: "POST", body: "", headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` } });
      return { status: r.status, body: await r.text() };
    };
    expect((await fetch(`${ingest}/api/v1/write`, { method: "POST", body: "" })).status).toBe(401);
    const wrong = await send("home", "not-the-password");
    expect([wrong.status, wrong.body.includes("cannot find the provided auth token")]).toEqual([wrong.status >= 400 && wrong.status < 500 ? wrong.status : -1, true]);
    const own = await send("home", passwords.home!);
    expect(own.body, "reaches victoria-metrics").toMatch(/cannot decompress request with length 0/);
    const read = await send("home", passwords.home!, "/api/v1/query?query=up");
    expect(read.body).toMatch(/missing route/);
  });

  it("the hub down for 60 s: afterwards no sample of the outage is missing (the spokes' disk buffers)", async () => {
    const hubProc = procs.get("hub")!;
    await stop(hubProc);
    const down = Math.floor(Date.now() / 1000);
    await sleep(60_000);
    const up = Math.floor(Date.now() / 1000);
    start("hub", "victoria-metrics", hubArgs);
    if (process.env.DEBUG_FLEET) console.log("hub restarted", new Date().toISOString());
    const window = up - down;
    const expected = Math.floor(window / SCRAPE);
    const counts = async () => (await queryAt(`count_over_time(up{job="node-exporter", cluster=~"home|lab"}[${window}s])`, up)).map((r) => [r.metric.cluster, Number(r.value[1])] as const);
    const complete = await waitFor(async () => {
      const c = await counts();
      return c.length === 2 && c.every(([, n]) => n >= expected - 1);
    }, 90);
    const final = await counts();
    console.log(`\n  hub down ${window}s: samples of the outage per spoke after recovery: ${final.map(([c, n]) => `${c} ${n} of ${expected} scrapes`).join(", ")}\n`);
    expect(complete, JSON.stringify(final)).toBe(true);
  }, 200_000);

  it("one spoke stopped: FleetSenderSilent fires for it on the hub's vmalert, and only for it", async () => {
    // The hosts never send here: they are silent from the start. The spokes are not (the grace of
    // the rule covered their buffers draining after the outage).
    const firing = () => notified.filter((a) => a.labels.alertname === "FleetSenderSilent").map((a) => a.labels.cluster).sort();
    expect(firing().filter((c) => c === "home" || c === "lab")).toEqual([]);
    await stop(procs.get("lab")!);
    const fired = await waitFor(async () => notified.some((a) => a.labels.alertname === "FleetSenderSilent" && a.labels.cluster === "lab"), 90);
    expect(fired, JSON.stringify(notified.map((a) => a.labels))).toBe(true);
    expect(notified.filter((a) => a.labels.alertname === "FleetSenderSilent").map((a) => a.labels.cluster)).not.toContain("home");
  }, 120_000);
});
