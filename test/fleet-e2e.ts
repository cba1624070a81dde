// The fleet end to end, with real processes on 127.0.0.1 (the scenario of test/fleet.test.ts's
// header), a vmagent spoke and a Prometheus-agent spoke on either hub: one function, run by one test file per backend of the hub, so that the two hubs run side
// by side (test/fleet-e2e-*.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prometheusRuleFile } from "../src/checks/tool-tests.js";
import { toYaml } from "../src/emit/yaml.js";
import { referenceAvailable, REFERENCE_DIR, toolsAvailable } from "./helpers.js";
import { freePort, instantQuery, sleep, stop, waitFor } from "./processes.js";
import { FLEET_BASE as BASE, fleetOf, member, objectsOf, vmValues } from "./fleet-helpers.js";

const E2E_TOOLS = ["victoria-metrics", "vmagent", "vmauth", "vmalert", "prometheus", "prometheus-node-exporter"];
/**
 * The hub as each metrics backend runs it: victoria-metrics with the real vmalert evaluating the
 * generated rules, or Debian's prometheus with its remote-write receiver evaluating them itself.
 */
const HUBS = {
  "victoria-metrics": { config: {}, store: "http://vmsingle-vm.monitoring.svc:8428" },
  prometheus: { config: { metrics: { backend: "prometheus" } }, store: "http://kps-prometheus.monitoring.svc:9090" },
} as const;
export function fleetEndToEnd(backend: keyof typeof HUBS): void {
  const hubKind = HUBS[backend];
describe.runIf(toolsAvailable(E2E_TOOLS, "the fleet end-to-end test") && referenceAvailable("the fleet end-to-end test"))(`fleet end to end, hub on ${backend}: a vmagent spoke and a Prometheus-agent spoke, a real hub, an outage and a silent spoke`, () => {
  const procs = new Map<string, ChildProcess>();
  const dir = mkdtempSync(join(tmpdir(), "vigil-fleet-"));
  const notified: { labels: Record<string, string> }[] = [];
  let servers: Server[] = [];
  let hub = "";
  let ingest = "";
  let hubArgs: string[] = [];
  let hubCommand = "";
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
    // Both collectors on either hub: home's is vmagent, lab's Prometheus in agent mode.
    const spokes = { home: { ...BASE.fleet.clusters.home, metrics: { backend: "victoria-metrics" } }, lab: { ...BASE.fleet.clusters.lab, metrics: { backend: "prometheus" } } };
    const f = await fleetOf({ ...BASE, ...hubKind.config, scrape: { interval: `${SCRAPE}s` }, fleet: { ...BASE.fleet, clusters: { ...BASE.fleet.clusters, ...spokes }, senders: { stoppedSendingAfter: "40s" } } });
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
    writeFileSync(join(dir, "rules.yaml"), prometheusRuleFile(hubGen.parts));
    if (backend === "prometheus") {
      writeFileSync(
        join(dir, "prometheus.yaml"),
        toYaml({
          global: { evaluation_interval: "5s" },
          rule_files: [join(dir, "rules.yaml")],
          alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
          // What the generated Prometheus spec's tsdb.outOfOrderTimeWindow makes of the config.
          storage: { tsdb: { out_of_order_time_window: (hubGen.parts.releases.find((r) => r.chart.chart === "kube-prometheus-stack")!.values as any).prometheus.prometheusSpec.tsdb.outOfOrderTimeWindow } },
        }),
      );
      hubArgs = [`--config.file=${join(dir, "prometheus.yaml")}`, `--storage.tsdb.path=${join(dir, "hub")}`, `--web.listen-address=127.0.0.1:${vmPort}`, "--web.enable-remote-write-receiver"];
    } else {
      hubArgs = [`-httpListenAddr=127.0.0.1:${vmPort}`, `-storageDataPath=${join(dir, "hub")}`, "-search.latencyOffset=1s", "-retentionPeriod=1d"];
    }
    hubCommand = backend === "prometheus" ? "prometheus" : "victoria-metrics";
    start("hub", hubCommand, hubArgs);
    // The ingest: the generated config as it is, its passwords from the environment as the
    // Deployment gives them; only the in-cluster Service URLs are mapped to 127.0.0.1.
    passwords = Object.fromEntries(["home", "lab", "nas", "pi"].map((n) => [n, `pw-${n}-${Math.random().toString(36).slice(2)}`]));
    const ingestConfig = objectsOf(hubGen, "ConfigMap").find((c) => c.metadata.name === "fleet-ingest").data["auth.yaml"] as string;
    expect(ingestConfig).toContain(hubKind.store);
    writeFileSync(join(dir, "auth.yaml"), ingestConfig.replaceAll(hubKind.store, hub).replaceAll("http://victoria-logs.monitoring.svc:9428", "http://127.0.0.1:9"));
    const env = Object.fromEntries((objectsOf(hubGen, "Deployment").find((d) => d.metadata.name === "fleet-ingest").spec.template.spec.containers[0].env as { name: string; valueFrom: { secretKeyRef: { name: string } } }[]).map((e) => [e.name, passwords[e.valueFrom.secretKeyRef.name.replace("vigil-ingest-", "")]!]));
    procs.set("vmauth", spawn("vmauth", [`-httpListenAddr=127.0.0.1:${authPort}`, `-auth.config=${join(dir, "auth.yaml")}`], { stdio: "ignore", env: { ...process.env, ...env } }));
    // The hub's own vmagent writes to its store directly, with the hub's cluster label.
    writeFileSync(
      join(dir, "hub-scrape.yaml"),
      toYaml({ global: { scrape_interval: `${SCRAPE}s`, external_labels: { cluster: "hub" } }, scrape_configs: [{ job_name: "node-exporter", static_configs: [{ targets: [`127.0.0.1:${nePort}`] }] }] }),
    );
    start("hub-vmagent", "vmagent", [`-httpListenAddr=127.0.0.1:${await freePort()}`, `-promscrape.config=${join(dir, "hub-scrape.yaml")}`, `-remoteWrite.url=${hub}/api/v1/write`, `-remoteWrite.tmpDataPath=${join(dir, "hub-queue")}`, "-remoteWrite.flushInterval=1s"]);
    // Two spokes, each collector as its operator runs it from the spoke's generated spec: home's
    // vmagent from the VMAgent spec, lab's Prometheus in agent mode from the PrometheusAgent spec.
    for (const name of ["home", "lab"]) {
      const m = member(f, name);
      const sd = join(dir, name);
      mkdirSync(sd, { recursive: true });
      writeFileSync(join(sd, "password"), passwords[name]!);
      const scrapeConfigs = [
        { job_name: "node-exporter", static_configs: [{ targets: [`127.0.0.1:${nePort}`], labels: { instance: `${name}-node`, node: `${name}-node` } }] },
        { job_name: "kube-state-metrics", static_configs: [{ targets: [`127.0.0.1:${dumpPort}`] }] },
      ];
      const toIngest = (url: string) => url.replace("http://100.64.0.2:8427", `http://127.0.0.1:${authPort}`);
      const agentPort = await freePort();
      if (m.stack.config.metrics.backend === "prometheus") {
        const spec = (m.parts.releases.find((r) => r.chart.chart === "kube-prometheus-stack")!.values as any).prometheus.prometheusSpec;
        const [rw] = spec.remoteWrite;
        // The operator's config of a PrometheusAgent: its external labels, and the remote write with
        // the user and password of the Secret (pkg/prometheus/promcfg.go generateRemoteWriteConfig).
        writeFileSync(
          join(sd, "prometheus.yaml"),
          toYaml({
            global: { scrape_interval: spec.scrapeInterval, external_labels: spec.externalLabels },
            scrape_configs: [...scrapeConfigs, { job_name: "prometheus-agent", static_configs: [{ targets: [`127.0.0.1:${agentPort}`] }] }],
            remote_write: [{ url: toIngest(rw.url), name: rw.name, basic_auth: { username: name, password_file: join(sd, "password") } }],
          }),
        );
        start(name, "prometheus", ["--enable-feature=agent", `--config.file=${join(sd, "prometheus.yaml")}`, `--storage.agent.path=${join(sd, "wal")}`, `--web.listen-address=127.0.0.1:${agentPort}`]);
        continue;
      }
      const spec = vmValues(m).vmagent.spec;
      const [rw] = spec.remoteWrite;
      writeFileSync(join(sd, "scrape.yaml"), toYaml({ global: { scrape_interval: spec.scrapeInterval, external_labels: spec.externalLabels }, scrape_configs: scrapeConfigs }));
      start(name, "vmagent", [
        `-httpListenAddr=127.0.0.1:${agentPort}`,
        `-promscrape.config=${join(sd, "scrape.yaml")}`,
        `-remoteWrite.url=${toIngest(rw.url)}`,
        `-remoteWrite.basicAuth.username=${name}`,
        `-remoteWrite.basicAuth.passwordFile=${join(sd, "password")}`,
        `-remoteWrite.maxDiskUsagePerURL=${rw.maxDiskUsage}`,
        `-remoteWrite.tmpDataPath=${join(sd, "queue")}`,
        "-remoteWrite.flushInterval=1s",
      ]);
    }
    if (backend === "victoria-metrics") start("vmalert", "vmalert", [
      `-httpListenAddr=127.0.0.1:${alertPort}`,
      `-rule=${join(dir, "rules.yaml")}`,
      `-datasource.url=${hub}`,
      `-notifier.url=http://127.0.0.1:${amPort}`,
      "-evaluationInterval=5s",
    ]);
    const both = await waitFor(async () => (await query('count by (cluster) (up{job=~"node-exporter|kube-state-metrics", cluster=~"home|lab"} == 1)')).length === 2 && (await query('count by (cluster) ({job="kube-state-metrics", cluster=~"home|lab"})')).length === 2, 60);
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
    // The agent's own remote-write series reach the hub, as FleetSenderBehind and FleetSenderFailing read them.
    // (The gauge exists from the agent's first send on, so it reaches the hub a scrape or two later.)
    const agent = () => query('prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="prometheus-agent"}');
    await waitFor(async () => (await agent()).length > 0, 40);
    expect((await agent()).map((r) => r.metric.cluster)).toEqual(["lab"]);
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
    // The request reaches the store, which refuses the empty body.
    expect(own.body, "reaches the store").toMatch(backend === "prometheus" ? /snappy|decode|decompress/i : /cannot decompress request with length 0/);
    const read = await send("home", passwords.home!, "/api/v1/query?query=up");
    expect(read.body).toMatch(/missing route/);
  });

  it("the hub down for 60 s: afterwards no sample of the outage is missing (vmagent's disk queue, the agent's WAL)", async () => {
    const hubProc = procs.get("hub")!;
    await stop(hubProc);
    const down = Math.floor(Date.now() / 1000);
    await sleep(60_000);
    const up = Math.floor(Date.now() / 1000);
    start("hub", hubCommand, hubArgs);
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

  it(`one spoke stopped: FleetSenderSilent fires for it on the hub's ${backend === "prometheus" ? "Prometheus" : "vmalert"}, and only for it`, async () => {
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
}
