// The metric catalog against real scrapes: the committed lists match the reference scrapes, K3s
// routing puts every series in exactly one job (its component's), series estimates match what
// the drops leave, and a rule using a metric outside the catalog fails the build.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveStack } from "../src/model/stack.js";
import { generate } from "../src/pipeline.js";
import { COMPONENTS } from "../src/components/index.js";
import { defineComponent, type Rule } from "../src/components/types.js";
import * as catalog from "../src/catalog/index.js";
import { FAMILIES } from "../src/catalog/families.js";
import { kubeletMetricRules } from "../src/scrape/kubelet-endpoint.js";
import { DROPS } from "../src/scrape/drops.js";
import { parsePromQL, substituteGrafanaMacros } from "../src/checks/promql.js";
import { REFERENCE_DIR, referenceAvailable, parsedConfig } from "./helpers.js";
import { measuredSeries, readDump, relabel, seriesKey, SERIES_SOURCES, type Series } from "./series.js";
import { MEASURED_ON, MEASURED_SERIES } from "../src/catalog/series.js";
import { measuredKey } from "../src/scrape/keep.js";

const config = parsedConfig;

describe.runIf(referenceAvailable("the metric catalog against real scrapes"))("catalog against real scrapes", () => {
  const SCRAPED: Record<string, readonly string[]> = {
    "kube-apiserver": catalog.KUBE_APISERVER,
    "kube-controller-manager": catalog.KUBE_CONTROLLER_MANAGER,
    "kube-scheduler": catalog.KUBE_SCHEDULER,
    etcd: catalog.ETCD,
    "kube-proxy": catalog.KUBE_PROXY,
    "kube-state-metrics": catalog.KUBE_STATE_METRICS,
    "kubelet-cadvisor": catalog.KUBELET_CADVISOR,
  };
  for (const [dump, names] of Object.entries(SCRAPED)) {
    it(`${dump}: the committed names are the scrape's (node scripts/catalog.mjs)`, () => {
      expect([...new Set(readDump(dump).map((s) => s.name))].sort()).toEqual([...names]);
    });
  }

  it("K3s: every series of one server's shared registry lands in exactly one job, its component's", () => {
    const stack = resolveStack(config({ cluster: { distribution: "k3s" } }));
    const rules = kubeletMetricRules(stack);
    const owners: [string, string][] = [
      ["kube-apiserver", "apiserver"],
      ["kube-controller-manager", "kube-controller-manager"],
      ["kube-scheduler", "kube-scheduler"],
      ["kube-proxy", "kube-proxy"],
    ];
    // One process, one registry: the union of the components' series, each once.
    const registry = new Map<string, { series: Series; from: string }>();
    for (const [dump] of owners) for (const s of readDump(dump)) if (!registry.has(seriesKey(s))) registry.set(seriesKey(s), { series: s, from: dump });
    const generic = new RegExp(`^(?:${FAMILIES.generic})$`);
    const namesOf = new Map(owners.map(([d]) => [d, new Set(readDump(d).map((s) => s.name))]));
    const landed = new Map<string, string>();
    const wrong: string[] = [];
    for (const { series, from } of registry.values()) {
      const out = relabel(series, "kubelet", rules);
      if (!out) continue;
      const key = seriesKey({ name: out.name, labels: { ...out.labels, job: "" } });
      expect(landed.has(key), key).toBe(false);
      landed.set(key, out.labels.job!);
      const expected = generic.test(series.name) ? "kubelet" : owners.find(([d]) => d === from)![1];
      // Series several components register (delegated authn, client certs) go to the apiserver.
      const shared = owners.filter(([d]) => namesOf.get(d)!.has(series.name)).length > 1;
      if (out.labels.job !== expected && !(shared && out.labels.job === "apiserver")) wrong.push(`${series.name} from ${from} -> ${out.labels.job}`);
    }
    expect(wrong).toEqual([]);
    expect(new Set(landed.values())).toEqual(new Set(["apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy", "kubelet"]));
  });

  it("K3s: etcd's own endpoint keeps only etcd's families, so the kubelet job's Go metrics are not duplicated", async () => {
    // Before any keep list (scrape.keepAll), which would leave only what the rules read anyway.
    const gen = await generate(config({ cluster: { datastore: "embedded-etcd" }, scrape: { keepAll: true } }), { source: "test" });
    const etcd = gen.parts.scrapes.find((s) => s.job === "etcd")!;
    const rules = etcd.scrape!.endpoints[0]!.metricRelabel as any[];
    const kept = readDump("etcd").map((s) => relabel(s, "etcd", rules)).filter(Boolean) as Series[];
    expect(kept.length).toBeGreaterThan(500);
    expect(kept.filter((s) => s.name.startsWith("go_") || s.name.startsWith("process_"))).toEqual([]);
  });

  it("the measured series per name are the reference dumps through vigil's rules (jiti scripts/series.mts)", async () => {
    const parsed = parsedConfig(MEASURED_ON);
    const gen = await generate(parsed, { source: "test" });
    expect(MEASURED_SERIES).toEqual(measuredSeries(gen.parts.scrapes));
    // The drops matter before any keep list: the apiserver keeps about a quarter of its series.
    const apiserver = Object.values(MEASURED_SERIES.apiserver!).reduce((a, b) => a + b, 0);
    expect(apiserver).toBeLessThan(readDump("kube-apiserver").length / 3);
  });

  it("each job's series estimate is what its rules, keep list included, leave of its real scrape", async () => {
    const gen = await generate(config({ cluster: { distribution: "talos" } }), { source: "test" });
    let compared = 0;
    for (const [key, dump] of Object.entries(SERIES_SOURCES)) {
      const job = gen.parts.scrapes.find((s) => measuredKey(s) === key && s.scrape)!;
      const rules = job.scrape!.endpoints[0]!.metricRelabel ?? [];
      expect(rules.at(-1)?.action, key).toBe("keep");
      const survives = readDump(dump).filter((x) => relabel(x, job.job, rules)).length;
      expect(job.seriesPerTarget, key).toBe(survives);
      expect(job.keep?.seriesBefore, key).toBeGreaterThan(survives);
      compared++;
    }
    expect(compared).toBe(Object.keys(SERIES_SOURCES).length);
  });

  it("the reference scrapes are where the catalog says", () => {
    expect(readFileSync(join(REFERENCE_DIR, "metrics", "README.md"), "utf8")).toContain("kube-apiserver v1.35.0");
  });
});

describe("PromQL and the catalog", () => {
  const withRule = (rule: Rule) =>
    defineComponent({ name: "test-rules", description: "one rule", enabledWhen: () => true, render: (ctx) => ctx.ruleGroup({ name: "test", rules: [rule] }) });
  const errorsOf = async (input: unknown, rule: Rule) => {
    const gen = await generate(config(input), { source: "test", components: [...COMPONENTS, withRule(rule)] });
    return gen.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
  };

  it("a rule on a delivered metric passes", async () => {
    expect(await errorsOf({}, { alert: "ApiErrors", expr: 'sum(rate(apiserver_request_total{code=~"5.."}[5m])) > 1' })).toEqual([]);
  });

  it("a rule on an unknown metric fails the build, naming the rule and the metric", async () => {
    expect(await errorsOf({}, { alert: "Typo", expr: "rate(apiserver_request_totl[5m]) > 1" })).toEqual([
      'rule test/Typo (test-rules): metric "apiserver_request_totl" is not delivered by any enabled scrape job (unknown metric, dropped, or its component is not scraped)',
    ]);
  });

  it("a rule on etcd fails on SQLite K3s and passes on Talos", async () => {
    const rule = { alert: "EtcdNoLeader", expr: "etcd_server_has_leader == 0" };
    expect(await errorsOf({}, rule)).toHaveLength(1);
    expect(await errorsOf({ cluster: { distribution: "talos" } }, rule)).toEqual([]);
  });

  it("a rule on a dropped series fails", async () => {
    expect(await errorsOf({ cluster: { distribution: "talos" } }, { record: "x:y", expr: "sum(rate(apiserver_response_sizes_bucket[5m])) by (le)" })).toHaveLength(1);
  });

  it("invalid PromQL fails, naming the rule", async () => {
    const errors = await errorsOf({}, { alert: "Broken", expr: "sum(rate(up[5m]) by" });
    expect(errors[0]).toMatch(/^rule test\/Broken \(test-rules\): invalid PromQL, syntax error at \d+/);
  });

  it("finds names in selectors, __name__ matchers, and after Grafana macros are replaced", () => {
    expect(parsePromQL('rate(a_total{job="x"}[5m]) / on(instance) group_left b + count({__name__="c"})').metrics).toEqual(["a_total", "b", "c"]);
    const q = substituteGrafanaMacros('sum(rate(node_cpu_seconds_total{instance="$node", cluster=~"${cluster}"}[$__rate_interval]))');
    expect(parsePromQL(q)).toEqual({ errors: [], metrics: ["node_cpu_seconds_total"], experimental: [] });
  });
});
