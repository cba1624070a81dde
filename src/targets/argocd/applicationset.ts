// The ApplicationSet that turns every folder under gitops.path into an Argo CD Application.
import { posix } from "node:path";
import type { Stack } from "../../model/stack.js";
import type { KubeObject } from "../../model/parts.js";
import { metricsBackend } from "../../backends/index.js";

/**
 * Sync options every generated Application gets, and why:
 * - CreateNamespace: the first sync creates the monitoring namespace.
 * - ServerSideApply: the operator's CRDs (VMDistributed ~750 KiB) exceed the 256 KiB
 *   annotation client-side apply needs, and dashboard ConfigMaps will too.
 * - SkipDryRunOnMissingResource: apps other than the metrics app hold custom resources
 *   (VMServiceScrape, VMRule) whose CRDs that app installs; with retry they apply once it has.
 * - RespectIgnoreDifferences: the ignored fields below are also left alone when syncing.
 */
export const SYNC_OPTIONS = ["CreateNamespace=true", "ServerSideApply=true", "SkipDryRunOnMissingResource=true", "RespectIgnoreDifferences=true"];

/** The prefix of the Applications' names (gitops.appPrefix): they live beside the user's own in Argo CD's namespace. */
export const argoAppPrefix = (stack: Stack) => stack.config.gitops.appPrefix ?? "vigil-";

/**
 * `charts`: the folders that are Helm wrapper charts. Their Application is named with the prefix,
 * but their Helm release keeps the folder's name: Argo CD names the release after the Application
 * otherwise, and the charts name their Services after the release. templatePatch (Argo CD 2.10+,
 * goTemplate only) adds helm.releaseName to those folders' Applications; plain folders get none,
 * since a source with `helm` set is rendered as a chart.
 */
/** The label of each generated Application that RollingSync's steps select by. */
export const WAVE_LABEL = "vigil.dev/wave";

/**
 * The RollingSync strategy: one step per wave (targets/order.ts), each synced once the step before
 * is Healthy. The controller then syncs the Applications itself (it turns their auto-sync off),
 * with their retry and sync options, pruning as their `automated.prune` says
 * (applicationset/controllers/applicationset_controller.go, syncApplication). The Applications'
 * wave label comes from the folder's name.
 */
function rollingSync(waves: ReadonlyMap<string, number>) {
  const later = [...waves].filter(([, w]) => w > 0).sort(([a], [b]) => a.localeCompare(b));
  if (!later.length) return undefined;
  const last = Math.max(...waves.values());
  return {
    label: `{{ get (dict ${later.map(([app, w]) => `${JSON.stringify(app)} "${w}"`).join(" ")}) .path.basename | default "0" }}`,
    strategy: {
      type: "RollingSync",
      rollingSync: { steps: Array.from({ length: last + 1 }, (_, w) => ({ matchExpressions: [{ key: WAVE_LABEL, operator: "In", values: [String(w)] }] })) },
    },
  };
}

export function applicationSet(stack: Stack, charts: readonly string[], treeInRepo = "", waves: ReadonlyMap<string, number> = new Map()): KubeObject {
  const { gitops, cluster } = stack.config;
  const rolling = gitops.argocd.rollingSync ? rollingSync(waves) : undefined;
  const unstable = metricsBackend(stack).unstableFields;
  const releaseNamePatch = charts.length
    ? [`{{- if has .path.basename (list ${[...charts].sort().map((c) => JSON.stringify(c)).join(" ")}) }}`, "spec:", "  source:", "    helm:", "      releaseName: {{ .path.basename | quote }}", "{{- end }}", ""].join("\n")
    : undefined;
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: {
      name: `vigil-${cluster.name}`,
      namespace: gitops.argocd.namespace,
      labels: { "app.kubernetes.io/managed-by": "vigil" },
    },
    spec: {
      goTemplate: true,
      ...(rolling ? { strategy: rolling.strategy } : {}),
      goTemplateOptions: ["missingkey=error"],
      generators: [{ git: { repoURL: gitops.repoURL, revision: gitops.revision, directories: [{ path: `${posix.join(treeInRepo, gitops.path)}/*` }] } }],
      template: {
        metadata: {
          name: `${argoAppPrefix(stack)}{{ .path.basename }}`,
          labels: { "app.kubernetes.io/managed-by": "vigil", "app.kubernetes.io/part-of": `vigil-${cluster.name}`, ...(rolling ? { [WAVE_LABEL]: rolling.label } : {}) },
          // Deleting an Application deletes what it deployed.
          finalizers: ["resources-finalizer.argocd.argoproj.io"],
        },
        spec: {
          project: gitops.argocd.project,
          source: { repoURL: gitops.repoURL, targetRevision: gitops.revision, path: "{{ .path.path }}" },
          destination: { server: "https://kubernetes.default.svc", namespace: stack.namespace },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: SYNC_OPTIONS,
            ...(Object.keys(stack.namespaceLabels).length ? { managedNamespaceMetadata: { labels: stack.namespaceLabels } } : {}),
            retry: { limit: 10, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } },
          },
          // Argo CD does not run Helm `lookup`: what a chart generates anew on every render (the
          // metrics backend's webhook certificate) is ignored, or the app is OutOfSync forever.
          ...(unstable.length ? { ignoreDifferences: unstable.map(({ namespaced, ...f }) => ({ ...f, ...(namespaced ? { namespace: stack.namespace } : {}) })) } : {}),
        },
      },
      ...(releaseNamePatch ? { templatePatch: releaseNamePatch } : {}),
    },
  };
}
