// Where images come from (issue 19 #4): a mirror or Harbor proxy cache per upstream registry, pull
// secrets, other images for chosen parts; through every chart's own values and every object vigil
// writes, and listed by `vigil plan`. With VIGIL_CHARTS, the pinned charts are rendered to prove it.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generate, withRender } from "../src/pipeline.js";
import { renderReleases } from "../src/render/index.js";
import { CHART_IMAGES } from "../src/model/chart-images.js";
import { formatImage, parseImage, placeImage } from "../src/model/images.js";
import { CHARTS_DIR, configErrors, HELM, parsedConfig, upstreamChartsAvailable } from "./helpers.js";
import type { KubeObject } from "../src/model/parts.js";

const build = (input: Record<string, unknown>) => generate(parsedConfig(input), { source: "test" });
const rendered = async (input: Record<string, unknown>) => {
  const gen = await build(input);
  return withRender(gen, await renderReleases(gen.output.releases, { chartsDir: CHARTS_DIR!, helm: HELM }));
};
const HARBOR = { "docker.io": "harbor.lab/hub", "quay.io": "harbor.lab/quay", "ghcr.io": "harbor.lab/ghcr", "registry.k8s.io": "harbor.lab/k8s" };
const upstreamOf = (image: string) => Object.entries(HARBOR).find(([, m]) => image.startsWith(`${m}/`))?.[0];

describe("image references", () => {
  it("parse as a container runtime reads them, and print back the same", () => {
    expect(parseImage("victoriametrics/vmagent:v1.150.0")).toEqual({ registry: "docker.io", repository: "victoriametrics/vmagent", tag: "v1.150.0" });
    expect(parseImage("busybox")).toEqual({ registry: "docker.io", repository: "library/busybox" });
    expect(parseImage("localhost:5000/a/b:1@sha256:ab")).toEqual({ registry: "localhost:5000", repository: "a/b", tag: "1", digest: "sha256:ab" });
    for (const i of CHART_IMAGES) expect(formatImage(parseImage(i.pinned)), i.id).toBe(i.pinned);
  });

  it("a mirror per registry wins over the one for all; an override replaces repository and tag", () => {
    const images = { registry: "mirror.lab", registries: { "quay.io": "harbor.lab/quay" }, pullSecrets: [], overrides: { grafana: { repository: "dhi.io/grafana", tag: "13" }, loki: { tag: "3.7.7" } } };
    expect(formatImage(placeImage("x", parseImage("quay.io/prometheus/node-exporter:v1"), images))).toBe("harbor.lab/quay/prometheus/node-exporter:v1");
    expect(formatImage(placeImage("x", parseImage("docker.io/grafana/tempo:2"), images))).toBe("mirror.lab/grafana/tempo:2");
    expect(formatImage(placeImage("grafana", parseImage("docker.io/grafana/grafana:13.2.0"), images))).toBe("dhi.io/grafana:13");
    expect(formatImage(placeImage("loki", parseImage("docker.io/grafana/loki:3.7.6"), images))).toBe("mirror.lab/grafana/loki:3.7.7");
  });
});

describe("images in the tree", () => {
  it("nothing moves without images; vigil plan lists every image", async () => {
    const g = await build({});
    expect(g.plan.images.map((i) => i.id)).toEqual(expect.arrayContaining(["vmsingle", "vmagent", "vm-operator", "grafana", "k8s-sidecar", "vector", "victoria-logs", "kube-state-metrics", "node-exporter", "kubernetes-event-exporter"]));
    expect(JSON.stringify(g.parts.releases.map((r) => r.values))).not.toContain("VM_CONTAINERREGISTRY");
  });

  it("with Harbor's projects every image of the plan comes from its registry's project; the operator prefixes its own; pull secrets everywhere", async () => {
    const g = await build({ images: { registries: HARBOR, pullSecrets: ["kubernetes-dhi"] }, backup: { metrics: { s3: { endpoint: "nas:9000", bucket: "backups" } } } });
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    for (const i of g.plan.images) expect(upstreamOf(i.image), `${i.id} ${i.image}`).toBeDefined();
    const vm = parse(g.output.files.get("monitoring/victoria-metrics/values.yaml")!)["victoria-metrics-k8s-stack"];
    expect(vm["victoria-metrics-operator"].env).toContainEqual({ name: "VM_CONTAINERREGISTRY", value: "harbor.lab/hub" });
    expect(vm["kube-state-metrics"].image).toMatchObject({ registry: "harbor.lab/k8s", repository: "kube-state-metrics/kube-state-metrics" });
    // Tags stay the chart's: a patch release of the chart (versions.charts) brings its own.
    expect(vm["kube-state-metrics"].image.tag).toBeUndefined();
    expect(vm.vmsingle.spec.imagePullSecrets).toEqual([{ name: "kubernetes-dhi" }]);
    const backup = g.output.objects.find((o) => o.object.kind === "CronJob")!.object as any;
    expect(backup.spec.jobTemplate.spec.template.spec.imagePullSecrets).toEqual([{ name: "kubernetes-dhi" }]);
    expect(backup.spec.jobTemplate.spec.template.spec.containers[0].image).toBe("harbor.lab/hub/victoriametrics/vmbackup:v1.150.0");
  });

  it("an override for one part (a hardened image); unknown names and the operator's own images are refused with the path", async () => {
    const g = await build({ images: { overrides: { grafana: { repository: "dhi.io/grafana", tag: "13.2.0-debian13" }, vmsingle: { repository: "harbor.lab/dhi/victoria-metrics", tag: "v1.150.0" } } } });
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const grafana = parse(g.output.files.get("monitoring/grafana/values.yaml")!).grafana;
    expect(grafana.image).toMatchObject({ registry: "dhi.io", repository: "grafana", tag: "13.2.0-debian13" });
    const vm = parse(g.output.files.get("monitoring/victoria-metrics/values.yaml")!)["victoria-metrics-k8s-stack"];
    expect(vm.vmsingle.spec.image).toEqual({ repository: "harbor.lab/dhi/victoria-metrics", tag: "v1.150.0" });
    // The plugin installer runs the Grafana image too: the same override.
    expect(grafana.extraInitContainers?.[0]?.image ?? "dhi.io/grafana:13.2.0-debian13").toBe("dhi.io/grafana:13.2.0-debian13");
    const bad = await build({ images: { overrides: { grafna: { tag: "1" }, "vm-config-reloader": { tag: "x" } } } });
    const errors = bad.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
    expect(errors.find((m) => m.startsWith("images.overrides.grafna:"))).toMatch(/runs no image of that name \(its images: .*grafana/);
    expect(errors.find((m) => m.startsWith("images.overrides.vm-config-reloader:"))).toMatch(/the operator chooses this image itself/);
    expect(configErrors({ images: { registry: "https://harbor" } }).join("\n")).toMatch(/images\.registry.*host\[:port\]\[\/path\]/);
  });
});

/** Every container image of the pods a rendered chart makes. */
function renderedImages(objects: readonly { object: KubeObject }[]): string[] {
  const out: string[] = [];
  for (const { object } of objects) {
    const spec: any = object.kind === "CronJob" ? (object as any).spec?.jobTemplate?.spec?.template?.spec : ["Deployment", "StatefulSet", "DaemonSet", "Job"].includes(object.kind) ? (object as any).spec?.template?.spec : undefined;
    if (!spec) continue;
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) out.push(c.image);
  }
  return out;
}
const podSpecs = (objects: readonly { object: KubeObject }[]) =>
  objects.flatMap(({ object }) => {
    const spec: any = ["Deployment", "StatefulSet", "DaemonSet", "Job"].includes(object.kind) ? (object as any).spec?.template?.spec : undefined;
    return spec ? [{ id: `${object.kind}/${object.metadata.name}`, spec }] : [];
  });

describe.runIf(upstreamChartsAvailable("the images through the pinned charts"))("the pinned charts, rendered (VIGIL_CHARTS)", () => {
  const variants: Record<string, Record<string, unknown>> = {
    "VictoriaMetrics, VictoriaLogs, Vector, traces, Proxmox": { components: { traces: true }, apps: { proxmox: { hosts: ["10.0.0.1"] } } },
    "Prometheus, Loki, Alloy": { metrics: { backend: "prometheus" }, logs: { backend: "loki", agent: "alloy" } },
    "both clusters": { cluster: { nodes: 3 }, logs: { mode: "cluster" }, metrics: { mode: "cluster" } },
  };
  for (const [name, input] of Object.entries(variants)) {
    it(`${name}: without images the charts render the table's pinned images; with Harbor every pod pulls through it, with the pull secret`, async () => {
      const pinned = await rendered(input);
      for (const r of pinned.render!.releases) {
        expect(r.error, r.release.release).toBeUndefined();
        const listed = pinned.plan.images.filter((i) => i.where.split(" ")[0] === r.release.release && !i.where.includes("(")).map((i) => i.image);
        // Each chart renders exactly the images the plan lists for its app (the operators' pods aside).
        // (Docker Hub's short names normalised: victoriametrics/operator is docker.io/victoriametrics/operator.)
        expect(new Set(renderedImages(r.objects!).map((i) => formatImage(parseImage(i)))), r.release.release).toEqual(new Set(listed));
      }
      const moved = await rendered({ ...input, images: { registries: HARBOR, pullSecrets: ["kubernetes-dhi"] } });
      expect(moved.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      for (const r of moved.render!.releases) {
        expect(r.error, r.release.release).toBeUndefined();
        for (const image of renderedImages(r.objects!)) expect(upstreamOf(image), `${r.release.release}: ${image}`).toBeDefined();
        for (const { id, spec } of podSpecs(r.objects!)) {
          const viaAccount = r.objects!.some(({ object }) => object.kind === "ServiceAccount" && object.metadata.name === spec.serviceAccountName && (object as any).imagePullSecrets?.some((s: any) => s.name === "kubernetes-dhi"));
          expect(spec.imagePullSecrets?.some((s: any) => s.name === "kubernetes-dhi") || viaAccount, `${r.release.release}: ${id}`).toBe(true);
        }
        // The operators' resources: the Prometheus and Alertmanager ones name their image and secrets; VictoriaMetrics' take the operator's prefix and their secrets.
        for (const { object } of r.objects!) {
          if (["Prometheus", "Alertmanager"].includes(object.kind)) {
            expect(upstreamOf((object as any).spec.image), `${object.kind} ${(object as any).spec.image}`).toBeDefined();
            expect((object as any).spec.imagePullSecrets).toEqual([{ name: "kubernetes-dhi" }]);
          }
          if (["VMSingle", "VMAgent", "VMAlert", "VMAlertmanager", "VMCluster"].includes(object.kind)) expect((object as any).spec.imagePullSecrets, object.kind).toEqual([{ name: "kubernetes-dhi" }]);
        }
      }
      for (const o of moved.output.objects) for (const image of renderedImages([o])) expect(upstreamOf(image), `${o.file}: ${image}`).toBeDefined();
    });
  }
});
