// Argo CD target: one ApplicationSet with a git directory generator, making one Application
// per folder under gitops.path. A folder holds either a Helm wrapper chart (Chart.yaml with the
// pinned chart as its only dependency, plus values.yaml) or plain manifests.
import { posix } from "node:path";
import { toYaml, toYamlDocuments } from "../../emit/yaml.js";
import type { EmittedRelease, GitOpsTarget, TargetOutput } from "../types.js";
import { applicationSet } from "./applicationset.js";
import { deployWaves, folderDependencies } from "../order.js";
import { bootstrapPath, bootstrapSteps, emittedRelease, layoutCommon, writeReadme } from "../layout.js";

export const argocd: GitOpsTarget = {
  name: "argocd",
  // Sync waves order the objects of one Application: the chart's CRDs and operator are wave 0.
  crAnnotations: { "argocd.argoproj.io/sync-wave": "1" },
  layout(stack, parts, source, treeInRepo) {
    const layout = layoutCommon(stack, parts, source);
    const { files, objects, head } = layout;
    const releases: EmittedRelease[] = [];
    const root = stack.config.gitops.path;

    for (const release of parts.releases) {
      const dir = posix.join(root, release.app);
      files.set(
        posix.join(dir, "Chart.yaml"),
        head(`Helm wrapper chart of the "${release.app}" app`) +
          toYaml({
            apiVersion: "v2",
            name: release.app,
            description: `${release.chart.chart} ${release.chart.version}, configured by vigil`,
            type: "application",
            version: "1.0.0",
            dependencies: [{ name: release.chart.chart, version: release.chart.version, repository: release.chart.repository }],
          }),
      );
      const valuesFile = posix.join(dir, "values.yaml");
      files.set(valuesFile, head(`values of ${release.chart.chart} ${release.chart.version}`) + toYaml({ [release.chart.chart]: release.values }));
      releases.push(emittedRelease(stack, release, valuesFile));
    }

    const deps = folderDependencies(parts.releases, layout.plainObjects, parts.order);
    const waves = deployWaves(layout.apps, deps);
    const appset = applicationSet(stack, parts.releases.map((r) => r.app), treeInRepo, waves);
    const appsetFile = bootstrapPath(stack, "applicationset");
    files.set(appsetFile, head("Argo CD ApplicationSet, apply once with kubectl") + toYamlDocuments([appset]));
    objects.push({ file: appsetFile, object: appset });

    const bootstrap = bootstrapSteps(stack, layout, appsetFile, `kubectl apply -n ${stack.config.gitops.argocd.namespace} -f ${appsetFile}`);
    writeReadme(stack, parts, layout, source, {
      intro: `Argo CD deploys every folder here as one Application, through the ApplicationSet in \`${appsetFile}\`.`,
      requirement: "Argo CD 3.x must run in the cluster (2.x works with `application.resourceTrackingMethod: annotation`). Then:",
      bootstrap,
      syncNote: stack.config.gitops.argocd.rollingSync && Math.max(0, ...waves.values()) > 0
        ? "Argo CD then syncs the apps. With progressive syncs on (`applicationsetcontroller.enable.progressive.syncs: \"true\"` in the argocd-cmd-params-cm ConfigMap, then restart argocd-applicationset-controller), it syncs them in waves, each once the apps it needs (Order, above) are Healthy; without, all at once, and those that wait for CRDs retry until they exist."
        : "Argo CD then syncs every app on its own; those that wait for CRDs retry until they exist.",
      order: deps,
    });
    return { files, objects, releases, bootstrap, bootstrapFile: appsetFile, problems: layout.problems } satisfies TargetOutput;
  },
};
