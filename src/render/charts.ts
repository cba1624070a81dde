// Where the pinned charts come from for a render: a local folder the user gives (`--charts DIR`,
// or $VIGIL_CHARTS), else a cache that `helm pull` fills once per version.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import type { EmittedRelease } from "../targets/types.js";
import { helmPull, type Helm } from "./helm.js";

export type ChartRequest = Pick<EmittedRelease, "chart" | "version" | "repository">;

/** vigil's chart cache: $XDG_CACHE_HOME/vigil/charts (or ~/.cache/vigil/charts). */
export const defaultCacheDir = () => join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "vigil", "charts");

const chartVersion = (dir: string): string | undefined => {
  try {
    return String((parse(readFileSync(join(dir, "Chart.yaml"), "utf8")) as { version?: unknown }).version);
  } catch {
    return undefined;
  }
};

/**
 * The chart in a local folder, in any of the shapes people keep charts in: `helm pull`'s archive
 * `<chart>-<version>.tgz`, an unpacked `<chart>-<version>/`, `<chart>/<version>/` (a mirror of
 * several versions), or `<chart>/` whose Chart.yaml has the pinned version. Its subcharts must be
 * in its charts/ folder, as in a pulled archive.
 */
export function chartInFolder(dir: string, ref: ChartRequest): string | undefined {
  const archive = join(dir, `${ref.chart}-${ref.version}.tgz`);
  if (existsSync(archive)) return archive;
  for (const candidate of [join(dir, `${ref.chart}-${ref.version}`), join(dir, ref.chart, ref.version), join(dir, ref.chart)]) {
    if (chartVersion(candidate) === ref.version) return candidate;
  }
  return undefined;
}

export interface ChartSource {
  /** A local folder of charts: nothing is downloaded. */
  chartsDir?: string;
  /** Where pulled charts are kept; default `defaultCacheDir()`. */
  cacheDir?: string;
}

/** The chart's path, from the local folder, or from the cache (pulled into it if missing). */
export async function locateChart(helm: Helm, ref: ChartRequest, source: ChartSource): Promise<{ path: string } | { error: string }> {
  if (source.chartsDir) {
    const found = chartInFolder(source.chartsDir, ref);
    return found ? { path: found } : { error: `${ref.chart} ${ref.version} is not in ${source.chartsDir} (expected ${ref.chart}-${ref.version}.tgz or a folder of that chart)` };
  }
  // One folder per repository: a fork or mirror with the same chart name and version is another chart.
  const cache = join(source.cacheDir ?? defaultCacheDir(), ref.repository.replace(/^[a-z]+:\/\//, "").replace(/[^A-Za-z0-9.-]+/g, "_"));
  const cached = chartInFolder(cache, ref);
  if (cached) return { path: cached };
  mkdirSync(cache, { recursive: true });
  const pulled = await helmPull(helm, ref, cache);
  return "error" in pulled ? { error: `helm pull ${ref.chart} ${ref.version} from ${ref.repository}: ${pulled.error}` } : pulled;
}
