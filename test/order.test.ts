// Order between apps (issue 19 #3): each app waits for the apps it needs (their CRDs, or what it
// sends to); Flux writes dependsOn, Argo CD the steps of the ApplicationSet's RollingSync, and
// Flux substitutes cluster-wide variables without touching vigil's own ${...} references.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { generate } from "../src/pipeline.js";
import { deployOrder, deployWaves, folderDependencies } from "../src/targets/order.js";
import { ENV_VARS } from "../src/model/env-refs.js";
import { HELM, helmAvailable, parsedConfig, tempDir } from "./helpers.js";

const build = async (input: Record<string, unknown>) => generate(parsedConfig(input), { source: "test" });
const kustomizations = (files: Map<string, string>) => parseAllDocuments(files.get("bootstrap/monitoring-flux.yaml")!).map((d) => d.toJS());
const dependsOn = (files: Map<string, string>) =>
  Object.fromEntries(kustomizations(files).map((k) => [k.metadata.name.replace(/^monitoring-/, ""), (k.spec.dependsOn ?? []).map((d: { name: string }) => d.name.replace(/^monitoring-/, ""))]));

describe("order between apps", () => {
  it("Flux: Loki after the metrics stack (its ruler sends there), Alloy after Loki, the CRD users after the CRDs; those waited for are waited until ready", async () => {
    const gen = await build({ gitops: { target: "flux" }, metrics: { backend: "prometheus" }, logs: { backend: "loki", agent: "alloy" } });
    expect(dependsOn(gen.output.files)).toMatchObject({
      loki: ["kube-prometheus-stack"],
      alloy: ["loki"],
      "kube-prometheus-stack": ["prometheus-operator-crds"],
      scrapes: ["prometheus-operator-crds"],
      grafana: [],
    });
    const ks = kustomizations(gen.output.files);
    for (const waited of ["loki", "kube-prometheus-stack", "prometheus-operator-crds"]) expect(ks.find((k) => k.metadata.name === `monitoring-${waited}`).spec, waited).toMatchObject({ wait: true });
    expect(ks.find((k) => k.metadata.name === "monitoring-alloy").spec.wait).toBeUndefined();
    const readme = gen.output.files.get("monitoring/README.md")!;
    expect(readme).toContain("| `alloy/` | `loki/` | the log store it ships to |");
    expect(readme).toContain("| `loki/` | `kube-prometheus-stack/` | the Alertmanager and metrics store its ruler sends to |");
  });

  it("VictoriaLogs and Vector: the agent waits for the store", async () => {
    expect(dependsOn((await build({ gitops: { target: "flux" } })).output.files).vector).toEqual(["victoria-logs"]);
  });

  it("waves: 0 for a folder that waits for nothing, else one past the latest it waits for; a cycle is refused", () => {
    const deps = new Map([
      ["b", [{ app: "a", why: "x" }]],
      ["c", [{ app: "a", why: "x" }, { app: "b", why: "y" }]],
    ]);
    expect(Object.fromEntries(deployWaves(["c", "b", "a", "d"], deps))).toEqual({ a: 0, b: 1, c: 2, d: 0 });
    expect(deployOrder(["c", "b", "a"], deps)).toEqual(["a", "b", "c"]);
    const release = (app: string) => ({ app, chart: { chart: app, version: "1", repository: "https://x" }, values: {} }) as never;
    expect(() => folderDependencies([release("a"), release("b")], [], [{ app: "a", after: "b", why: "1" }, { app: "b", after: "a", why: "2" }])).toThrow(/folders depend on each other: a → b → a/);
    // An order naming an app that is not in the tree (a spoke's log store) is left out.
    expect(folderDependencies([release("a")], [], [{ app: "a", after: "gone", why: "1" }]).size).toBe(0);
  });

  it("Argo CD: RollingSync steps, one per wave, select the Applications by a label whose template gives each folder its wave", async () => {
    const gen = await build({ metrics: { backend: "prometheus" }, logs: { backend: "loki", agent: "alloy" } });
    const [appset] = gen.output.objects.filter((o) => o.object.kind === "ApplicationSet").map((o) => o.object as any);
    const steps = appset.spec.strategy.rollingSync.steps;
    expect(appset.spec.strategy.type).toBe("RollingSync");
    expect(steps.map((s: any) => s.matchExpressions[0].values[0])).toEqual(["0", "1", "2", "3"]);
    expect(steps.every((s: any) => s.matchExpressions[0].key === "vigil.dev/wave" && s.matchExpressions[0].operator === "In")).toBe(true);
    // The Applications keep their auto-sync policy: RollingSync turns it off and prunes as it says.
    expect(appset.spec.template.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(gen.output.files.get("monitoring/README.md")).toContain("applicationsetcontroller.enable.progressive.syncs");
    // gitops.argocd.rollingSync: false leaves the strategy and the label out.
    const off = await build({ gitops: { argocd: { rollingSync: false } } });
    const [plain] = off.output.objects.filter((o) => o.object.kind === "ApplicationSet").map((o) => o.object as any);
    expect(plain.spec.strategy).toBeUndefined();
    expect(plain.spec.template.metadata.labels["vigil.dev/wave"]).toBeUndefined();
  });

  it.runIf(helmAvailable("the wave label's Go template"))("the wave label's Go template (sprig's get, dict, default, as Argo CD runs them) gives every folder its wave", async () => {
    const gen = await build({ metrics: { backend: "prometheus" }, logs: { backend: "loki", agent: "alloy" } });
    const [appset] = gen.output.objects.filter((o) => o.object.kind === "ApplicationSet").map((o) => o.object as any);
    const label: string = appset.spec.template.metadata.labels["vigil.dev/wave"];
    const folders = [...new Set([...gen.output.files.keys()].filter((f) => f.startsWith("monitoring/") && f.split("/").length === 3).map((f) => f.split("/")[1]!))].sort();
    const expected = deployWaves(folders, folderDependencies(gen.parts.releases, gen.output.objects.filter((o) => o.file.startsWith("monitoring/") && !gen.output.files.get(`monitoring/${o.file.split("/")[1]}/Chart.yaml`)).map((o) => ({ app: o.file.split("/")[1]!, object: o.object })), gen.parts.order));
    // Helm evaluates templates with Go's text/template and the sprig functions, as the ApplicationSet controller does.
    const chart = tempDir("vigil-wave-");
    mkdirSync(join(chart, "templates"));
    writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: waves\nversion: 0.1.0\n");
    writeFileSync(join(chart, "templates", "waves.yaml"), `# Source: waves\n${folders.map((f) => `{{- with dict "path" (dict "basename" ${JSON.stringify(f)}) }}\n${f}: '${label}'\n{{- end }}`).join("\n")}\n`);
    const run = spawnSync(HELM, ["template", "w", chart], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    const rendered = parse(run.stdout.split("---").at(-1)!) as Record<string, string>;
    expect(rendered).toEqual(Object.fromEntries(folders.map((f) => [f, String(expected.get(f))])));
    expect(new Set(Object.values(rendered)).size).toBeGreaterThan(2);
  });
});

describe("Flux postBuild.substituteFrom (gitops.flux.substituteFrom)", () => {
  const withVariables = {
    gitops: { target: "flux", flux: { substituteFrom: [{ kind: "Secret", name: "cluster-secrets" }, { kind: "ConfigMap", name: "cluster-settings", optional: true }] } },
    logs: { backend: "loki", lokiS3: { endpoint: "minio.lab:9000", bucket: "loki-chunks", secret: "loki-s3" } },
    components: { traces: true },
    alerting: { labels: { environment: "${CLUSTER_ENV}" } },
  };

  it("every Kustomization substitutes from the sources; objects with vigil's own $ syntax opt out, the user's ${VAR} is filled in everywhere else", async () => {
    const gen = await build(withVariables);
    expect(gen.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const plain = await build({ ...withVariables, gitops: { target: "flux" } });
    for (const k of kustomizations(gen.output.files)) {
      expect(k.spec.postBuild, k.metadata.name).toEqual({ substituteFrom: [{ kind: "Secret", name: "cluster-secrets" }, { kind: "ConfigMap", name: "cluster-settings", optional: true }] });
    }
    // Flux's envsubst over an object: $$ becomes $, ${X} becomes X's value (CLUSTER_ENV from the Secret, others empty).
    const envsubst = (text: string) => text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name) => (m === "$$" ? "$" : name === "CLUSTER_ENV" ? "production" : ""));
    const optedOut: string[] = [];
    for (const { file, object } of gen.output.objects.filter((o) => o.file.startsWith("monitoring/"))) {
      const text = JSON.stringify(object);
      const disabled = object.metadata.annotations?.["kustomize.toolkit.fluxcd.io/substitute"] === "disabled";
      if (disabled) optedOut.push(`${object.kind}/${object.metadata.name}`);
      const applied = disabled ? text : envsubst(text);
      // What Flux applies is the tree without substitution, the user's variable filled in.
      const same = plain.output.objects.find((o) => o.file === file && o.object.kind === object.kind && o.object.metadata.name === object.metadata.name)!;
      const { annotations: _drop, ...metadata } = (JSON.parse(applied) as typeof object).metadata;
      void _drop;
      const { annotations: _plain, ...plainMetadata } = same.object.metadata;
      void _plain;
      expect({ ...JSON.parse(applied), metadata }, file).toEqual(JSON.parse(JSON.stringify({ ...same.object, metadata: plainMetadata }).replace(/\$\{CLUSTER_ENV\}/g, "production")));
    }
    // Loki's S3 keys and Grafana's $$ escapes (traces-to-metrics) are vigil's own.
    expect(optedOut.sort()).toEqual(["HelmRelease/grafana", "HelmRelease/loki"]);
    expect([...gen.output.files.values()].some((t) => t.includes("production"))).toBe(false);
    expect(gen.output.files.get("monitoring/alert-rules/vmrule-vigil-node.yaml") ?? [...gen.output.files.values()].find((t) => t.includes("${CLUSTER_ENV}"))).toContain("${CLUSTER_ENV}");
  });
});
