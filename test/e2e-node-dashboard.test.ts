// End to end with real processes on 127.0.0.1: Debian's prometheus-node-exporter is scraped by
// Debian's victoria-metrics with the labels vigil's scrape gives in a cluster (job, instance and
// node = the node name, cluster), then every query of the Node dashboard, its variables filled in,
// must return data. Prints the share of panels with data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeDashboard } from "../src/dashboards/node.js";
import { CLUSTER_VARIABLE } from "../src/dashboards/build.js";
import { toolsAvailable } from "./helpers.js";
import { freePort, instantQuery, sleep, stop } from "./processes.js";


const VARIABLES: Record<string, string> = { cluster: "lab", node: "testnode", __rate_interval: "30s" };
const fill = (expr: string) => expr.replace(/\$\{?(\w+)\}?/g, (_, v: string) => VARIABLES[v] ?? `$${v}`);

describe.runIf(toolsAvailable(["victoria-metrics", "prometheus-node-exporter"], "the end-to-end Node dashboard test"))("Node dashboard against a real node-exporter and VictoriaMetrics", () => {
  const procs: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), "vigil-e2e-"));
  let vm = "";

  const query = (q: string) => instantQuery(vm, q);

  beforeAll(async () => {
    const nePort = await freePort();
    const vmPort = await freePort();
    vm = `http://127.0.0.1:${vmPort}`;
    procs.push(spawn("prometheus-node-exporter", [`--web.listen-address=127.0.0.1:${nePort}`, "--no-collector.systemd"], { stdio: "ignore" }));
    // The labels vigil's VMServiceScrape gives node-exporter in the cluster (components/node-exporter.ts).
    writeFileSync(
      join(dir, "scrape.yaml"),
      [
        "global:",
        "  scrape_interval: 1s",
        "scrape_configs:",
        "  - job_name: node-exporter",
        "    static_configs:",
        `      - targets: ["127.0.0.1:${nePort}"]`,
        "        labels: { cluster: lab, instance: testnode, node: testnode }",
        "",
      ].join("\n"),
    );
    procs.push(
      spawn("victoria-metrics", [`-httpListenAddr=127.0.0.1:${vmPort}`, `-storageDataPath=${join(dir, "data")}`, `-promscrape.config=${join(dir, "scrape.yaml")}`, "-search.latencyOffset=1s", "-retentionPeriod=1d"], { stdio: "ignore" }),
    );
    // Wait until rates over 30s have at least a few samples to work with.
    for (let i = 0; i < 60; i++) {
      await sleep(1000);
      try {
        const r = (await query('count_over_time(node_load1{job="node-exporter"}[30s])')) as { value: [number, string] }[];
        if (r.length && Number(r[0]!.value[1]) >= 8) break;
      } catch {
        // not up yet
      }
    }
  });

  afterAll(async () => {
    // Wait for both to exit before removing VictoriaMetrics' data: it writes while shutting down.
    await Promise.all(procs.map(stop));
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it("the cluster and node variables find the node", async () => {
    expect(await query(fill('group by (cluster) (up{cluster=~".+"})'))).toHaveLength(1);
    const nodes = (await query(fill('group by (instance) (node_uname_info{cluster="$cluster", job="node-exporter"})'))) as { metric: { instance: string } }[];
    expect(nodes.map((n) => n.metric.instance)).toEqual(["testnode"]);
    expect(CLUSTER_VARIABLE.query).toBe("label_values(up, cluster)");
  });

  it("every panel of the Node dashboard returns data (hardware sensors only where the host has them)", async () => {
    const panels = nodeDashboard.rows.flatMap((r) => r.panels);
    const withData: string[] = [];
    const withoutData: string[] = [];
    for (const p of panels) {
      const results = await Promise.all(p.queries.map((q) => query(fill(q.expr))));
      (results.some((r) => r.length > 0) ? withData : withoutData).push(p.title);
    }
    // A panel without data is acceptable only when it needs hardware this host lacks: then its
    // metrics are absent from node-exporter's output here, which is checked, not assumed.
    const sensors = (await query('count({__name__=~"node_hwmon_temp_celsius|node_thermal_zone_temp", job="node-exporter"})')).length > 0;
    const excused = panels.filter((p) => p.hardwareDependent && !sensors).map((p) => p.title);
    console.log(
      `Node dashboard end to end: ${withData.length} of ${panels.length} panels with data` +
        (withoutData.length ? `; without: ${withoutData.join(", ")}${excused.length ? ` (no hwmon or thermal sensor on this host: ${excused.join(", ")})` : ""}` : ""),
    );
    expect(withoutData.filter((t) => !excused.includes(t))).toEqual([]);
    expect(withData.length).toBeGreaterThanOrEqual(panels.length - excused.length);
  });
});
