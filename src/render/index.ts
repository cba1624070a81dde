// Renders every release of a generated tree with the real Helm and the pinned charts. The result
// feeds the checks in src/checks/rendered.ts; without Helm or charts, it says why, and the checks
// fall back to vigil's tables of what each chart renders (src/checks/chart-*.ts).
import type { EmittedRelease } from "../targets/types.js";
import { defaultCacheDir, locateChart, type ChartSource } from "./charts.js";
import { findHelm, helmTemplate, type Helm, type RenderedObject } from "./helm.js";

export interface RenderedRelease {
  release: EmittedRelease;
  /** The rendered objects; absent when the chart failed to render (`error`) or was not found. */
  objects?: RenderedObject[];
  /** Helm's error: the GitOps tool would show it and deploy nothing. */
  error?: string;
  /** The chart could not be had (not in the folder, pull failed): not rendered, not a failure of the tree. */
  unavailable?: string;
}

export interface RenderResult {
  helm?: Helm;
  /** Where the charts came from: the folder the user named (a chart missing there is an error), or the pull cache. */
  charts?: { folder: string } | { cache: string };
  /** Why nothing was rendered at all (no helm). */
  unavailable?: string;
  releases: RenderedRelease[];
}

export interface RenderOptions extends ChartSource {
  /** The helm binary; default $HELM or `helm` on the PATH. */
  helm?: string;
}

export async function renderReleases(releases: EmittedRelease[], options: RenderOptions = {}): Promise<RenderResult> {
  const helm = await findHelm(options.helm);
  if ("missing" in helm) return { unavailable: helm.missing, releases: [] };
  const rendered: RenderedRelease[] = [];
  for (const release of releases) {
    const chart = await locateChart(helm, release, options);
    if ("error" in chart) {
      rendered.push({ release, unavailable: chart.error });
      continue;
    }
    const result = await helmTemplate(helm, chart.path, release);
    rendered.push("error" in result ? { release, error: result.error } : { release, objects: result.objects });
  }
  return { helm, charts: options.chartsDir ? { folder: options.chartsDir } : { cache: options.cacheDir ?? defaultCacheDir() }, releases: rendered };
}

export type { RenderedObject } from "./helm.js";
