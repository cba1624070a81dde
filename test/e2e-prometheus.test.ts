// End to end on the Prometheus backend, with real processes on 127.0.0.1: Debian's prometheus
// scrapes Debian's prometheus-node-exporter and the reference /metrics dumps of kube-state-metrics
// and cAdvisor with the scrape configs the prometheus-operator makes of vigil's ServiceMonitors and
// ScrapeConfigs (test/prometheus-operator.ts), with vigil's PrometheusRules loaded. promtool checks
// the config; every Node dashboard panel must return data; Watchdog fires, and TargetDown's
// expression matches the target that is down (pending: it has `for: 15m`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { generate } from "../src/pipeline.js";
import { nodeDashboard } from "../src/dashboards/node.js";
import { parsedConfig, REFERENCE_DIR, referenceAvailable, toolsAvailable } from "./helpers.js";
import { freePort, instantQuery, sleep, stop } from "./processes.js";
import { scrapeConfigOf } from "./prometheus-operator.js";

type Any = Record<string, any>;
const VARIABLES: Record<string, string> = { cluster: "lab", node: "testnode", __rate_interval: "30s" };
const fill = (expr: string) => expr.replace(/\$\{?(\w+)\}?/g, (_, v: string) => VARIABLES[v] ?? `$${v}`);

describe.runIf(toolsAvailable(["prometheus", "promtool", "prometheus-node-exporter"], "the end-to-end Prometheus test") && referenceAvailable("the end-to-end Prometheus test"))(
  "the Prometheus backend against a real Prometheus, node-exporter and the reference dumps",
  () => {
    const procs: ChildProcess[] = [];
    const servers: Server[] = [];
    const dir = mkdtempSync(join(tmpdir(), "vigil-e2e-prom-"));
    let prometheus = "";
    let checked = { code: -1 as number | null, output: "" };

    const query = (q: string) => instantQuery(prometheus, q);

    beforeAll(async () => {
      const gen = await generate(parsedConfig({ cluster: { name: "lab" }, metrics: { backend: "prometheus" } }), { source: "test" });
      const objects = gen.output.objects.map((o) => o.object as Any);
      const byName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
      const kps = gen.output.releases.find((r) => r.chart === "kube-prometheus-stack")!.values as Any;
      const classes = kps.prometheus.prometheusSpec.scrapeClasses as Any[];
      const serve = async (file: string) => {
        const port = await freePort();
        const text = readFileSync(join(REFERENCE_DIR, "metrics", file), "utf8");
        servers.push(createServer((_, res) => res.end(text)).listen(port, "127.0.0.1"));
        return `127.0.0.1:${port}`;
      };
      const nePort = await freePort();
      procs.push(spawn("prometheus-node-exporter", [`--web.listen-address=127.0.0.1:${nePort}`, "--no-collector.systemd"], { stdio: "ignore" }));
      const ksmAddress = await serve("kube-state-metrics.prom");
      const node = { __meta_kubernetes_node_name: "testnode", __meta_kubernetes_pod_node_name: "testnode" };
      const scrapeConfigs = [
        scrapeConfigOf(byName("ServiceMonitor", "node-exporter"), classes, { address: `127.0.0.1:${nePort}`, meta: { ...node, __meta_kubernetes_pod_name: "node-exporter-x1", __meta_kubernetes_pod_container_name: "node-exporter" } }),
        scrapeConfigOf(byName("ServiceMonitor", "kube-state-metrics"), classes, { address: ksmAddress, meta: { __meta_kubernetes_pod_name: "ksm-x1", __meta_kubernetes_pod_container_name: "kube-state-metrics" } }),
        // The kubelet's cAdvisor endpoint (HTTPS with the ServiceAccount in the cluster), here plain HTTP.
        scrapeConfigOf(byName("ScrapeConfig", "kubelet-cadvisor"), classes, { address: await serve("kubelet-cadvisor.prom"), meta: node }),
        // The same without vigil's relabelings (job ksm-raw): what the labeldrop prevents.
        (() => {
          const ksm = byName("ServiceMonitor", "kube-state-metrics");
          const raw = { ...ksm, metadata: { ...ksm.metadata, name: "ksm-raw" }, spec: { ...ksm.spec, endpoints: [{ ...ksm.spec.endpoints[0], relabelings: [{ action: "replace", targetLabel: "job", replacement: "ksm-raw" }] }] } };
          return scrapeConfigOf(raw, classes, { address: ksmAddress, meta: { __meta_kubernetes_pod_name: "ksm-x1", __meta_kubernetes_pod_container_name: "kube-state-metrics" } });
        })(),
        // A target that is down: TargetDown must match it.
        scrapeConfigOf(byName("ServiceMonitor", "coredns"), classes, { address: `127.0.0.1:${await freePort()}`, meta: { __meta_kubernetes_pod_name: "coredns-x1" } }),
      ].map((c) => ({ ...c, scrape_interval: "1s" }));
      const rules = objects.filter((o) => o.kind === "PrometheusRule").flatMap((o) => o.spec.groups.map((g: Any) => ({ ...g, interval: "1s" })));
      writeFileSync(join(dir, "rules.yaml"), stringify({ groups: rules }));
      writeFileSync(join(dir, "prometheus.yaml"), stringify({ global: { scrape_interval: "1s", evaluation_interval: "1s" }, rule_files: ["rules.yaml"], scrape_configs: scrapeConfigs }));
      const r = spawnSync("promtool", ["check", "config", join(dir, "prometheus.yaml")], { encoding: "utf8" });
      checked = { code: r.status, output: r.stdout + r.stderr };
      const port = await freePort();
      prometheus = `http://127.0.0.1:${port}`;
      procs.push(spawn("prometheus", [`--config.file=${join(dir, "prometheus.yaml")}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${join(dir, "data")}`], { stdio: "ignore" }));
      // Until rates over 30s have a few samples to work with.
      for (let i = 0; i < 60; i++) {
        await sleep(1000);
        try {
          const got = (await query('count_over_time(node_load1{job="node-exporter"}[30s])')) as { value: [number, string] }[];
          if (got.length && Number(got[0]!.value[1]) >= 8) break;
        } catch {
          // not up yet
        }
      }
    }, 90_000);

    afterAll(async () => {
      await Promise.all(procs.map(stop));
      for (const s of servers) s.close();
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    });

    it("promtool accepts the scrape configs and rules the operator would generate", () => {
      expect(checked.output).toContain("SUCCESS");
      expect(checked.code).toBe(0);
    });

    it("series carry vigil's labels: job, cluster (the scrape class), node; kube-state-metrics keeps the objects' own", async () => {
      const jobs = ((await query('group by (job, cluster) (up)')) as { metric: Any }[]).map((r) => `${r.metric.job}/${r.metric.cluster}`).sort();
      expect(jobs).toEqual(["coredns/lab", "ksm-raw/lab", "kube-state-metrics/lab", "kubelet/lab", "node-exporter/lab"]);
      expect(((await query('node_uname_info{job="node-exporter"}')) as { metric: Any }[])[0]!.metric).toMatchObject({ instance: "testnode", node: "testnode", cluster: "lab" });
      // The exporter's own pod, container and service target labels are dropped: a node's series does
      // not inherit the exporter pod's name (without vigil's labeldrop it would carry pod="ksm-x1").
      expect((await query('kube_node_status_condition{job="kube-state-metrics"}')).length).toBeGreaterThan(0);
      expect(await query('kube_node_status_condition{job="kube-state-metrics", pod!=""}')).toEqual([]);
      expect(await query('kube_node_status_condition{job="kube-state-metrics", service!=""}')).toEqual([]);
      expect(((await query('kube_node_status_condition{job="ksm-raw"}')) as { metric: Any }[])[0]!.metric).toMatchObject({ pod: "ksm-x1", service: "ksm-raw" });
    });

    it("every panel of the Node dashboard returns data (hardware sensors only where the host has them)", async () => {
      const panels = nodeDashboard.rows.flatMap((r) => r.panels);
      const withoutData: string[] = [];
      for (const p of panels) {
        const results = await Promise.all(p.queries.map((q) => query(fill(q.expr))));
        if (!results.some((r) => r.length > 0)) withoutData.push(p.title);
      }
      const sensors = (await query('count({__name__=~"node_hwmon_temp_celsius|node_thermal_zone_temp", job="node-exporter"})')).length > 0;
      const excused = panels.filter((p) => p.hardwareDependent && !sensors).map((p) => p.title);
      console.log(`Node dashboard on Prometheus: ${panels.length - withoutData.length} of ${panels.length} panels with data`);
      expect(withoutData.filter((t) => !excused.includes(t))).toEqual([]);
    });

    it("vigil's rules run: Watchdog fires, TargetDown matches the target that is down", async () => {
      let alerts: { metric: Any }[] = [];
      for (let i = 0; i < 20 && !alerts.some((a) => a.metric.alertname === "TargetDown"); i++) {
        alerts = (await query("ALERTS")) as { metric: Any }[];
        await sleep(500);
      }
      expect(alerts.find((a) => a.metric.alertname === "Watchdog")?.metric.alertstate).toBe("firing");
      expect(alerts.find((a) => a.metric.alertname === "TargetDown")?.metric).toMatchObject({ alertstate: "pending", job: "coredns", cluster: "lab" });
      const failures = (await query("sum(prometheus_rule_evaluation_failures_total)")) as { value: [number, string] }[];
      expect(Number(failures[0]?.value[1] ?? 0)).toBe(0);
    });
  },
);
