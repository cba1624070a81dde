// The extension points later features use: scrape jobs, rule groups and dashboards contributed by
// a component come out as validated objects in their own app folders.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "../src/config/parse.js";
import { generate } from "../src/pipeline.js";
import { COMPONENTS } from "../src/components/index.js";
import { defineComponent, type RenderContext } from "../src/components/types.js";
import { serviceScrape } from "../src/scrape/scrape.js";
import { referenceAvailable } from "./helpers.js";
import { validateCustomResource } from "./reference.js";

const fixture = (extra: (ctx: RenderContext) => void = () => {}) =>
  defineComponent({
    name: "fixture",
    description: "contributes one of each part",
    enabledWhen: () => true,
    render(ctx) {
      ctx.scrape({
        job: "fixture",
        metrics: ["fixture_up"],
        target: { where: "fixture", port: 8080, path: "/metrics", scheme: "http" },
        per: "cluster",
        seriesPerTarget: 1,
        scrape: serviceScrape("fixture", { port: 8080, path: "/metrics", scheme: "http", namespace: ctx.stack.namespace, selector: { app: "fixture" }, portName: "metrics" }),
      });
      ctx.ruleGroup({ name: "fixture.rules", rules: [{ alert: "FixtureDown", expr: "up{job=\"fixture\"} == 0", for: "5m", labels: { severity: "warning" }, annotations: { summary: "down" } }] });
      ctx.dashboard({ uid: "fixture", title: "Fixture", folder: "vigil", json: { uid: "fixture", title: "Fixture", panels: [] } });
      extra(ctx);
    },
  });

async function build(component = fixture()) {
  const parsed = parseConfig({});
  if (!parsed.ok) throw new Error("default config invalid");
  return generate(parsed.config, { source: "test", components: [...COMPONENTS, component] });
}

describe("extension points", () => {
  it("lay scrapes, rules and dashboards out in their own folders", async () => {
    const gen = await build();
    expect(gen.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const files = gen.output.files;
    const rule = parse(files.get("monitoring/alert-rules/vmrule-vigil-fixture.yaml")!);
    expect(rule.spec.groups[0].rules[0].alert).toBe("FixtureDown");
    expect(parse(files.get("monitoring/scrapes/vmservicescrape-fixture.yaml")!).spec.endpoints[0].port).toBe("metrics");
    const cm = parse(files.get("monitoring/dashboards/configmap-dashboard-fixture.yaml")!);
    expect(cm.metadata.labels.grafana_dashboard).toBe("1");
    expect(cm.metadata.annotations.grafana_folder).toBe("vigil");
    expect(JSON.parse(cm.data["fixture.json"]).uid).toBe("fixture");
  });

  it("an invalid rule or scrape fails the build, naming file, object and field", async () => {
    const gen = await build(
      fixture((ctx) => {
        ctx.ruleGroup({ name: "bad", rules: [{ alert: "Bad Name", expr: "up == 0", for: "five minutes" }] });
        ctx.scrape({ job: "x", metrics: [], target: { where: "x", port: 1, path: "/metrics", scheme: "http" }, per: "cluster", seriesPerTarget: 1, scrape: serviceScrape("x", { port: 1, path: "/metrics", scheme: "tcp" as "http", namespace: "monitoring", selector: {}, portName: "m" }) });
      }),
    );
    const errors = gen.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
    expect(errors).toContain('monitoring/scrapes/vmservicescrape-x.yaml: VMServiceScrape/x: /spec/endpoints/0/scheme: Invalid option: expected one of "http"|"https"|"HTTP"|"HTTPS"');
    expect(errors.some((e) => e.startsWith("monitoring/alert-rules/vmrule-vigil-fixture.yaml: VMRule/vigil-fixture: /spec/groups/1/rules/0"))).toBe(true);
  });

  it.runIf(referenceAvailable("CRD validation of the extension points"))("their objects validate against the upstream CRDs", async () => {
    const gen = await build();
    const custom = gen.output.objects.filter((o) => o.object.apiVersion.startsWith("operator.victoriametrics.com"));
    expect(new Set(custom.map((o) => o.object.kind))).toEqual(new Set(["VMRule", "VMServiceScrape", "VMNodeScrape", "VMPodScrape", "VMAlert"]));
    for (const o of custom) expect(validateCustomResource(o.object)).toEqual([]);
  });
});
