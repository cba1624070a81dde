// Rendering the charts for real (issue 11): `helm template` of every release with exactly the
// values of the tree, and the checks of what it renders. In CI with the real Helm (scripts/get-helm.sh)
// and vigil's stand-in charts (test/fixtures/charts: CI cannot download the upstream ones); with
// VIGIL_CHARTS, against the real pinned charts, for every variant and example.
import { describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { generate, generateFleet, withRender, type Generated } from "../src/pipeline.js";
import { renderReleases, type RenderResult } from "../src/render/index.js";
import { parseRendered } from "../src/render/helm.js";
import { chartInFolder } from "../src/render/charts.js";
import { vectorConfig } from "../src/logs/vector-config.js";
import { afterTpl, literalForTpl, valuesForTpl } from "../src/model/helm-tpl.js";
import { loadConfig } from "../src/config/load.js";
import { CHARTS } from "../src/model/versions.js";
import { buildCluster, CHARTS_DIR, HELM, helmAvailable, parsedConfig, PROJECT_ROOT, tempDir, upstreamChartsAvailable, vigil } from "./helpers.js";
import { CLUSTER_CASES } from "./variants.js";

const FIXTURES = join(PROJECT_ROOT, "test", "fixtures", "charts");

const build = (input: unknown) => generate(parsedConfig(input), { source: "test" });
const render = (gen: Generated, chartsDir = FIXTURES) => renderReleases(gen.output.releases, { chartsDir, helm: HELM });
const renderProblems = (gen: Generated, severity: "error" | "warning" = "error") => gen.diagnostics.filter((d) => d.severity === severity && /^(render|wiring): /.test(d.message)).map((d) => d.message);
const release = (gen: Generated, chart: string) => gen.output.releases.find((r) => r.chart === chart)!;
const objectNamed = (gen: Generated, name: string) => gen.output.objects.find((o) => o.object.metadata.name === name)!.object as any;
const renderedObject = (r: RenderResult, kind: string, name: string) => r.releases.flatMap((x) => x.objects ?? []).find((o) => o.object.kind === kind && o.object.metadata.name === name)?.object as any;

describe("helm's output and the charts folder", () => {
  it("splits helm's documents into objects, each with the template it came from", () => {
    const objects = parseRendered("---\n# Source: app/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# Source: app/templates/empty.yaml\n---\n# Source: app/charts/sub/templates/b.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n");
    expect(objects.map((o) => [o.object.kind, o.object.metadata.name, o.source])).toEqual([
      ["ConfigMap", "a", "app/templates/a.yaml"],
      ["Service", "b", "app/charts/sub/templates/b.yaml"],
    ]);
  });

  it("finds a pinned chart as helm pull's archive, an unpacked folder, or a mirror of versions; not another version", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-charts-"));
    const ref = { chart: "grafana", version: "12.11.1", repository: "x" };
    expect(chartInFolder(dir, ref)).toBeUndefined();
    cpSync(join(FIXTURES, "grafana-12.11.1"), join(dir, "grafana", "12.11.1"), { recursive: true });
    expect(chartInFolder(dir, ref)).toBe(join(dir, "grafana", "12.11.1"));
    expect(chartInFolder(dir, { ...ref, version: "12.11.2" })).toBeUndefined();
    writeFileSync(join(dir, "grafana-12.11.1.tgz"), "");
    expect(chartInFolder(dir, ref)).toBe(join(dir, "grafana-12.11.1.tgz"));
  });
});

describe.runIf(helmAvailable("the render tests"))("rendering with the real Helm (vigil's stand-in charts)", () => {
  it("renders every release of the default tree with the tree's values, and the wiring checks pass", async () => {
    const gen = await build({});
    const r = await render(gen);
    expect(r.helm?.version).toMatch(/^v\d/);
    expect(r.releases.map((x) => [x.release.chart, x.release.release, x.error ?? x.unavailable ?? "rendered"])).toEqual([
      ["victoria-metrics-k8s-stack", "victoria-metrics", "rendered"],
      ["grafana", "grafana", "rendered"],
      ["victoria-logs-single", "victoria-logs", "rendered"],
      ["vector", "vector", "rendered"],
    ]);
    // The values reached the chart: the operator's CR spec is the tree's.
    expect(renderedObject(r, "VMSingle", "vm").spec.retentionPeriod).toBe("15d");
    const checked = await withRender(gen, r);
    expect(renderProblems(checked)).toEqual([]);
  });

  it("reports where vigil's tables disagree with the render (the stand-ins carry no securityContext)", async () => {
    const checked = await withRender(await build({}), await render(await build({})));
    const warnings = renderProblems(checked, "warning");
    expect(warnings).toContainEqual(expect.stringMatching(/Deployment\/grafana: chart-pods\.ts gives the pod securityContext \{"fsGroup":472.*the render null/));
    expect(warnings).toContainEqual(expect.stringContaining("chart-rbac.ts lists ClusterRole/vm-operator, which the chart does not render with these values"));
    // And the security report judges the pods as rendered, not as the tables believe.
    expect(checked.diagnostics.filter((d) => d.message.startsWith("security: ")).map((d) => d.message)).toContainEqual(expect.stringContaining("Deployment/grafana container grafana: may run as root"));
  });

  it("catches the wiring the render shows: the chart's own operator scrape (#6), VMSingle's proxy to vmalert (#5), a Service on another port", async () => {
    const gen = await build({});
    (release(gen, "victoria-metrics-k8s-stack").values["victoria-metrics-operator"] as any).serviceMonitor.enabled = true;
    const vmalertPolicy = objectNamed(gen, "vigil-allow-vmalert");
    vmalertPolicy.spec.ingress[0].from = vmalertPolicy.spec.ingress[0].from.filter((p: any) => p.podSelector.matchLabels["app.kubernetes.io/name"] !== "vmsingle");
    (release(gen, "grafana").values as any).service = { port: 8080 };
    const problems = renderProblems(await withRender(gen, await render(gen)));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("VMServiceScrape/vm-operator scrapes Deployment/vm-operator on port 8080, which the NetworkPolicies do not let vmagent reach"),
        expect.stringMatching(/VMSingle\/vm \(the operator's pods\) connects to http:\/\/vmalert-vm\.monitoring\.svc\.cluster\.local\.:8080 .* which the NetworkPolicies do not allow/),
        "render: the stack uses http://grafana.monitoring.svc:80, but Service grafana has ports 8080",
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it("catches a scrape that selects two Services of the same pods (#8), and one that selects nothing", async () => {
    const gen = await build({});
    const twin = { apiVersion: "v1", kind: "Service", metadata: { name: "victoria-logs-headless", namespace: "monitoring", labels: { "app.kubernetes.io/name": "victoria-logs-single", "app.kubernetes.io/instance": "victoria-logs" } }, spec: { clusterIP: "None", selector: { "app.kubernetes.io/name": "victoria-logs-single", "app.kubernetes.io/instance": "victoria-logs" }, ports: [{ name: "http", port: 9428, targetPort: "http" }] } };
    gen.output.objects.push({ file: "monitoring/extra/service.yaml", object: twin });
    objectNamed(gen, "kube-state-metrics").spec.selector = { matchLabels: { "app.kubernetes.io/name": "kube-state-metrics", "app.kubernetes.io/instance": "elsewhere" } };
    expect(renderProblems(await withRender(gen, await render(gen))).sort()).toEqual([
      'render: monitoring/scrapes/vmservicescrape-kube-state-metrics.yaml: VMServiceScrape/kube-state-metrics selects no Service of the render ({"app.kubernetes.io/name":"kube-state-metrics","app.kubernetes.io/instance":"elsewhere"})',
      "render: monitoring/scrapes/vmservicescrape-victorialogs.yaml: VMServiceScrape/victorialogs selects the Services victoria-logs-headless, victoria-logs, which front the same pods: each pod is scraped 2 times",
    ]);
  });

  it("a chart that fails to render is an error with Helm's message; a chart not in the named folder is an error, and is judged from the tables", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-charts-"));
    for (const c of ["victoria-metrics-k8s-stack-0.91.2", "victoria-logs-single-0.13.9", "vector-0.56.0"]) cpSync(join(FIXTURES, c), join(dir, c), { recursive: true });
    mkdirSync(join(dir, "vector-0.56.0", "templates"), { recursive: true });
    writeFileSync(join(dir, "vector-0.56.0", "templates", "must.yaml"), '{{ required "Please define vector.mustHave" .Values.mustHave }}\n');
    const gen = await build({});
    // A value the table knows to be unsafe: Grafana not rendered, its pod is still judged from the table.
    (release(gen, "grafana").values as any).containerSecurityContext = { allowPrivilegeEscalation: true };
    const r = await render(gen, dir);
    expect(r.releases.find((x) => x.release.chart === "grafana")!.unavailable).toContain("grafana 12.11.1 is not in");
    const checked = await withRender(gen, r);
    expect(renderProblems(checked)).toEqual([
      expect.stringMatching(/^render: monitoring\/grafana\/values\.yaml: grafana 12\.11\.1 is not in .*; add it \(docs\/render\.md\) or drop --charts to pull it$/),
      expect.stringMatching(/^render: monitoring\/vector\/values\.yaml: helm template of vector 0\.56\.0 fails, so the GitOps tool deploys nothing of it: .*Please define vector\.mustHave/),
    ]);
    expect(renderProblems(checked, "warning")).toContainEqual(expect.stringContaining("not checked against the render: the pods, Services and scrapes of grafana, vector were not rendered"));
    expect(checked.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining("monitoring/grafana/values.yaml: Deployment/grafana container grafana: may gain privileges"));
  });

  it("Vector's config comes out of the chart's tpl exactly as vigil generated it, the Loki sink's {{ label }} templates included (#4)", async () => {
    const gen = await build({ logs: { backend: "loki" } });
    const r = await renderReleases([release(gen, "vector")], { chartsDir: FIXTURES, helm: HELM });
    expect(r.releases[0]!.error).toBeUndefined();
    const config = parse(renderedObject(r, "ConfigMap", "vector").data["vector.yaml"]);
    expect(config).toEqual(vectorConfig(gen.stack));
    expect(config.sinks.logstore_pods.labels).toEqual({ namespace: "{{ namespace }}", pod: "{{ pod }}", container: "{{ container }}" });
    // Unescaped, the same values fail: the bug users had.
    const raw = await renderReleases([{ ...release(gen, "vector"), values: { ...release(gen, "vector").values, customConfig: vectorConfig(gen.stack) } }], { chartsDir: FIXTURES, helm: HELM });
    expect(raw.releases[0]!.error).toMatch(/function "(node|container|namespace|pod|unit)" not defined/);
  });

  it("escaped text comes out of Helm's tpl unchanged, however hostile: through Vector's toYaml and Alloy's raw string", async () => {
    const hostile = ['"attrs":{}}', "{{ pod }}", '{{ "{{" }}', "{{`{{`}}", "tab\t{{ x }} \n{{y}}", "}}}{{{", "a{b}c", "`{{`"];
    const gen = await build({ logs: { agent: "alloy", backend: "loki" } });
    const vector = { ...release(await build({}), "vector"), values: { customConfig: valuesForTpl({ texts: hostile }) } };
    const alloy = { ...release(gen, "alloy"), values: { ...release(gen, "alloy").values, alloy: { configMap: { content: literalForTpl(hostile.join("\n")) } } } };
    const r = await renderReleases([vector, alloy], { chartsDir: FIXTURES, helm: HELM });
    expect(r.releases.map((x) => x.error)).toEqual([undefined, undefined]);
    expect(parse(renderedObject(r, "ConfigMap", "vector").data["vector.yaml"]).texts).toEqual(hostile);
    expect(renderedObject(r, "ConfigMap", "alloy").data["config.alloy"]).toBe(hostile.join("\n"));
    for (const t of hostile) expect(afterTpl(literalForTpl(t))).toBe(t);
  });

  it("vigil check --render fails on the operator's own scrape of a rendered resource, with a wiring line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-charts-"));
    cpSync(FIXTURES, dir, { recursive: true });
    const template = join(dir, "victoria-metrics-k8s-stack-0.91.2", "templates", "stack.yaml");
    writeFileSync(template, readFileSync(template, "utf8").replace('(merge (dict "extraArgs" $args) .Values.vmsingle.spec)', '(omit (merge (dict "extraArgs" $args) .Values.vmsingle.spec) "disableSelfServiceScrape")'));
    const previous = process.env.HELM;
    process.env.HELM = HELM;
    try {
      const r = await vigil(tempDir(), "check", "--render", "--charts", dir);
      expect(r.stdout).toContain("✖ wiring: monitoring/victoria-metrics/values.yaml: VMSingle/vm: the operator would scrape it itself");
      expect(r.code).toBe(1);
    } finally {
      if (previous === undefined) delete process.env.HELM;
      else process.env.HELM = previous;
    }
  });

  it("Alloy's ClusterRole renders with vigil's two rule lists; an empty list there is not YAML (#1)", async () => {
    const gen = await build({ logs: { agent: "alloy", backend: "loki" } });
    const alloy = release(gen, "alloy");
    const r = await renderReleases([alloy], { chartsDir: FIXTURES, helm: HELM });
    expect(renderedObject(r, "ClusterRole", "alloy").rules.map((x: any) => x.resources)).toEqual([["pods"], ["events"]]);
    expect(renderedObject(r, "ConfigMap", "alloy").data["config.alloy"]).toContain("loki.write");
    const empty = await renderReleases([{ ...alloy, values: { ...alloy.values, rbac: { ...(alloy.values.rbac as object), clusterRules: [] } } }], { chartsDir: FIXTURES, helm: HELM });
    expect(empty.releases[0]!.error).toMatch(/YAML parse error on alloy\/templates\/alloy\.yaml/);
  });

  it("Tempo renders with the chart's Jaeger defaults kept, not with jaeger: null (#2); Loki on S3 gives the chart its bucket names (#3)", async () => {
    const tempo = release(await build({ components: { traces: true } }), "tempo");
    expect((await renderReleases([tempo], { chartsDir: FIXTURES, helm: HELM })).releases[0]!.error).toBeUndefined();
    const nulled = { ...tempo, values: { ...tempo.values, tempo: { ...(tempo.values.tempo as object), receivers: { ...((tempo.values.tempo as any).receivers as object), jaeger: null } } } };
    expect((await renderReleases([nulled], { chartsDir: FIXTURES, helm: HELM })).releases[0]!.error).toContain("nil pointer evaluating interface {}.protocols");
    const loki = release(await build({ logs: { backend: "loki", lokiS3: { endpoint: "minio.storage.svc:9000", bucket: "logs" } } }), "loki");
    const r = await renderReleases([loki], { chartsDir: FIXTURES, helm: HELM });
    expect(renderedObject(r, "ConfigMap", "loki").data.bucket).toBe("logs");
    const storage = { ...((loki.values.loki as any).storage as object) } as any;
    delete storage.bucketNames;
    const without = await renderReleases([{ ...loki, values: { ...loki.values, loki: { ...(loki.values.loki as object), storage } } }], { chartsDir: FIXTURES, helm: HELM });
    expect(without.releases[0]!.error).toContain("Please define loki.storage.bucketNames.chunks");
  });

  it("the Prometheus tree: every release renders, the operator's Prometheus and Alertmanager pods are the ones the policies and Services name", async () => {
    const gen = await build({ metrics: { backend: "prometheus" } });
    const r = await render(gen);
    expect(r.releases.map((x) => [x.release.chart, x.error ?? x.unavailable ?? "rendered"])).toEqual([
      ["prometheus-operator-crds", "rendered"],
      ["kube-prometheus-stack", "rendered"],
      ["grafana", "rendered"],
      ["victoria-logs-single", "rendered"],
      ["vector", "rendered"],
    ]);
    // The values reached the chart: the Prometheus CR's spec is the tree's; the CRDs are kept.
    expect(renderedObject(r, "Prometheus", "kps-prometheus").spec.retention).toBe("15d");
    expect(renderedObject(r, "CustomResourceDefinition", "servicemonitors.monitoring.coreos.com").metadata.annotations["helm.sh/resource-policy"]).toBe("keep");
    // The subcharts' own ServiceMonitors and the chart's kubelet scrape are off: vigil's replace them.
    expect(r.releases.flatMap((x) => x.objects ?? []).filter((o) => o.object.kind === "ServiceMonitor")).toEqual([]);
    expect(renderProblems(await withRender(gen, r))).toEqual([]);
  });

  it("the Prometheus tree: a renamed stack (pods and Services vigil does not expect) and node-exporter's own port name are caught", async () => {
    const renamed = await build({ metrics: { backend: "prometheus" } });
    release(renamed, "kube-prometheus-stack").values.fullnameOverride = "other";
    const problems = renderProblems(await withRender(renamed, await render(renamed)));
    expect(problems).toContainEqual(expect.stringContaining("the NetworkPolicy for prometheus admits port 9090"));
    expect(problems).toContainEqual(expect.stringContaining("the render has no Service kps-prometheus"));
    // Without vigil's service.portName the chart names the port http-metrics: vigil's ServiceMonitor scrapes nothing.
    const portName = await build({ metrics: { backend: "prometheus" } });
    delete (release(portName, "kube-prometheus-stack").values["prometheus-node-exporter"] as any).service;
    expect(renderProblems(await withRender(portName, await render(portName)))).toContainEqual(expect.stringMatching(/ServiceMonitor\/node-exporter scrapes port "metrics", which none of node-exporter \(http-metrics\) has/));
  });

  it("vigil check --render and vigil build --render render with $HELM and a charts folder, and say so", async () => {
    const dir = tempDir();
    const previous = process.env.HELM;
    process.env.HELM = HELM;
    try {
      const check = await vigil(dir, "check", "--render", "--charts", FIXTURES);
      expect(check.stdout).toContain(`vigil: rendered 4 of 4 chart release(s) with helm v`);
      expect(check.stdout).toContain("chart release(s) (as Helm rendered them) checked");
      // The stand-ins run as root: the report is of the render, so it fails.
      expect(check.stdout).toContain("✖ monitoring/grafana/values.yaml: Deployment/grafana container grafana: may run as root");
      expect(check.code).toBe(1);
      const built = await vigil(dir, "build", "--render", "--charts", FIXTURES);
      expect(built.code).toBe(1);
      expect(built.stderr).toContain("nothing was written");
      expect(readdirSync(dir)).toEqual([]);
      process.env.HELM = join(dir, "no-such-helm");
      const without = await vigil(dir, "check", "--render");
      expect(without.stderr).toContain("render: not rendered ($HELM (");
      expect(without.stdout).toContain("(from vigil's tables) checked: 0 finding(s)");
      expect(without.code).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.HELM;
      else process.env.HELM = previous;
    }
  });
});

const EXAMPLES = readdirSync(join(PROJECT_ROOT, "examples")).sort();

describe.runIf(upstreamChartsAvailable("the render of the real pinned charts") && helmAvailable("the render of the real pinned charts"))("the real pinned charts (VIGIL_CHARTS)", () => {
  const configs: [string, () => Promise<Generated>][] = [
    ...CLUSTER_CASES.map(([name, input, cluster]) => [name, () => buildCluster(input, cluster)] as [string, () => Promise<Generated>]),
    // Every cluster of each example (a fleet example has several).
    ...EXAMPLES.flatMap((f) => {
      const fleet = (f.endsWith(".yaml") ? parse(readFileSync(join(PROJECT_ROOT, "examples", f), "utf8"))?.fleet : undefined) as { clusters: Record<string, unknown> } | undefined;
      return (fleet ? Object.keys(fleet.clusters) : [undefined]).map(
        (cluster) =>
          [`examples/${f}${cluster ? ` (cluster ${cluster})` : ""}`, async () => {
            const all = await generateFleet((await loadConfig(PROJECT_ROOT, join("examples", f))).config, { source: f });
            return all.members.find((m) => cluster === undefined || m.member.name === cluster)!;
          }] as [string, () => Promise<Generated>],
      );
    }),
  ];

  it.each(configs)("%s: every release renders, the wiring agrees, the tables agree, no security finding", async (_, make) => {
    const gen = await make();
    const r = await render(gen, CHARTS_DIR);
    expect(r.releases.map((x) => x.error ?? x.unavailable).filter(Boolean)).toEqual([]);
    const checked = await withRender(gen, r);
    expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(renderProblems(checked, "warning")).toEqual([]);
  });

  it("the planted defects of the issue are caught on the real charts (#5, #6, #8)", async () => {
    const gen = await build({ logs: { backend: "loki" } });
    (release(gen, "victoria-metrics-k8s-stack").values["victoria-metrics-operator"] as any).serviceMonitor.enabled = true;
    const policy = objectNamed(gen, "vigil-allow-vmalert");
    policy.spec.ingress[0].from = policy.spec.ingress[0].from.filter((p: any) => p.podSelector.matchLabels["app.kubernetes.io/name"] !== "vmsingle");
    delete objectNamed(gen, "loki").spec.selector.matchExpressions;
    const problems = renderProblems(await withRender(gen, await render(gen, CHARTS_DIR)));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("VMServiceScrape/vm-operator scrapes Deployment/vm-operator on port 8080"),
        expect.stringContaining("VMSingle/vm (the operator's pods) connects to http://vmalert-vm.monitoring.svc.cluster.local.:8080"),
        expect.stringContaining("VMServiceScrape/loki selects the Services loki, loki-headless, which front the same pods"),
      ]),
    );
  });

  it("Loki on S3: the rendered config has the bucket and the credentials from the environment; without bucketNames the chart refuses (#3)", async () => {
    const gen = await build({ logs: { backend: "loki", lokiS3: { endpoint: "minio.storage.svc:9000", bucket: "loki", insecure: true } } });
    const loki = release(gen, "loki");
    const r = await renderReleases([loki], { chartsDir: CHARTS_DIR, helm: HELM });
    const config = parse(renderedObject(r, "ConfigMap", "loki").data["config.yaml"]);
    expect(config.common.storage.s3).toEqual({ endpoint: "minio.storage.svc:9000", bucketnames: "loki", region: "us-east-1", insecure: true, s3forcepathstyle: true, access_key_id: "${S3_ACCESS_KEY_ID}", secret_access_key: "${S3_SECRET_ACCESS_KEY}" });
    const storage = { ...((loki.values.loki as any).storage as object) } as any;
    delete storage.bucketNames;
    const without = await renderReleases([{ ...loki, values: { ...loki.values, loki: { ...(loki.values.loki as object), storage } } }], { chartsDir: CHARTS_DIR, helm: HELM });
    expect(without.releases[0]!.error).toContain("Please define loki.storage.bucketNames.chunks");
  });

  it("Tempo: `jaeger: null` fails the chart's templates (#2), the chart's Jaeger defaults do not", async () => {
    const gen = await build({ components: { traces: true } });
    const tempo = release(gen, "tempo");
    expect((await renderReleases([tempo], { chartsDir: CHARTS_DIR, helm: HELM })).releases[0]!.error).toBeUndefined();
    const nulled = { ...tempo, values: { ...tempo.values, tempo: { ...(tempo.values.tempo as object), receivers: { ...((tempo.values.tempo as any).receivers as object), jaeger: null } } } };
    expect((await renderReleases([nulled], { chartsDir: CHARTS_DIR, helm: HELM })).releases[0]!.error).toContain("nil pointer evaluating interface {}.protocols");
  });

  it("pins the charts the tree deploys", () => {
    for (const c of Object.values(CHARTS)) expect(chartInFolder(CHARTS_DIR!, c), `${c.chart} ${c.version}`).toBeDefined();
  });
});
