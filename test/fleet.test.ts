// A fleet from one config (fleet:): the resolution of the clusters, the agent-only spokes, the
// hub's ingest and its rules over the whole fleet, the hosts' files, with promtool and vmagent
// -dryRun. The real parts end to end (two real spokes, a real hub on either backend, an outage and a
// silent spoke) are test/fleet-e2e.ts.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { generateFleet, type GeneratedMember } from "../src/pipeline.js";
import { FLEET_BASE as BASE, fleetOf, member, objectsOf, vmValues } from "./fleet-helpers.js";
import { parseConfig } from "../src/config/parse.js";
import { loadConfig } from "../src/config/load.js";
import { resolveFleet } from "../src/model/fleet.js";
import { runToolChecks } from "../src/checks/tool-tests.js";
import { fleetFindings } from "../src/live/findings.js";
import { toYaml } from "../src/emit/yaml.js";
import { secretInstructions } from "../src/secrets/templates.js";
import { PROJECT_ROOT, toolsAvailable } from "./helpers.js";
import { run } from "./processes.js";

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
    expect(errorsOf({ ...BASE, cluster: { context: "admin@home" } })).toEqual([
      "cluster.context | cluster.context: names one kubeconfig context for every cluster of the fleet; set it per cluster, e.g. fleet.clusters.hub.cluster.context",
    ]);
    // Either backend on the hub and on each spoke, mixed as well.
    expect(errorsOf({ ...BASE, metrics: { backend: "prometheus" } })).toEqual([]);
    expect(errorsOf({ ...BASE, metrics: { backend: "prometheus", retentionSize: "8GiB" }, fleet: { ...BASE.fleet, clusters: { hub: {}, home: { metrics: { backend: "victoria-metrics" } } } } })).toEqual([]);
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

  it("a Prometheus spoke: Prometheus in agent mode pushes to the hub's ingest as its own user, its WAL on a volume of its own; the hub alerts on its backlog", async () => {
    const f = await fleetOf({ ...BASE, metrics: { backend: "prometheus" } });
    expect(f.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const home = member(f, "home");
    const values = home.parts.releases.find((r) => r.app === "kube-prometheus-stack")!.values as any;
    expect(values.prometheus.agentMode).toBe(true);
    expect(values.alertmanager).toEqual({ enabled: false });
    const spec = values.prometheus.prometheusSpec;
    expect(spec.remoteWrite).toEqual([
      { url: "http://100.64.0.2:8427/api/v1/write", name: "hub", basicAuth: { username: { name: "vigil-ingest-home", key: "username" }, password: { name: "vigil-ingest-home", key: "password" } } },
    ]);
    expect(spec.externalLabels).toEqual({ cluster: "home" });
    expect(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe("2Gi");
    // Nothing of a storing, evaluating Prometheus (the chart would drop it in agent mode anyway).
    for (const key of ["retention", "retentionSize", "evaluationInterval", "ruleSelectorNilUsesHelmValues", "enableRemoteWriteReceiver", "tsdb"]) expect(spec[key], key).toBeUndefined();
    const folders = new Set([...home.output.files.keys()].map((p) => p.split("/")[3]));
    for (const absent of ["grafana", "alert-rules", "dashboards", "loki", "fleet-ingest"]) expect(folders.has(absent), absent).toBe(false);
    expect(home.parts.containers.map((c) => c.id).sort()).toEqual(["event-exporter", "kube-state-metrics", "node-exporter", "prometheus-agent", "prometheus-config-reloader", "prometheus-operator", "vector"]);
    expect(home.parts.secrets.find((s) => s.name === "vigil-ingest-home")?.keys.sort()).toEqual(["password", "username"]);
    // Its own job, scraped by itself and pushed like any series; the NetworkPolicy selects the agent's pods.
    const self = home.parts.scrapes.find((s) => s.job === "prometheus-agent");
    expect(self).toBeDefined();
    expect(home.parts.scrapes.map((s) => s.job)).not.toContain("prometheus");
    const policy = objectsOf(home, "NetworkPolicy").find((p) => p.metadata.name === "vigil-allow-prometheus");
    expect(policy.spec.podSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "prometheus-agent", "operator.prometheus.io/name": "kps-prometheus" });
    // The hub: the agent's backlog and lost samples, besides the silent-sender alert.
    const alerts = member(f, "hub").parts.ruleGroups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(alerts).toEqual(expect.arrayContaining(["FleetSenderSilent", "FleetSenderBehind", "FleetSenderFailing"]));
    // A VictoriaMetrics hub with vmagent spokes only has no rule for an agent it never hears.
    expect(member(await fleetOf(BASE), "hub").parts.ruleGroups.flatMap((g) => g.rules.map((r) => r.alert))).not.toContain("FleetSenderBehind");
    const plan = (m: GeneratedMember) => m.plan.totals.requests.memoryMiB;
    console.log(`\n  Prometheus spoke "home" (1 node): ${plan(home)}Mi of memory requests; vmagent spoke: ${plan(member(await fleetOf(BASE), "home"))}Mi\n`);
  });

  it("the spoke's user name is known, so nobody is asked for it: written out by `vigil secrets`, templated into an ExternalSecret", async () => {
    const home = member(await fleetOf(BASE), "home");
    const secret = home.parts.secrets.find((s) => s.name === "vigil-ingest-home")!;
    expect(secret.known).toEqual({ username: "home" });
    const kubectl = secretInstructions("kubectl", { namespace: "monitoring", secrets: [secret], sealedFolder: "x" });
    expect(kubectl).toContain("--from-literal=username=home");
    expect(kubectl).toContain('--from-literal=password="${VIGIL_INGEST_HOME_PASSWORD:?set it}"');
    expect(kubectl).not.toContain("VIGIL_INGEST_HOME_USERNAME");
    expect(secretInstructions("sops", { namespace: "monitoring", secrets: [secret], sealedFolder: "x" })).toMatch(/stringData:\n {2}password: ""\n {2}username: home/);
    const eso = member(await fleetOf({ ...BASE, secrets: { externalSecrets: { store: "vault" } } }), "home");
    const es = objectsOf(eso, "ExternalSecret").find((e) => e.metadata.name === "vigil-ingest-home");
    expect(es.spec.target.template).toEqual({ mergePolicy: "Merge", data: { username: "home" } });
    expect(es.spec.data.map((d: any) => d.secretKey)).toEqual(["password"]);
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
    const { users } = parse(objectsOf(hub, "ConfigMap").find((c) => c.metadata.name === "fleet-ingest").data["auth.yaml"]);
    expect(users.map((u: any) => [u.username, u.password])).toEqual([
      ["home", "%{VIGIL_INGEST_HOME}"],
      ["lab", "%{VIGIL_INGEST_LAB}"],
      ["nas", "%{VIGIL_INGEST_NAS}"],
      ["pi", "%{VIGIL_INGEST_PI}"],
    ]);
    expect(users[0].url_map).toEqual([
      { src_paths: ["/api/v1/write"], url_prefix: "http://vmsingle-vm.monitoring.svc:8428" },
      { src_paths: ["/insert/elasticsearch/.*", "/insert/loki/api/v1/push"], url_prefix: "http://victoria-logs.monitoring.svc:9428" },
    ]);
    const deployment = objectsOf(hub, "Deployment").find((d) => d.metadata.name === "fleet-ingest");
    expect(deployment.spec.template.spec.containers[0].env[0]).toEqual({ name: "VIGIL_INGEST_HOME", valueFrom: { secretKeyRef: { name: "vigil-ingest-home", key: "password" } } });
    const service = objectsOf(hub, "Service").find((d) => d.metadata.name === "fleet-ingest");
    expect([service.spec.type, service.spec.externalTrafficPolicy, service.spec.ports[0].port]).toEqual(["LoadBalancer", "Local", 8427]);
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
    const { users } = parse(objectsOf(member(f, "hub"), "ConfigMap").find((c) => c.metadata.name === "fleet-ingest").data["auth.yaml"]);
    expect(users[0].url_map[1]).toEqual({ src_paths: ["/loki/api/v1/push"], url_prefix: "http://loki.monitoring.svc:3100" });
    const sink = (member(f, "home").parts.releases.find((r) => r.app === "vector")!.values as any).customConfig.sinks.logstore_pods;
    expect([sink.type, sink.endpoint, Object.keys(sink.labels)[0]]).toEqual(["loki", "http://100.64.0.2:8427", "cluster"]);
  });

  it("a hub outside the config (no fleet.hub): every cluster is a spoke, the hosts still get their files, and vigil says what the hub must do", async () => {
    const { hub: _hub, ...rest } = BASE.fleet;
    const f = await fleetOf({ ...BASE, fleet: { ...rest, clusters: { home: {}, lab: BASE.fleet.clusters.lab } } });
    expect(f.members.map((m) => [m.member.name, m.member.role])).toEqual([
      ["home", "spoke"],
      ["lab", "spoke"],
    ]);
    expect(f.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(f.diagnostics.find((d) => d.path === "fleet.hub")?.message).toBe(
      "fleet.hub: not set, so the hub is not in this config: it must serve vigil's ingest at 100.64.0.2:8427 (a user per sender: home, lab, nas, pi) and alert on silent senders itself (docs/fleet.md)",
    );
    expect(vmValues(member(f, "home")).vmagent.spec.remoteWrite[0].url).toBe("http://100.64.0.2:8427/api/v1/write");
    expect(f.files.get("hosts/pi/vector.yaml")).toContain("http://100.64.0.2:8427/insert/elasticsearch/");
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

  it("promtool: a Prometheus fleet's hub (agent-mode spokes) has FleetSenderBehind and FleetSenderFailing, and their unit tests pass", async () => {
    const hub = member(await fleetOf({ ...BASE, metrics: { backend: "prometheus" } }), "hub");
    const { results, missing } = runToolChecks(hub.stack, hub.parts);
    expect(missing).toEqual([]);
    for (const r of results) expect(r.ok, `${r.check}\n${r.output}`).toBe(true);
    const tests = results.find((r) => r.check === "promtool test rules");
    expect(tests?.ok).toBe(true);
    expect(hub.parts.ruleGroups.flatMap((g) => g.rules.map((r) => r.alert))).toEqual(expect.arrayContaining(["FleetSenderBehind", "FleetSenderFailing"]));
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
