// Flux target: one Kustomization per folder under gitops.path (in bootstrap/, applied once), each
// reading the user's GitRepository. A chart's folder holds its source (HelmRepository, or
// OCIRepository for OCI charts) and a HelmRelease with vigil's values; other folders hold plain
// manifests. Folders with custom resources wait for the folder that installs their CRDs.
import { posix } from "node:path";
import type { Stack } from "../../model/stack.js";
import type { HelmRelease, KubeObject } from "../../model/parts.js";
import { toYaml, toYamlDocuments } from "../../emit/yaml.js";
import type { EmittedRelease, GitOpsTarget, TargetOutput } from "../types.js";
import { awaited, folderDependencies, type Dependency } from "../order.js";
import { hasOwnDollarSyntax } from "../../model/env-refs.js";
import { bootstrapPath, bootstrapSteps, emittedRelease, layoutCommon, objectFileName, writeReadme } from "../layout.js";

const SOURCE_API = "source.toolkit.fluxcd.io/v1";
/** The media type of a Helm chart's layer in an OCI artifact. */
const HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

const meta = (stack: Stack, name: string) => ({ name, namespace: stack.namespace, labels: { "app.kubernetes.io/managed-by": "vigil" } });

/** The chart's source, named after the app: no two Kustomizations own one object. */
function chartSource(stack: Stack, release: HelmRelease): KubeObject {
  const { chart, version, repository } = release.chart;
  const interval = stack.config.gitops.flux.interval;
  if (repository.startsWith("oci://")) {
    return {
      apiVersion: SOURCE_API,
      kind: "OCIRepository",
      metadata: meta(stack, release.app),
      spec: { url: `${repository.replace(/\/$/, "")}/${chart}`, ref: { tag: version }, interval, layerSelector: { mediaType: HELM_CHART_LAYER, operation: "copy" } },
    };
  }
  return { apiVersion: SOURCE_API, kind: "HelmRepository", metadata: meta(stack, release.app), spec: { url: repository, interval } };
}

/**
 * With gitops.flux.substituteFrom, Flux replaces `${NAME}` in every object it applies, and turns
 * `$$` into `$`. An object holding `$` syntax of vigil's own (Vector's and Loki's environment
 * references, Grafana's `$$` escapes) opts out with Flux's annotation; the user's variables work in
 * every other object.
 */
export const FLUX_SUBSTITUTE_DISABLED = { "kustomize.toolkit.fluxcd.io/substitute": "disabled" } as const;

const substitutionOptOut = (stack: Stack, object: unknown) => Boolean(stack.config.gitops.flux.substituteFrom) && hasOwnDollarSyntax(JSON.stringify(object));

function helmRelease(stack: Stack, release: HelmRelease, source: KubeObject): KubeObject {
  const { chart, version } = release.chart;
  return {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
    metadata: { ...meta(stack, release.app), ...(substitutionOptOut(stack, release.values) ? { annotations: { ...FLUX_SUBSTITUTE_DISABLED } } : {}) },
    spec: {
      // The release is named after the app folder, as with Argo CD: labels and Service names depend on it.
      releaseName: release.app,
      interval: stack.config.gitops.flux.interval,
      ...(source.kind === "OCIRepository"
        ? { chartRef: { kind: "OCIRepository", name: source.metadata.name } }
        : { chart: { spec: { chart, version, sourceRef: { kind: "HelmRepository", name: source.metadata.name } } } }),
      // A chart's CRDs in its crds/ folder (the VictoriaMetrics operator's) are created on install and updated on upgrade.
      install: { crds: "CreateReplace", remediation: { retries: 3 } },
      upgrade: { crds: "CreateReplace", remediation: { retries: 3 } },
      values: release.values,
    },
  };
}

/** One Kustomization per app folder; a folder waits for the folders it needs (targets/order.ts): their CRDs, or what it sends to. */
function kustomizations(stack: Stack, apps: string[], deps: Map<string, Dependency[]>, treeInRepo: string): KubeObject[] {
  const { flux, path } = stack.config.gitops;
  // gitops.appPrefix, or the last folder of gitops.path (the names Flux trees always had).
  const prefix = stack.config.gitops.appPrefix ?? `${posix.basename(path)}-`;
  const name = (app: string) => `${prefix}${app}`;
  const waitedFor = awaited(deps);
  return apps.map((app) => ({
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name: name(app), namespace: flux.namespace, labels: { "app.kubernetes.io/managed-by": "vigil", "app.kubernetes.io/part-of": `vigil-${stack.cluster.name}` } },
    spec: {
      interval: flux.interval,
      // Relative to the GitRepository's root, the repository's.
      path: `./${posix.join(treeInRepo, path, app)}`,
      // Removing an object from the tree removes it from the cluster.
      prune: true,
      sourceRef: { kind: "GitRepository", name: flux.gitRepository },
      // Those that others wait for are ready only when their workloads are (CRDs established, operators running).
      ...(waitedFor.has(app) ? { wait: true, timeout: "10m" } : {}),
      ...(deps.has(app) ? { dependsOn: deps.get(app)!.map((d) => ({ name: name(d.app) })) } : {}),
      ...(flux.substituteFrom ? { postBuild: { substituteFrom: flux.substituteFrom.map((s) => ({ ...s })) } } : {}),
      ...(flux.sopsSecret ? { decryption: { provider: "sops", secretRef: { name: flux.sopsSecret } } } : {}),
    },
  }));
}

export const flux: GitOpsTarget = {
  name: "flux",
  // The HelmRelease applies the chart's CRDs first (install.crds: CreateReplace).
  crAnnotations: {},
  layout(stack, input, source, treeInRepo) {
    const parts = { ...input, objects: input.objects.map((o) => (substitutionOptOut(stack, o.object) ? { ...o, object: { ...o.object, metadata: { ...o.object.metadata, annotations: { ...o.object.metadata.annotations, ...FLUX_SUBSTITUTE_DISABLED } } } } : o)) };
    const layout = layoutCommon(stack, parts, source);
    const { files, objects, head } = layout;
    const releases: EmittedRelease[] = [];
    const root = stack.config.gitops.path;
    for (const release of parts.releases) {
      const src = chartSource(stack, release);
      const hr = helmRelease(stack, release, src);
      for (const o of [src, hr]) {
        const file = posix.join(root, release.app, objectFileName(o));
        files.set(file, head(o === hr ? `${release.chart.chart} ${release.chart.version} with vigil's values` : `source of ${release.chart.chart}`) + toYaml(o));
        objects.push({ file, object: o });
      }
      releases.push(emittedRelease(stack, release, posix.join(root, release.app, objectFileName(hr))));
    }
    const deps = folderDependencies(parts.releases, layout.plainObjects, parts.order);
    const ks = kustomizations(stack, layout.apps, deps, treeInRepo);
    const ksFile = bootstrapPath(stack, "flux");
    files.set(ksFile, head("Flux Kustomizations, one per folder; apply once with kubectl, or commit it where Flux reconciles your cluster") + toYamlDocuments(ks));
    for (const o of ks) objects.push({ file: ksFile, object: o });
    const bootstrap = bootstrapSteps(stack, layout, ksFile, `kubectl apply -f ${ksFile}`);
    writeReadme(stack, parts, layout, source, {
      intro: `Flux deploys every folder here through one Kustomization each (\`${ksFile}\`); a chart's folder holds its source and a HelmRelease.`,
      requirement: `Flux 2.x must run in the cluster, with the GitRepository \`${stack.config.gitops.flux.gitRepository}\` in \`${stack.config.gitops.flux.namespace}\` holding this repository (what \`flux bootstrap\` creates). Then:`,
      bootstrap,
      syncNote: "Flux then reconciles every Kustomization on its own; each waits (dependsOn) for the folders it needs (Order, above).",
      order: deps,
    });
    return { files, objects, releases, bootstrap, bootstrapFile: ksFile, problems: layout.problems } satisfies TargetOutput;
  },
};
