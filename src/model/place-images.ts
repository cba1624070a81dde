// The pipeline stage that puts config `images` into the parts: each chart's own image values
// (model/chart-images.ts), the VictoriaMetrics operator's registry for the pods it makes, pull
// secrets on every pod, and the list of every image for `vigil plan`. vigil's own images are
// placed where they are made (stack.image).
import { mergeValues } from "../components/render.js";
import type { Parts, PlannedImage, Values } from "./parts.js";
import { podTemplateOf } from "./pod-security.js";
import { valueAt as at } from "./values.js";
import type { Diagnostic } from "../config/diagnostics.js";
import type { Stack } from "./stack.js";
import { CHART_IMAGES, CHART_PULL_SECRETS, VM_CONFIG_RELOADER, VM_OPERATOR_DEFAULT_VERSION, type ChartImage } from "./chart-images.js";
import { formatImage, mirrorOf, ownImageId, parseImage, placeImage, type ImageRef } from "./images.js";

const nest = (path: string, value: unknown): Values => path.split(".").reduceRight<unknown>((v, k) => ({ [k]: v }), value) as Values;

/** The values that make a chart run `placed` instead of its pinned image; the tag only when overridden. */
function imageValues(image: ChartImage, placed: ImageRef, tagOverride: string | undefined): Values {
  const v = image.values;
  const tag = tagOverride ?? placed.tag;
  switch (v.kind) {
    case "split":
      return mergeValues(mergeValues(nest(v.registry, placed.registry), nest(v.repository, placed.repository)), tagOverride ? nest(v.tag, tagOverride) : {});
    case "joined":
      return mergeValues(nest(v.repository, `${placed.registry}/${placed.repository}`), tagOverride ? nest(v.tag, tagOverride) : {});
    case "operator":
      // The operator prefixes only repositories without a registry: a full one is taken as it is.
      return v.spec ? nest(v.spec, { repository: `${placed.registry}/${placed.repository}`, ...(tag ? { tag } : {}) }) : {};
  }
}

/** The VictoriaMetrics operator's resources vigil writes itself, and their default images (config.go). */
const OWN_VM_RESOURCES: Record<string, string> = {
  VMAuth: `docker.io/victoriametrics/vmauth:${VM_OPERATOR_DEFAULT_VERSION}`,
  VMAlert: `docker.io/victoriametrics/vmalert:${VM_OPERATOR_DEFAULT_VERSION}`,
};

export function placeImages(stack: Stack, parts: Parts): { images: PlannedImage[]; diagnostics: Diagnostic[] } {
  const config = stack.config.images;
  const secrets = config.pullSecrets;
  const planned: PlannedImage[] = [];
  const diagnostics: Diagnostic[] = [];
  const known = new Set<string>();
  const dockerMirror = mirrorOf(config, "docker.io");

  for (const release of parts.releases) {
    const get = (path: string) => at(release.values, path);
    for (const image of CHART_IMAGES.filter((i) => i.chart === release.chart.chart && (i.when?.(get) ?? true))) {
      known.add(image.id);
      const upstream = parseImage(image.pinned);
      const override = config.overrides[image.id];
      // The operator's pods: its registry prefix moves them (below); an override needs the resource's image values.
      const placed = image.values.kind === "operator" && !override ? { ...upstream, ...(dockerMirror ? { registry: dockerMirror } : {}) } : placeImage(image.id, upstream, config);
      planned.push({ id: image.id, image: formatImage(placed), where: `${release.app}${image.cr ? ` (${image.cr})` : ""}` });
      if (override && image.values.kind === "operator" && !image.values.spec) {
        diagnostics.push({ severity: "error", path: `images.overrides.${image.id}`, message: `images.overrides.${image.id}: the operator chooses this image itself; only images.registry (or registries."docker.io") moves it` });
        continue;
      }
      if (formatImage(placed) !== image.pinned) release.values = mergeValues(release.values, imageValues(image, placed, override?.tag));
    }
    // Every pod the VictoriaMetrics operator makes names a docker.io repository without a registry: one prefix moves them all.
    if (release.chart.chart === "victoria-metrics-k8s-stack" && dockerMirror) {
      const env = (at(release.values, "victoria-metrics-operator.env") as Values[] | undefined) ?? [];
      release.values = mergeValues(release.values, { "victoria-metrics-operator": { env: [...env, { name: "VM_CONTAINERREGISTRY", value: dockerMirror }] } });
    }
    if (secrets.length) release.values = mergeValues(release.values, CHART_PULL_SECRETS[release.chart.chart]?.(secrets, get) ?? {});
    // vigil's own images inside a chart's values (Grafana's plugin installer).
    for (const image of imagesIn(release.values, ["extraInitContainers", "extraContainers"])) planned.push({ id: ownImageId(image), image, where: release.app });
  }

  for (const { app, object } of parts.objects) {
    const pod = podTemplateOf(object)?.spec as Values | undefined;
    if (pod) {
      for (const c of [...((pod.initContainers as Values[]) ?? []), ...((pod.containers as Values[]) ?? [])]) planned.push({ id: ownImageId(String(c.image)), image: String(c.image), where: app });
      if (secrets.length) pod.imagePullSecrets = secrets.map((name) => ({ name }));
    }
    const vmDefault = OWN_VM_RESOURCES[object.kind];
    if (vmDefault && object.apiVersion.startsWith("operator.victoriametrics.com/")) {
      for (const [id, ref] of [[ownImageId(vmDefault), vmDefault], ["vm-config-reloader", VM_CONFIG_RELOADER]] as const) {
        const r = parseImage(ref);
        planned.push({ id, image: formatImage({ ...r, ...(dockerMirror ? { registry: dockerMirror } : {}) }), where: `${app} (${object.kind})` });
      }
      if (secrets.length) (object.spec as Values).imagePullSecrets = secrets.map((name) => ({ name }));
    }
  }
  for (const p of planned) known.add(p.id);
  for (const id of Object.keys(config.overrides)) {
    if (!known.has(id)) diagnostics.push({ severity: "error", path: `images.overrides.${id}`, message: `images.overrides.${id}: the stack runs no image of that name (its images: ${[...known].sort().join(", ")})` });
  }
  const seen = new Set<string>();
  const images = planned.filter((p) => !seen.has(`${p.id} ${p.image} ${p.where}`) && seen.add(`${p.id} ${p.image} ${p.where}`));
  return { images: images.sort((a, b) => a.where.localeCompare(b.where) || a.id.localeCompare(b.id)), diagnostics };
}

/** Image references of containers listed under these keys of a chart's values. */
function imagesIn(values: Values, keys: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (keys.includes(k) && Array.isArray(x)) for (const c of x) if (c && typeof (c as Values).image === "string") out.push((c as Values).image as string);
        walk(x);
      }
    }
  };
  walk(values);
  return [...new Set(out)];
}
