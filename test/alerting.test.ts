// Alerting, tested like code: every alert has a unit test that promtool runs (fires on a bad
// series, silent on a healthy one), every rule group passes `promtool check rules`, and amtool
// checks the Alertmanager config and proves the routing, for the default and custom configs.
import { NO_VOLUME_STATS } from "../src/model/stack.js";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseConfig } from "../src/config/parse.js";
import { generate } from "../src/pipeline.js";
import { resolveStack } from "../src/model/stack.js";
import { ruleLibrary } from "../src/rules/index.js";
import { alertmanagerConfig } from "../src/alerting/alertmanager-config.js";
import { compatAlertmanagerConfig, prometheusRuleFile, promtoolTests, routingCases, runToolChecks } from "../src/checks/tool-tests.js";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REFERENCE_DIR, referenceAvailable, tempDir, toolsAvailable, vigil, writeFiles, parsedConfig } from "./helpers.js";

const config = parsedConfig;
const ref = (key: string) => ({ secret: { name: "alertmanager-receivers", key } });

/** Every receiver, quiet hours, heartbeat, emergency Pushover. */
const CUSTOM = {
  cluster: { distribution: "talos" },
  alerting: {
    receivers: {
      pushover: { userKey: ref("pushover-user"), token: ref("pushover-token"), emergency: true },
      discord: { webhookUrl: ref("discord") },
      slack: { webhookUrl: ref("slack"), channel: "#alerts" },
      telegram: { botToken: ref("telegram"), chatId: -1001234567890 },
      email: { to: "me@example.com", from: "lab@example.com", smarthost: "smtp.example.com:587", username: "lab", password: ref("smtp") },
      ntfy: { url: "https://ntfy.sh/my-lab-alerts-8f3a", token: ref("ntfy") },
      pagerduty: { routingKey: ref("pagerduty") },
      msteams: { webhookUrl: ref("msteams") },
      webhook: { url: ref("webhook") },
    },
    critical: ["pushover", "ntfy", "telegram", "pagerduty", "webhook"],
    warning: ["discord", "email", "slack", "msteams"],
    heartbeat: { url: ref("heartbeat") },
    quietHours: { start: "22:00", end: "07:30", timezone: "Europe/Berlin" },
  },
  backup: { metrics: { s3: { endpoint: "minio.nas.lan:9000", bucket: "backups" } } },
  // Tempo's alerts, with their unit tests.
  components: { traces: true },
};

const VARIANTS: Record<string, unknown> = {
  "default (k3s, SQLite, no receivers)": {},
  "k3s with embedded etcd": { cluster: { datastore: "embedded-etcd" } },
  "custom: talos, every receiver, quiet hours, heartbeat": CUSTOM,
  // On Longhorn, whose volumes have kubelet volume stats: the PVC alerts are in, with their tests.
  "every optional group (CoreDNS, cert-manager, Flux, Argo CD, Traefik, Longhorn), on Longhorn": {
    alerting: { groups: { coredns: true } }, exporters: { certManager: true, flux: true, argocd: true, traefik: true, longhorn: true, zfs: true },
    storage: { storageClass: "longhorn" },
  },
  // The user's tuning (issue 19 #1): a severity of one alert, a label on all; the unit tests expect them.
  "tuned: NodeHighMemory critical, every alert labelled environment=production": { alerting: { severity: { NodeHighMemory: "critical" }, labels: { environment: "production" } } },
  // The hub-and-spoke design's: InstanceDown after 1m, memory above 85% and CPU above 80% for 5m; and a longer wait than vigil's.
  "tuned waits: NodeDown 1m, NodeHighCpu 80% and NodeHighMemory 85% for 5m, KubePodCrashLooping 1h": {
    alerting: { for: { NodeDown: "1m", NodeHighCpu: "5m", NodeHighMemory: "5m", KubePodCrashLooping: "1h" }, thresholds: { nodeCpuPercent: 80, nodeMemoryPercent: 85 } },
  },
  // Both clusters: the VMCluster's and the VictoriaLogs cluster's own alerts, with their unit tests.
  "the VictoriaMetrics and VictoriaLogs clusters on three nodes": { cluster: { nodes: 3 }, metrics: { mode: "cluster" }, logs: { mode: "cluster" } },
  // The same library on Prometheus, with its own self-monitoring alerts and every receiver.
  "Prometheus (kube-prometheus-stack), Loki, every receiver, every optional group": {
    ...CUSTOM,
    metrics: { backend: "prometheus" },
    backup: undefined,
    logs: { backend: "loki" },
    alerting: { ...(CUSTOM as any).alerting, groups: { coredns: true } }, exporters: { certManager: true, flux: true, argocd: true, traefik: true, longhorn: true, zfs: true },
  },
};

describe.runIf(toolsAvailable(["promtool", "amtool"], "the promtool and amtool checks"))("with the real tools", () => {
  for (const [name, input] of Object.entries(VARIANTS)) {
    it(`${name}: promtool check/test rules, amtool check-config and routing all pass`, async () => {
      const gen = await generate(config(input), { source: "test" });
      const { results, missing } = runToolChecks(gen.stack, gen.parts);
      expect(missing).toEqual([]);
      const failed = results.filter((r) => !r.ok).map((r) => `${r.check}\n${r.output}`);
      expect(failed).toEqual([]);
      expect(results.map((r) => r.check)).toEqual(
        expect.arrayContaining([
          "promtool check rules",
          "promtool test rules",
          "amtool check-config",
          "amtool routes: alertname=NodeDown severity=critical cluster=lab -> critical",
          "amtool routes: alertname=NodeHighMemory severity=warning cluster=lab -> warning",
          "amtool routes: alertname=FluxKustomizationReconciliationFailed severity=error cluster=lab namespace=flux-system -> warning",
          "amtool routes: alertname=Watchdog severity=none -> heartbeat",
          "amtool routes: alertname=KubeContainerOomKilled severity=info namespace=apps -> nobody",
        ]),
      );
      // promtool runs a hundred rule unit tests per variant: room for a loaded machine.
    }, 180_000);
  }

  it("promtool catches an alert that no longer fires (the unit tests can fail)", async () => {
    const gen = await generate(config({}), { source: "test" });
    const broken = { ...gen.parts, ruleGroups: gen.parts.ruleGroups.map((g) => ({ ...g, rules: g.rules.map((r) => (r.alert === "NodeDown" ? { ...r, expr: 'up{job="node-exporter"} == 2' } : r)) })) };
    const dir = mkdtempSync(join(tmpdir(), "vigil-broken-"));
    writeFileSync(join(dir, "rules.yaml"), prometheusRuleFile(broken, { annotations: false }));
    writeFileSync(join(dir, "tests.yaml"), promtoolTests(gen.stack, broken, "rules.yaml"));
    const r = spawnSync("promtool", ["test", "rules", "tests.yaml"], { cwd: dir, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("NodeDown fires");
  });

  it("amtool catches a route that goes to the wrong receiver", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-routes-"));
    writeFileSync(join(dir, "am.yaml"), stringify(compatAlertmanagerConfig(alertmanagerConfig(config({}).alerting))));
    const r = spawnSync("amtool", ["config", "routes", "test", "--config.file=am.yaml", "--verify.receivers=critical", "severity=warning"], { cwd: dir, encoding: "utf8" });
    expect(r.status).not.toBe(0);
  });

  it("vigil test runs the same checks for a user's config and says what passed", async () => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": "alerting:\n  receivers:\n    discord:\n      webhookUrl:\n        secret: { name: am, key: discord }\n" });
    const r = await vigil(dir, "test");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✔ promtool test rules");
    expect(r.stdout).toMatch(/(\d+) of \1 checks passed\./);
  });
});

describe("the rule library", () => {
  const stack = resolveStack(config(CUSTOM));
  const alerts = ruleLibrary({ stack, thresholds: stack.config.alerting.thresholds }).flatMap((g) => g.alerts);

  it("every alert has a severity, summary, description, runbook, and a test that fires and one that stays silent", () => {
    for (const a of alerts) {
      expect(["critical", "warning", "info", "none"], a.alert).toContain(a.severity);
      expect(a.summary && a.description && a.runbook, a.alert).toBeTruthy();
      expect(a.test.firing.labels, a.alert).toBeDefined();
      if (a.alert !== "Watchdog") expect(a.test.healthy, `${a.alert} needs a healthy case`).toBeDefined();
    }
    expect(new Set(alerts.map((a) => a.alert)).size).toBe(alerts.length);
  });

  it("covers nodes, workloads, the control plane and the stack", () => {
    const names = alerts.map((a) => a.alert);
    for (const n of ["NodeDown", "NodeHighCpu", "NodeHighMemory", "NodeFilesystemFillingUp", "NodeFilesystemAlmostFull", "NodeFilesystemInodesLow", "NodeClockSkew", "NodeOomKill", "NodeNetworkErrors", "NodeHighLoad", "NodeHighTemperature"]) expect(names).toContain(n);
    for (const n of ["KubePodCrashLooping", "KubePodNotReady", "KubeDeploymentReplicasMismatch", "KubeStatefulSetReplicasMismatch", "KubeDaemonSetNotReady", "KubeJobFailed", "KubePersistentVolumeFillingUp", "KubePersistentVolumeAlmostFull"]) expect(names).toContain(n);
    for (const n of ["KubeApiServerDown", "KubeApiServerLatencyHigh", "KubeApiServerErrors", "KubeClientCertificateExpiring", "KubeControllerManagerDown", "KubeSchedulerDown", "EtcdNoLeader", "EtcdMemberDown", "EtcdHighFsyncDurations", "EtcdHighCommitDurations", "KubeletDown"]) expect(names).toContain(n);
    for (const n of ["TargetDown", "VmagentRemoteWriteFailing", "VictoriaMetricsDiskFull", "VictoriaLogsDiskFull", "VmalertEvaluationErrors", "LogAgentNotShipping", "Watchdog"]) expect(names).toContain(n);
  });
});

describe("volumes without kubelet volume stats (issue 11 #12)", () => {
  const volumes = async (input: unknown) => {
    const gen = await generate(config(input), { source: "test" });
    const alerts = gen.parts.ruleGroups.flatMap((g) => g.rules.map((r) => r.alert));
    const dashboard = JSON.stringify(gen.parts.dashboards.find((d) => d.uid === "vigil-volumes")!.json);
    return { gen, alerts, dashboard };
  };

  it("local-path (the default): the PVC alerts are left out with the reason, the dashboard shows the stores' disks and the nodes' filesystems", async () => {
    const { gen, alerts, dashboard } = await volumes({});
    expect(alerts.filter((a) => a?.startsWith("KubePersistentVolume"))).toEqual([]);
    expect(gen.parts.skipped.filter((s) => s.job.startsWith("alert KubePersistentVolume")).map((s) => s.reason)).toEqual(Array(3).fill(NO_VOLUME_STATS));
    expect(dashboard).not.toContain("kubelet_volume_stats");
    for (const m of ["vm_data_size_bytes", "vm_free_disk_space_bytes", "vl_data_size_bytes", "vl_free_disk_space_bytes", "node_filesystem_avail_bytes"]) expect(dashboard).toContain(m);
    // The stores' own disk alerts work on local-path.
    expect(alerts).toEqual(expect.arrayContaining(["VictoriaMetricsDiskFull", "VictoriaLogsDiskFull", "NodeFilesystemAlmostFull"]));
  });

  it("Longhorn: the PVC alerts and the per-claim panels are in", async () => {
    const { alerts, dashboard } = await volumes({ storage: { storageClass: "longhorn" } });
    expect(alerts).toEqual(expect.arrayContaining(["KubePersistentVolumeFillingUp", "KubePersistentVolumeAlmostFull", "KubePersistentVolumeFull"]));
    expect(dashboard).toContain("kubelet_volume_stats_available_bytes");
    expect(dashboard).not.toContain("vm_data_size_bytes");
  });
});

describe("rules in the build", () => {
  it("emits one VMRule per component with the generated groups; K3s gets no 'down' alerts for in-process components", async () => {
    const gen = await generate(config({}), { source: "test" });
    const vmrule = parse(gen.output.files.get("monitoring/alert-rules/vmrule-vigil-alert-rules.yaml")!);
    const names = vmrule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert));
    expect(names).toContain("KubeletDown");
    expect(names).not.toContain("KubeSchedulerDown");
    expect(names).not.toContain("EtcdNoLeader");
    expect(gen.parts.skipped).toContainEqual({ job: "alert KubeSchedulerDown", reason: 'job "kube-scheduler" has no target of its own to be down (its series come with the kubelet endpoint; KubeletDown covers the process)' });
    const talos = await generate(config({ cluster: { distribution: "talos" } }), { source: "test" });
    const talosNames = talos.parts.ruleGroups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(talosNames).toEqual(expect.arrayContaining(["KubeSchedulerDown", "KubeControllerManagerDown", "KubeApiServerDown", "EtcdNoLeader", "EtcdMemberDown"]));
  });

  it("groups and single rules can be switched off; thresholds reach the expressions", async () => {
    const gen = await generate(config({ alerting: { groups: { node: false }, disabledRules: ["KubeJobFailed"], thresholds: { nodeMemoryPercent: 80 } } }), { source: "test" });
    const names = gen.parts.ruleGroups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(names).not.toContain("NodeHighMemory");
    expect(names).not.toContain("KubeJobFailed");
    expect(names).toContain("KubeJobFailed".replace("Job", "Pod").replace("Failed", "CrashLooping"));
    const on = await generate(config({ alerting: { thresholds: { nodeMemoryPercent: 80 } } }), { source: "test" });
    expect(on.parts.ruleGroups.flatMap((g) => g.rules).find((r) => r.alert === "NodeHighMemory")!.expr).toMatch(/> 80$/);
  });

  it("an unknown name in disabledRules is an error with a did-you-mean", async () => {
    const gen = await generate(config({ alerting: { disabledRules: ["NodeHighMem"] } }), { source: "test" });
    expect(gen.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual(['alerting.disabledRules: "NodeHighMem" is not a vigil alert; did you mean "NodeHighMemory"?']);
  });

  it("vigil plan lists the alert count per group", async () => {
    const r = await vigil(tempDir(), "plan");
    expect(r.stdout).toMatch(/Alert rules:\n {2}vigil\.logs\s+1 alerts\n {2}vigil\.stack\s+\d+ alerts\n {2}vigil\.node\s+12 alerts\n {2}vigil\.workloads\s+8 alerts\n {2}vigil\.control-plane\s+\d+ alerts\n {2}total\s+\d+ alerts/);
  });
});

describe("Alertmanager config", () => {
  const am = alertmanagerConfig(config(CUSTOM).alerting) as any;
  const receiver = (name: string) => am.receivers.find((r: any) => r.name === name);

  it("routes critical to the pager receivers, warnings to chat, Watchdog to the heartbeat, info to nobody", () => {
    expect(Object.keys(receiver("critical")).sort()).toEqual(["name", "pagerduty_configs", "pushover_configs", "telegram_configs", "webhook_configs"]);
    expect(receiver("critical").pagerduty_configs).toEqual([
      { routing_key_file: "/etc/vm/secrets/alertmanager-receivers/pagerduty", severity: '{{ if eq .CommonLabels.severity "critical" }}critical{{ else }}warning{{ end }}', send_resolved: true },
    ]);
    expect(receiver("critical").webhook_configs[0].url).toBe("https://ntfy.sh/my-lab-alerts-8f3a?template=alertmanager");
    expect(Object.keys(receiver("warning")).sort()).toEqual(["discord_configs", "email_configs", "msteamsv2_configs", "name", "slack_configs"]);
    expect(receiver("heartbeat").webhook_configs).toEqual([{ url_file: "/etc/vm/secrets/alertmanager-receivers/heartbeat", send_resolved: false }]);
    expect(receiver("nobody")).toEqual({ name: "nobody" });
    expect(am.route.routes.find((r: any) => r.receiver === "warning")).toEqual({ receiver: "warning", matchers: ['severity=~"warning|error"'], repeat_interval: "4h", mute_time_intervals: ["quiet-hours"] });
    expect(am.route.routes.find((r: any) => r.receiver === "critical").repeat_interval).toBe("1h");
    expect(am.time_intervals).toEqual([{ name: "quiet-hours", time_intervals: [{ times: [{ start_time: "22:00", end_time: "24:00" }, { start_time: "00:00", end_time: "07:30" }], location: "Europe/Berlin" }] }]);
  });

  it("Pushover: critical 1, warning 0, resolved -1; emergency 2 only when asked", () => {
    expect(receiver("critical").pushover_configs[0].priority).toBe('{{ if eq .Status "firing" }}{{ if eq .CommonLabels.severity "critical" }}2{{ else }}0{{ end }}{{ else }}-1{{ end }}');
    const normal = alertmanagerConfig(config({ alerting: { receivers: { pushover: { userKey: ref("u"), token: ref("t") } } } }).alerting) as any;
    expect(normal.receivers.find((r: any) => r.name === "critical").pushover_configs[0].priority).toBe('{{ if eq .Status "firing" }}{{ if eq .CommonLabels.severity "critical" }}1{{ else }}0{{ end }}{{ else }}-1{{ end }}');
    // By default Pushover is for critical alerts only.
    expect(normal.receivers.find((r: any) => r.name === "warning").pushover_configs).toBeUndefined();
  });

  it("reads every credential from a mounted Secret, and the VMAlertmanager mounts exactly those Secrets", async () => {
    expect(JSON.stringify(am)).not.toMatch(/"(user_key|token|webhook_url|api_url|bot_token|auth_password|url)":"(?!https:\/\/ntfy)/);
    const gen = await generate(config(CUSTOM), { source: "test" });
    const values = parse(gen.output.files.get("monitoring/victoria-metrics/values.yaml")!)["victoria-metrics-k8s-stack"];
    expect(values.alertmanager.spec.secrets).toEqual(["alertmanager-receivers"]);
    expect(values.alertmanager.config.receivers.find((r: any) => r.name === "critical").pushover_configs[0].token_file).toBe("/etc/vm/secrets/alertmanager-receivers/pushover-token");
  });

  it("converts only the *_file fields amtool 0.25 does not know, for the test copy", () => {
    const compat = JSON.stringify(compatAlertmanagerConfig(am));
    expect(compat).not.toMatch(/user_key_file|token_file|webhook_url_file|bot_token_file|"url_file"/);
    expect(compat).toContain("api_url_file");
    expect(compat).toContain("auth_password_file");
  });

  it("refuses a credential written in plain text, naming the path and the fix", async () => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": "alerting:\n  receivers:\n    pushover:\n      userKey: uQiRzpo4DXghDmr9QzzfQu27cmVRsG\n      token:\n        secret: { name: am, key: token }\n" });
    const r = await vigil(dir, "build");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '✖ alerting.receivers.pushover.userKey: the value (not shown) is a credential written in plain text; reference a Secret instead, e.g. { secret: { name: "alertmanager-receivers", key: "pushover-user-key" } }, and deliver the Secret with SOPS, SealedSecrets, ExternalSecrets or kubectl  (vigil.yaml:4:7)',
    );
    // Never echoed: it would land in CI logs.
    expect(r.stderr + r.stdout).not.toContain("uQiRzpo4");
  });

  it("refuses routing to a receiver that is not configured", () => {
    const p = parseConfig({ alerting: { receivers: { discord: { webhookUrl: ref("d") } }, critical: ["pushover"] } });
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.errors.map((e) => e.message)).toEqual(['alerting.critical[0]: "pushover" is not configured under alerting.receivers (configured: discord)']);
  });
});

/** The fleet design's Discord (issue 14, 19 #2): #monitoring gets everything, #monitoring-critical the critical alerts with @everyone; the lab's warnings go to its own channel. */
const CHANNELS = {
  receivers: {
    discord: [
      { name: "monitoring", webhookUrl: ref("discord-monitoring") },
      { name: "monitoring-critical", webhookUrl: ref("discord-critical"), mention: "@everyone" },
      { name: "lab", webhookUrl: ref("discord-lab") },
    ],
    ntfy: { url: "https://ntfy.sh/my-lab-alerts-8f3a" },
  },
  critical: ["monitoring", "monitoring-critical"],
  warning: ["monitoring"],
  routes: [
    { name: "lab", clusters: ["lab"], warning: ["lab"] },
    { name: "backups", alerts: ["VmbackupFailed"], namespaces: ["monitoring"], critical: ["ntfy"], continue: true },
  ],
};
const FLEET = { fleet: { hub: "hub", ingest: { address: "100.64.0.2" }, clusters: { hub: {}, lab: {} } } };

describe("several receivers of one kind, and routes (issue 19 #2, issue 14)", () => {
  const alerting = (extra: object) => {
    const p = parseConfig({ alerting: CHANNELS, ...FLEET, ...extra });
    if (!p.ok) throw new Error(p.errors.map((e) => e.message).join("\n"));
    return p.config.alerting;
  };

  it("fans each Alertmanager receiver out to the named channels; the mention goes with firing critical alerts only", () => {
    const am = alertmanagerConfig(alerting({})) as any;
    const by = (name: string) => am.receivers.find((r: any) => r.name === name);
    expect(by("critical").discord_configs.map((d: any) => d.webhook_url_file)).toEqual(["/etc/vm/secrets/alertmanager-receivers/discord-monitoring", "/etc/vm/secrets/alertmanager-receivers/discord-critical"]);
    expect(by("critical").discord_configs[1].content).toBe('{{ if and (eq .Status "firing") (eq .CommonLabels.severity "critical") }}@everyone{{ end }}');
    expect(by("critical").discord_configs[0].content).toBeUndefined();
    expect(by("warning").discord_configs.map((d: any) => d.webhook_url_file)).toEqual(["/etc/vm/secrets/alertmanager-receivers/discord-monitoring"]);
    // The lab's warnings go to #lab only; its critical alerts to the top-level critical receivers.
    expect(by("lab-warning").discord_configs.map((d: any) => d.webhook_url_file)).toEqual(["/etc/vm/secrets/alertmanager-receivers/discord-lab"]);
    expect(by("lab-critical")).toEqual({ ...by("critical"), name: "lab-critical" });
    const lab = am.route.routes.find((r: any) => r.matchers?.[0] === 'cluster="lab"');
    expect(lab.continue).toBeUndefined();
    expect(lab.routes.map((r: any) => r.receiver)).toEqual(["lab-critical", "lab-warning", "nobody"]);
    const backups = am.route.routes.find((r: any) => r.matchers?.includes('alertname="VmbackupFailed"'));
    expect(backups.matchers).toEqual(['namespace="monitoring"', 'alertname="VmbackupFailed"']);
    expect(backups.continue).toBe(true);
  });

  it.runIf(toolsAvailable(["amtool"], "amtool routing of several receivers"))("amtool accepts the config and proves each route, also when it continues to the top-level receivers", () => {
    const config = alerting({});
    const dir = mkdtempSync(join(tmpdir(), "vigil-channels-"));
    writeFileSync(join(dir, "am.yaml"), stringify(compatAlertmanagerConfig(alertmanagerConfig(config))));
    const check = spawnSync("amtool", ["check-config", "am.yaml"], { cwd: dir, encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const cases = routingCases(config);
    expect(cases.map((c) => `${JSON.stringify(c.labels)} -> ${c.receiver}`)).toEqual(
      expect.arrayContaining([
        '{"alertname":"NodeDown","cluster":"lab","severity":"warning"} -> lab-warning',
        '{"alertname":"VmbackupFailed","namespace":"monitoring","severity":"critical"} -> backups-critical,critical',
      ]),
    );
    // The base cases that carry cluster=lab are the lab route's now: left out, not expected wrongly.
    expect(cases.some((c) => c.labels.cluster === "lab" && c.receiver === "warning")).toBe(false);
    for (const c of cases) {
      const labels = Object.entries(c.labels).map(([k, v]) => `${k}=${v}`);
      const r = spawnSync("amtool", ["config", "routes", "test", "--config.file=am.yaml", `--verify.receivers=${c.receiver}`, ...labels], { cwd: dir, encoding: "utf8" });
      expect(r.status, `${labels.join(" ")} -> ${c.receiver}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    // A route that no longer matches fails the proof.
    const broken = { ...config, routes: config.routes.map((r) => (r.name === "lab" ? { ...r, clusters: ["other"] } : r)) };
    writeFileSync(join(dir, "broken.yaml"), stringify(compatAlertmanagerConfig(alertmanagerConfig(broken))));
    const r = spawnSync("amtool", ["config", "routes", "test", "--config.file=broken.yaml", "--verify.receivers=lab-warning", "alertname=NodeDown", "cluster=lab", "severity=warning"], { cwd: dir, encoding: "utf8" });
    expect(r.status).not.toBe(0);
  });

  it("refuses a name given twice, a list or route naming an unknown receiver, a route matching everything, and a cluster the fleet does not have", () => {
    const errors = (input: object) => {
      const p = parseConfig(input);
      return p.ok ? [] : p.errors.map((e) => e.message);
    };
    const discord = [{ name: "monitoring", webhookUrl: ref("a") }, { name: "monitoring", webhookUrl: ref("b") }];
    expect(errors({ alerting: { receivers: { discord } } })).toEqual(['alerting.receivers.discord[1].name: "monitoring" is also the name of alerting.receivers.discord[0]; give each receiver a name of its own']);
    expect(errors({ alerting: { ...CHANNELS, critical: ["monitoring-critcal"] }, ...FLEET })).toEqual([
      'alerting.critical[0]: "monitoring-critcal" is not configured under alerting.receivers; did you mean "monitoring-critical"? (configured: monitoring, monitoring-critical, lab, ntfy)',
    ]);
    expect(errors({ alerting: { ...CHANNELS, routes: [{ name: "all", warning: ["lab"] }] } })).toEqual([
      "alerting.routes[0]: matches every alert; give it clusters, namespaces or alerts (or change alerting.critical and alerting.warning instead)",
    ]);
    expect(errors({ alerting: { ...CHANNELS, routes: [{ name: "x", clusters: ["lab"] }] }, ...FLEET })).toEqual(["alerting.routes[0]: sends to the top-level receivers all the same; give it critical or warning receivers"]);
    expect(errors({ alerting: CHANNELS, ...FLEET, fleet: { ...FLEET.fleet, clusters: { hub: {}, labs: {} } } })).toEqual([
      'alerting.routes[0].clusters[0]: "lab" is not a cluster or host of the fleet; did you mean "labs"? (hub, labs)',
    ]);
    expect(errors({ alerting: CHANNELS })).toEqual([
      'alerting.routes[0].clusters[0]: "lab" is not this config\'s cluster (cluster.name: "homelab"); routes by cluster are for a fleet (fleet.clusters, fleet.hosts)',
    ]);
    expect(errors({ alerting: { receivers: { discord: { webhookUrl: ref("d"), mention: "everyone" } } } })[0]).toBe('alerting.receivers.discord.mention: "everyone" is not a Discord mention; use "@everyone", "@here", "<@USER_ID>" or "<@&ROLE_ID>"');
  });

  it("tests newer integrations with amtool 0.25 as the nearest it knows: msteamsv2 as a webhook, Discord without content", () => {
    const am = alertmanagerConfig(alerting({ alerting: { ...CHANNELS, receivers: { ...CHANNELS.receivers, msteams: { webhookUrl: ref("teams") } }, warning: ["monitoring", "msteams"] } })) as any;
    const warning = am.receivers.find((r: any) => r.name === "warning");
    expect(warning.msteamsv2_configs).toEqual([{ webhook_url_file: "/etc/vm/secrets/alertmanager-receivers/teams", send_resolved: true }]);
    const compat = compatAlertmanagerConfig(am) as any;
    expect(compat.receivers.find((r: any) => r.name === "warning").webhook_configs).toEqual([{ url: "https://placeholder.invalid/vigil-test" }]);
    expect(JSON.stringify(compat)).not.toMatch(/msteamsv2|"content"/);
    expect(JSON.stringify(am)).toContain('"content"');
  });
});

describe("alerting.severity and alerting.labels (issue 19 #1)", () => {
  it("retunes one alert's severity and labels every alert, in the rules and in their unit tests; unknown names and reserved labels are refused", async () => {
    const gen = await generate(config({ alerting: { severity: { NodeHighMemory: "critical", LogErrorsSpike: "info" }, labels: { environment: "production" } } }), { source: "test" });
    const rules = gen.parts.ruleGroups.flatMap((g) => g.rules).filter((r) => r.alert);
    expect(rules.find((r) => r.alert === "NodeHighMemory")!.labels).toEqual({ environment: "production", severity: "critical" });
    expect(rules.find((r) => r.alert === "NodeDown")!.labels).toEqual({ environment: "production", severity: "critical" });
    expect(rules.find((r) => r.alert === "LogErrorsSpike")!.labels).toEqual({ environment: "production", severity: "info" });
    expect(rules.every((r) => r.labels?.environment === "production")).toBe(true);
    expect(promtoolTests(gen.stack, gen.parts, "rules.yaml")).toContain("environment: production");
    const bad = await generate(config({ alerting: { severity: { NodeHighMem: "critical" }, for: { NodeDwn: "1m" } } }), { source: "test" });
    expect(bad.diagnostics.map((d) => d.message)).toContain('alerting.severity.NodeHighMem: "NodeHighMem" is not a vigil alert; did you mean "NodeHighMemory"?');
    expect(bad.diagnostics.map((d) => d.message)).toContain('alerting.for.NodeDwn: "NodeDwn" is not an alert of vigil\'s rule library; did you mean "NodeDown"?');
    expect((await generate(config({ alerting: { for: { LogErrorSpike: "1m" } } }), { source: "test" })).diagnostics.map((d) => d.message)).toContain('alerting.for.LogErrorSpike: "LogErrorSpike" is not an alert of vigil\'s rule library; did you mean "LogErrorsSpike"?');
    // A wait of one's own: in the rule, and its unit test moved with it.
    const waits = await generate(config({ alerting: { for: { NodeDown: "1m", KubePodCrashLooping: "1h" } } }), { source: "test" });
    const wrules = waits.parts.ruleGroups.flatMap((g) => g.rules);
    expect(wrules.find((r) => r.alert === "NodeDown")!.for).toBe("1m");
    expect(wrules.find((r) => r.alert === "KubePodCrashLooping")!.for).toBe("1h");
    // The log alert too, on VictoriaLogs (its VMRule) and on Loki (its ruler's file).
    const logWait = { alerting: { for: { LogErrorsSpike: "30m" } } };
    const vl = (await generate(config(logWait), { source: "test" })).parts.ruleGroups.flatMap((g) => g.rules).find((r) => r.alert === "LogErrorsSpike")!;
    expect([vl.for, vl.annotations?.description]).toEqual(["30m", expect.stringContaining("per 5 minutes for 30 minutes.")]);
    const lokiTree = (await generate(config({ ...logWait, logs: { backend: "loki" } }), { source: "test" })).output.objects;
    const lokiRules = lokiTree.map((o) => o.object as any).find((o) => o.kind === "ConfigMap" && o.data?.["vigil-logs.yaml"]);
    const spike = parse(lokiRules.data["vigil-logs.yaml"]).groups[0].rules.find((r: any) => r.alert === "LogErrorsSpike");
    expect([spike.for, spike.annotations.description]).toEqual(["30m", expect.stringContaining("per 5 minutes for 30 minutes.")]);
    expect(() => config({ alerting: { labels: { severity: "x" } } })).toThrow(/alerting\.labels\.severity: the key "severity" is a label vigil sets itself/);
  });
});

describe("alerting.silences (issue 19 #1)", () => {
  const SILENCED = {
    receivers: { webhook: { url: ref("webhook-url") } },
    silences: [
      { name: "lab-always", clusters: ["lab"], alerts: ["NodeDown"] },
      { name: "patch-night", weekdays: ["sunday"], start: "02:00", end: "05:00", timezone: "Europe/Berlin" },
    ],
  };
  const FLEET_LAB = { fleet: { hub: "hub", ingest: { address: "100.64.0.2" }, clusters: { hub: {}, lab: {} } } };

  it("each silence is a time interval, and a leaf of its own before each plain one, muted in its window (Alertmanager does not pass mutes to child routes)", () => {
    const p = parseConfig({ alerting: SILENCED, ...FLEET_LAB });
    if (!p.ok) throw new Error(p.errors.map((e) => e.message).join("\n"));
    const am = alertmanagerConfig(p.config.alerting) as any;
    expect(am.time_intervals).toEqual([
      { name: "silence-lab-always", time_intervals: [{ times: [{ start_time: "00:00", end_time: "24:00" }], location: "UTC" }] },
      { name: "silence-patch-night", time_intervals: [{ times: [{ start_time: "02:00", end_time: "05:00" }], weekdays: ["sunday"], location: "Europe/Berlin" }] },
    ]);
    const critical = am.route.routes.filter((r: any) => r.matchers?.[0] === 'severity="critical"');
    expect(critical.map((r: any) => [r.matchers, r.mute_time_intervals])).toEqual([
      [['severity="critical"', 'cluster="lab"', 'alertname="NodeDown"'], ["silence-lab-always"]],
      [['severity="critical"'], ["silence-patch-night"]],
      [['severity="critical"'], undefined],
    ]);
    const bad = parseConfig({ alerting: { silences: [{ name: "x", weekdays: ["saturday"], start: "23:00", end: "02:00" }, { name: "x" }] } });
    expect(bad.ok ? [] : bad.errors.map((e) => e.message)).toEqual([
      "alerting.silences[0].end: ends at 02:00, not after its start 23:00, on the given weekdays; a window across midnight is two silences (one to 24:00, one from 00:00 the next day)",
      'alerting.silences[1].name: "x" names two silences; give each a name of its own',
    ]);
  });

  it.runIf(toolsAvailable(["prometheus-alertmanager", "amtool"], "the silences with the real Alertmanager"))("the real Alertmanager notifies an alert outside every silence, and not one inside its window", async () => {
    const { freePort, sleep, stop } = await import("./processes.js");
    const { createServer } = await import("node:http");
    const p = parseConfig({ alerting: SILENCED, ...FLEET_LAB });
    if (!p.ok) throw new Error("bad config");
    const [amPort, hookPort] = await Promise.all([freePort(), freePort()]);
    const notified: string[] = [];
    const hook = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        for (const a of (JSON.parse(body) as { alerts: { labels: Record<string, string> }[] }).alerts) notified.push(`${a.labels.alertname}@${a.labels.cluster}`);
        res.end();
      });
    });
    await new Promise<void>((r) => hook.listen(hookPort, "127.0.0.1", () => r()));
    // The generated config; only what Alertmanager 0.25 lacks is changed: the webhook's url_file (0.26)
    // becomes its url, and the group wait is shortened so that the test takes seconds.
    const am = alertmanagerConfig(p.config.alerting) as any;
    const text = JSON.stringify(am).replace(/"url_file":"[^"]+"/g, `"url":"http://127.0.0.1:${hookPort}/"`).replace(/"group_wait":"30s"/, '"group_wait":"1s"');
    const dir = mkdtempSync(join(tmpdir(), "vigil-am-"));
    writeFileSync(join(dir, "am.yaml"), stringify(JSON.parse(text)));
    const check = spawnSync("amtool", ["check-config", join(dir, "am.yaml")], { encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const { spawn } = await import("node:child_process");
    const proc = spawn("prometheus-alertmanager", [`--config.file=${join(dir, "am.yaml")}`, `--storage.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${amPort}`, "--cluster.listen-address="], { stdio: "ignore" });
    try {
      let up = false;
      for (let i = 0; i < 50 && !up; i++) {
        up = await fetch(`http://127.0.0.1:${amPort}/-/ready`).then((r) => r.ok).catch(() => false);
        if (!up) await sleep(200);
      }
      expect(up).toBe(true);
      const alert = (cluster: string) => ({ labels: { alertname: "NodeDown", severity: "critical", cluster, instance: "n1" }, startsAt: new Date().toISOString() });
      const posted = await fetch(`http://127.0.0.1:${amPort}/api/v2/alerts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify([alert("lab"), alert("hub")]) });
      expect(posted.ok).toBe(true);
      for (let i = 0; i < 50 && !notified.length; i++) await sleep(200);
      await sleep(2000);
      expect(notified).toEqual(["NodeDown@hub"]);
    } finally {
      await stop(proc);
      hook.close();
    }
  }, 60_000);
});

describe("exporters.<name>, the one switch of a platform piece (issue 18)", () => {
  it("switches the scrape and the alerts together; the old alerting.groups keys still work, with a warning naming the new place", async () => {
    const on = await generate(config({ exporters: { flux: true, certManager: true } }), { source: "test" });
    const groups = on.parts.ruleGroups.map((g) => g.name);
    expect(groups).toEqual(expect.arrayContaining(["vigil.flux", "vigil.cert-manager"]));
    expect(on.parts.scrapes.map((s) => s.job)).toContain("cert-manager");
    const off = await generate(config({}), { source: "test" });
    expect(off.parts.skipped).toContainEqual({ job: "rules vigil.flux", reason: "switched off (exporters.flux is not on)" });
    const old = parseConfig({ alerting: { groups: { flux: true } } });
    if (!old.ok) throw new Error("the old key must still parse");
    expect(old.warnings.map((w) => w.message)).toContain('alerting.groups.flux: moved to exporters.flux, which switches the scrape, the alerts and the dashboards together; it is still read, but write "exporters: { flux: true }" instead');
    const oldGen = await generate(old.config, { source: "test" });
    expect(oldGen.parts.ruleGroups.map((g) => g.name)).toContain("vigil.flux");
    // The new key wins over the old one.
    const both = parseConfig({ alerting: { groups: { flux: true } }, exporters: { flux: false } });
    expect((await generate((both as any).config, { source: "test" })).parts.ruleGroups.map((g) => g.name)).not.toContain("vigil.flux");
  });
});

describe.runIf(referenceAvailable("node-exporter's real /metrics"))("ZFS pools (exporters.zfs)", () => {
  it("the alerts select series node-exporter's zfs collector really exports: one per pool and state, 1 for the current state", async () => {
    const { readFileSync } = await import("node:fs");
    const dump = readFileSync(join(REFERENCE_DIR!, "metrics", "node-exporter.prom"), "utf8");
    const states = [...dump.matchAll(/^node_zfs_zpool_state\{state="([a-z]+)",zpool="([^"]+)"\} (\d)$/gm)].map(([, state, zpool, v]) => ({ state: state!, zpool: zpool!, v: Number(v) }));
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(["degraded", "faulted", "offline", "online", "removed", "suspended", "unavail"]));
    const gen = await generate(config({ exporters: { zfs: true } }), { source: "test" });
    const rules = gen.parts.ruleGroups.find((g) => g.name === "vigil.zfs")!.rules;
    const selected = (alert: string) => {
      const re = /state=~?"([^"]+)"/.exec(rules.find((r) => r.alert === alert)!.expr!)![1]!;
      return states.filter((s) => s.v === 1 && new RegExp(`^(${re})$`).test(s.state)).map((s) => s.zpool);
    };
    // The fixture's poolz1 is degraded and pool2 suspended, pool1 and pool3 online: each alert takes its own.
    expect(selected("ZfsPoolDegraded")).toEqual(["poolz1"]);
    expect(selected("ZfsPoolFaulted")).toEqual(["pool2"]);
    expect((await generate(config({}), { source: "test" })).parts.ruleGroups.some((g) => g.name === "vigil.zfs")).toBe(false);
  });
});
