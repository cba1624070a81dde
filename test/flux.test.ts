// The Flux target: one Kustomization per folder, charts as HelmReleases from their own source, the
// same objects and values as the Argo CD tree, and every Flux object valid against Flux's CRDs.
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { generate } from "../src/pipeline.js";
import { parsedConfig, referenceAvailable } from "./helpers.js";
import { validateCustomResource } from "./reference.js";

const FLUX = { gitops: { target: "flux" } };
const withoutSyncWaves = (v: any): any => {
  if (Array.isArray(v)) return v.map(withoutSyncWaves);
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "argocd.argoproj.io/sync-wave").map(([k, x]) => [k, withoutSyncWaves(x)]));
};
const build = async (input: Record<string, unknown>) => (await generate(parsedConfig(input), { source: "test" })).output;

describe("Flux target", () => {
  it("each chart gets its source and a HelmRelease named like the app, with the values the Argo CD tree gives it", async () => {
    const flux = await build(FLUX);
    const argo = await build({});
    for (const app of ["victoria-metrics", "grafana", "victoria-logs", "vector"]) {
      const hr = parse(flux.files.get(`monitoring/${app}/helmrelease-${app}.yaml`)!);
      // The Argo CD tree orders the operator's resources after the operator with a sync wave;
      // Flux installs the chart's CRDs first and needs none.
      const chartValues = withoutSyncWaves(parse(argo.files.get(`monitoring/${app}/values.yaml`)!));
      const chart = Object.keys(chartValues)[0]!;
      expect(hr.spec.releaseName).toBe(app);
      expect(hr.spec.values).toEqual(chartValues[chart]);
      const wrapper = parse(argo.files.get(`monitoring/${app}/Chart.yaml`)!).dependencies[0];
      if (wrapper.repository.startsWith("oci://")) {
        const src = parse(flux.files.get(`monitoring/${app}/ocirepository-${app}.yaml`)!);
        expect(hr.spec.chartRef).toEqual({ kind: "OCIRepository", name: app });
        expect([src.spec.url, src.spec.ref.tag]).toEqual([`${wrapper.repository}/${wrapper.name}`, wrapper.version]);
      } else {
        const src = parse(flux.files.get(`monitoring/${app}/helmrepository-${app}.yaml`)!);
        expect(hr.spec.chart.spec).toEqual({ chart: wrapper.name, version: wrapper.version, sourceRef: { kind: "HelmRepository", name: app } });
        expect(src.spec.url).toBe(wrapper.repository);
      }
    }
    // Everything that is not a chart is the same in both trees.
    const plain = (files: Map<string, string>) => [...files].filter(([f]) => f.startsWith("monitoring/") && !/(Chart|values|README)\.(yaml|md)$|helmrelease-|helmrepository-|ocirepository-/.test(f));
    expect(plain(flux.files).map(([f, c]) => [f, c.replace(/^#.*\n/gm, "")])).toEqual(plain(argo.files).map(([f, c]) => [f, c.replace(/^#.*\n/gm, "")]));
  });

  it("one Kustomization per folder; the folders with the operator's resources wait for the metrics app, Vector for VictoriaLogs", async () => {
    const out = await build({ ...FLUX, access: { ingress: {}, uis: { metrics: "https://metrics.lab" } } });
    const ks = parseAllDocuments(out.files.get("bootstrap/monitoring-flux.yaml")!).map((d) => d.toJS());
    const folders = [...new Set([...out.files.keys()].filter((f) => f.startsWith("monitoring/") && f.split("/").length === 3).map((f) => f.split("/")[1]))].sort();
    expect(ks.map((k) => k.spec.path)).toEqual(folders.map((f) => `./monitoring/${f}`));
    const dependent = ks.filter((k) => k.spec.dependsOn).map((k) => k.metadata.name);
    expect(dependent).toEqual(["monitoring-access", "monitoring-alert-rules", "monitoring-scrapes", "monitoring-vector"]);
    expect(ks.find((k) => k.metadata.name === "monitoring-victoria-metrics").spec).toMatchObject({ wait: true, prune: true });
    expect(ks.every((k) => k.metadata.namespace === "flux-system" && k.spec.sourceRef.name === "flux-system" && !k.spec.decryption)).toBe(true);
    expect(out.bootstrap.at(-1)).toBe("kubectl apply -f bootstrap/monitoring-flux.yaml");
    expect(out.files.get("monitoring/README.md")).toContain("Flux deploys every folder here through one Kustomization each");
  });

  it("with flux.sopsSecret every Kustomization decrypts SOPS files with that key", async () => {
    const out = await build({ gitops: { target: "flux", flux: { sopsSecret: "sops-age", namespace: "flux", gitRepository: "homelab" } } });
    const ks = parseAllDocuments(out.files.get("bootstrap/monitoring-flux.yaml")!).map((d) => d.toJS());
    expect(new Set(ks.map((k) => JSON.stringify([k.metadata.namespace, k.spec.sourceRef.name, k.spec.decryption])))).toEqual(
      new Set([JSON.stringify(["flux", "homelab", { provider: "sops", secretRef: { name: "sops-age" } }])]),
    );
  });

  it.runIf(referenceAvailable("Flux's CRDs"))("every Flux object is valid against Flux's CRDs", async () => {
    const out = await build({ ...FLUX, logs: { backend: "loki" } });
    const fluxObjects = out.objects.filter((o) => /fluxcd\.io\//.test(o.object.apiVersion));
    expect(new Set(fluxObjects.map((o) => o.object.kind))).toEqual(new Set(["Kustomization", "HelmRelease", "HelmRepository", "OCIRepository"]));
    for (const o of fluxObjects) expect(validateCustomResource(o.object), `${o.file} ${o.object.kind}`).toEqual([]);
  });

  it("exporters.flux: Flux's notification-controller pushes error events to Alertmanager (a Provider and an Alert in Flux's namespace and the stack's), allowed by a NetworkPolicy", async () => {
    const g = await generate(parsedConfig({ ...FLUX, exporters: { flux: true } }), { source: "test" });
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const objects = g.output.objects.filter((o) => o.object.apiVersion.startsWith("notification.toolkit.fluxcd.io/")).map((o) => o.object as any);
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      "Alert flux-system/vigil-alertmanager-flux-system",
      "Alert monitoring/vigil-alertmanager-monitoring",
      "Provider flux-system/vigil-alertmanager-flux-system",
      "Provider monitoring/vigil-alertmanager-monitoring",
    ]);
    const provider = objects.find((o) => o.kind === "Provider")!;
    expect(provider.spec).toEqual({ type: "alertmanager", address: `${g.stack.services.alertmanager.url}/api/v2/alerts/` });
    const alert = objects.find((o) => o.kind === "Alert" && o.metadata.namespace === "monitoring")!;
    expect(alert.spec).toMatchObject({ eventSeverity: "error", eventMetadata: { cluster: "homelab" }, providerRef: { name: "vigil-alertmanager-monitoring" } });
    expect(alert.spec.eventSources.every((s: any) => s.name === "*" && s.namespace === "monitoring")).toBe(true);
    // The notification-controller's pods reach Alertmanager; nothing else of flux-system does.
    const policies = g.output.objects.map((o) => o.object).filter((o) => o.kind === "NetworkPolicy");
    const { allowed } = await import("../src/checks/netpol.js");
    const am = { namespace: "monitoring", labels: g.stack.pods.alertmanager };
    expect(allowed(policies, { namespace: "flux-system", labels: { app: "notification-controller" } }, am, 9093)).toBe(true);
    expect(allowed(policies, { namespace: "flux-system", labels: { app: "kustomize-controller" } }, am, 9093)).toBe(false);
    // Off without Alertmanager, and without exporters.flux.
    for (const input of [{ exporters: { flux: true }, components: { alertmanager: false } }, {}]) {
      const none = await generate(parsedConfig({ ...FLUX, ...input }), { source: "test" });
      expect(none.output.objects.some((o) => o.object.apiVersion.startsWith("notification.toolkit.fluxcd.io/")), JSON.stringify(input)).toBe(false);
    }
  });

  it.runIf(referenceAvailable("Flux's notification CRDs"))("the Provider and the Alert are valid against Flux's CRDs", async () => {
    const g = await generate(parsedConfig({ exporters: { flux: true } }), { source: "test" });
    const objects = g.output.objects.filter((o) => o.object.apiVersion.startsWith("notification.toolkit.fluxcd.io/"));
    expect(objects.length).toBe(4);
    for (const o of objects) expect(validateCustomResource(o.object), `${o.file}`).toEqual([]);
  });
});
