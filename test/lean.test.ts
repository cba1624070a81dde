// Keep what is used (issue "Lean by default"): the default one-node K3s tree scraped for real
// (bench/stack-run.ts: real node-exporter, VictoriaMetrics, vmagent, vmalert and Alertmanager, and
// the reference /metrics dumps where the scrape objects point), twice: as generated, and with
// scrape.keepAll. The lean tree must stay under its series goal, and every (job, metric) a rule
// or a dashboard panel reads must have exactly as many series as with everything kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, type Generated } from "../src/pipeline.js";
import { catalogOf } from "../src/checks/promql.js";
import { metricUse, type MetricUse } from "../src/scrape/keep.js";
import { parsedConfig, REFERENCE_DIR, referenceAvailable, toolsAvailable } from "./helpers.js";
import { perJob, seriesByJobAndName, settle, startStack, type RunningStack } from "../bench/stack-run.js";

/** The goal for the default one-node K3s stack on the reference dumps. */
const SERIES_GOAL = 4000;

describe("keep lists in the tree", () => {
  it("every scrape ends with a keep rule of exactly the names its consumers read; scrape.keepAll and scrape.keep change it", async () => {
    const g = await generate(parsedConfig({}), { source: "test" });
    const ksm = g.parts.scrapes.find((s) => s.job === "kube-state-metrics")!;
    const rules = ksm.scrape!.endpoints[0]!.metricRelabel!;
    const keep = rules.at(-1)!;
    expect(keep).toMatchObject({ action: "keep", sourceLabels: ["__name__"] });
    const kept = keep.regex!.split("|");
    // What the rules and dashboards read of kube-state-metrics is kept, a name nobody reads is not.
    expect(kept).toEqual(expect.arrayContaining(["kube_pod_container_status_restarts_total", "kube_node_status_condition", "kube_namespace_status_phase"]));
    expect(kept).not.toContain("kube_configmap_info");
    expect(ksm.metrics).toEqual([...kept].sort());
    // On K3s the kubelet's /metrics endpoint carries the control plane: its rule keeps what their jobs' consumers read.
    const kubelet = g.parts.scrapes.find((s) => s.job === "kubelet" && s.scrape?.endpoints[0]?.path === "/metrics")!;
    const apiserver = g.parts.scrapes.find((s) => s.job === "apiserver")!;
    expect(apiserver.scrape).toBeUndefined();
    expect(kubelet.scrape!.endpoints[0]!.metricRelabel!.at(-1)!.regex!.split("|")).toEqual(expect.arrayContaining([...apiserver.metrics]));
    expect(apiserver.metrics.length).toBeGreaterThan(0);

    const all = await generate(parsedConfig({ scrape: { keepAll: true } }), { source: "test" });
    expect(all.parts.scrapes.flatMap((s) => s.scrape?.endpoints ?? []).some((e) => e.metricRelabel?.some((r) => r.action === "keep"))).toBe(false);
    const some = await generate(parsedConfig({ scrape: { keepAll: ["kube-state-metrics"], keep: ["myapp_.*"] } }), { source: "test" });
    expect(some.parts.scrapes.find((s) => s.job === "kube-state-metrics")!.scrape!.endpoints[0]!.metricRelabel!.some((r) => r.action === "keep")).toBe(false);
    expect(some.parts.scrapes.find((s) => s.job === "node-exporter")!.scrape!.endpoints[0]!.metricRelabel!.at(-1)!.regex).toMatch(/\|myapp_\.\*$/);
  });

  it("keeps what the user's own dashboards read, known to vigil or not", async () => {
    const json = { uid: "mine", title: "Mine", panels: [{ id: 1, type: "timeseries", title: "x", datasource: { uid: "victoriametrics" }, targets: [{ expr: 'sum(kube_configmap_info{job="kube-state-metrics"}) + sum(myapp_requests_total)' }] }] };
    const g = await generate(parsedConfig({}), { source: "test", userDashboards: [{ file: "mine.json", json }] });
    const kept = g.parts.scrapes.find((s) => s.job === "kube-state-metrics")!.scrape!.endpoints[0]!.metricRelabel!.at(-1)!.regex!.split("|");
    expect(kept).toEqual(expect.arrayContaining(["kube_configmap_info", "myapp_requests_total"]));
  });

  it("a rejected pattern in scrape.keep names its path", () => {
    const r = parsedConfigErrors({ scrape: { keep: ["bad name"] } });
    expect(r).toMatch(/scrape\.keep\[0\]: "bad name" is not a metric name or an RE2 pattern of names/);
  });
});

function parsedConfigErrors(input: unknown): string {
  try {
    parsedConfig(input);
    return "";
  } catch (e) {
    return String(e);
  }
}

describe.runIf(toolsAvailable(["victoria-metrics", "vmagent", "vmalert", "prometheus-alertmanager", "prometheus-node-exporter"], "the series of the default stack") && referenceAvailable("the series of the default stack"))(
  "the default stack's series, scraped for real",
  () => {
    let stack: RunningStack;
    let lean: Generated;
    let use: MetricUse;
    let leanSeries: Map<string, number>;
    let fullSeries: Map<string, number>;

    beforeAll(async () => {
      lean = await generate(parsedConfig({ cluster: { name: "lab" } }), { source: "test" });
      const full = await generate(parsedConfig({ cluster: { name: "lab" }, scrape: { keepAll: true } }), { source: "test" });
      use = metricUse(full.parts, catalogOf(full.parts));
      stack = await startStack([{ name: "lean", gen: lean }, { name: "full", gen: full }], REFERENCE_DIR);
      await settle(stack.vm, ["lean", "full"], 8);
      leanSeries = await seriesByJobAndName(stack.vm, "lean");
      fullSeries = await seriesByJobAndName(stack.vm, "full");
    }, 120_000);

    afterAll(async () => stack?.close());

    it(`stores at most ${SERIES_GOAL} series, a fraction of everything`, () => {
      const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
      const jobs = [...new Set([...perJob(fullSeries).keys()])].sort();
      const table = jobs.map((j) => `${j.padEnd(24)} ${String(perJob(fullSeries).get(j) ?? 0).padStart(6)} -> ${String(perJob(leanSeries).get(j) ?? 0).padStart(5)}`);
      console.log(`series per job, everything kept -> what is used (not scraped here: ${stack.unscraped.join(", ")}):\n  ${table.join("\n  ")}\n  ${"total".padEnd(24)} ${String(total(fullSeries)).padStart(6)} -> ${String(total(leanSeries)).padStart(5)}`);
      expect(total(fullSeries)).toBeGreaterThan(10_000);
      expect(total(leanSeries)).toBeLessThanOrEqual(SERIES_GOAL);
      expect(total(leanSeries)).toBeGreaterThan(0);
    });

    it("every (job, metric) a rule or a panel reads has as many series as with everything kept", () => {
      const read = (job: string, name: string) => use.anyJob.has(name) || use.byJob.get(job)?.has(name) === true;
      const lost: string[] = [];
      let checked = 0;
      for (const [key, n] of fullSeries) {
        const [job, name] = key.split("\t") as [string, string];
        if (!read(job, name)) continue;
        checked++;
        if ((leanSeries.get(key) ?? 0) !== n) lost.push(`${job} ${name}: ${leanSeries.get(key) ?? 0} of ${n}`);
      }
      expect(lost).toEqual([]);
      // The comparison covers a real share of what is read (not a vacuous pass).
      expect(checked).toBeGreaterThan(50);
      // And nothing is kept that nobody reads (apart from the synthetic series of every target, and
      // the ALERTS vmalert writes back, which carry the labels of the series they alert on).
      const unread = [...leanSeries.keys()].filter((k) => {
        const [job, name] = k.split("\t") as [string, string];
        return !read(job, name) && !/^(up|scrape_.+|ALERTS|ALERTS_FOR_STATE)$/.test(name);
      });
      expect(unread.slice(0, 20)).toEqual([]);
    });
  },
);
