// Loading the config and reporting diagnostics, the same way for every command.
import { ConfigError, formatDiagnostic, type Diagnostic } from "../config/diagnostics.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { loadUserDashboards, type UserDashboard } from "../config/user-dashboards.js";
import { EXIT, type Io } from "./io.js";
import { isAbsolute, join } from "node:path";
import { generateFleet, memberDiagnostics, withRender, type Generated, type GeneratedFleet, type GeneratedMember } from "../pipeline.js";
import { didYouMean } from "../config/diagnostics.js";
import { renderReleases } from "../render/index.js";

export const configArg = {
  config: { type: "string", description: "Config file (default: vigil.config.ts or vigil.yaml in the current folder, or the nearest one above it in the git repository)" },
} as const;

/** Loads the config and the user's dashboards, or prints every problem and returns the exit code. */
export async function loadOrReport(io: Io, file: string | undefined): Promise<(LoadedConfig & { userDashboards: UserDashboard[] }) | number> {
  try {
    const loaded = await loadConfig(io.cwd, file);
    return { ...loaded, userDashboards: await loadUserDashboards(io.cwd, loaded.config, loaded.file) };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err(`vigil: the config has ${e.diagnostics.length} problem${e.diagnostics.length === 1 ? "" : "s"}; nothing was written.`);
    reportDiagnostics(io, e.diagnostics);
    return EXIT.badConfig;
  }
}

/** At most this many problems are printed, errors first; the rest are counted. */
export const MAX_REPORTED = 50;

export function reportDiagnostics(io: Io, diagnostics: Diagnostic[]): void {
  const ordered = [...diagnostics.filter((d) => d.severity === "error"), ...diagnostics.filter((d) => d.severity !== "error")];
  for (const d of ordered.slice(0, MAX_REPORTED)) io.err(`  ${d.severity === "error" ? "✖" : "⚠"} ${formatDiagnostic(d).slice(0, 2000)}`);
  if (ordered.length > MAX_REPORTED) io.err(`  ... and ${ordered.length - MAX_REPORTED} more problem(s) not shown`);
}

export const sourceName = (loaded: LoadedConfig) => loaded.file ?? "its defaults (no config file)";

export const renderArgs = {
  render: { type: "boolean", description: "Render every chart with the real Helm ($HELM or helm on the PATH) and check what it renders" },
  charts: { type: "string", description: "Folder of the pinned charts for --render (default: $VIGIL_CHARTS, else helm pull into ~/.cache/vigil/charts)" },
} as const;

/**
 * With --render (or --charts): every release rendered by Helm, and the tree checked again against
 * the render. Without Helm or a chart, it says so and the checks keep vigil's tables of the charts.
 */
export async function renderIfAsked(io: Io, args: { render?: boolean; charts?: string }, gen: Generated): Promise<Generated> {
  if (!args.render && !args.charts) return gen;
  const folder = args.charts ?? process.env.VIGIL_CHARTS;
  const chartsDir = folder ? (isAbsolute(folder) ? folder : join(io.cwd, folder)) : undefined;
  const render = await renderReleases(gen.output.releases, { chartsDir });
  if (render.unavailable) {
    io.err(`  ⚠ render: not rendered (${render.unavailable}); the checks used vigil's tables of what each chart renders`);
    return gen;
  }
  const done = render.releases.filter((r) => r.objects).length;
  io.out(`vigil: rendered ${done} of ${render.releases.length} chart release(s) with helm ${render.helm!.version}, charts from ${chartsDir ?? "the chart cache (helm pull)"}.`);
  for (const r of render.releases.filter((x) => x.unavailable)) io.err(`  ⚠ render: ${r.release.file}: ${r.unavailable}`);
  return withRender(gen, render);
}

/**
 * The exit code of failed checks: an error about the config (it names a config path) is the
 * config's fault, exit 2, as at load; errors of the generated tree alone are exit 1.
 */
export const exitFor = (errors: readonly Diagnostic[]): number => (errors.some((d) => d.path !== "") ? EXIT.badConfig : EXIT.failed);

export const clusterArg = {
  cluster: { type: "string", description: "In a fleet (fleet.clusters): only this cluster (default: every cluster)" },
} as const;

/**
 * The config's clusters, generated (with --render, rendered and checked again): the one cluster,
 * or every cluster of a fleet, or the one `--cluster` names. Each member's diagnostics are its own;
 * the fleet's are recomputed with them. A number is the exit code of a bad --cluster.
 */
export async function generateClusters(
  io: Io,
  args: { render?: boolean; charts?: string; cluster?: string },
  loaded: LoadedConfig & { userDashboards: UserDashboard[] },
  source: string,
  treeInRepo = "",
): Promise<GeneratedFleet | number> {
  const fleet = await generateFleet(loaded.config, { source, userDashboards: loaded.userDashboards, treeInRepo });
  let members: GeneratedMember[] = fleet.members;
  if (args.cluster !== undefined) {
    const names = members.map((m) => m.member.name);
    if (!names.includes(args.cluster)) {
      const guess = didYouMean(args.cluster, names);
      io.err(`vigil: --cluster ${args.cluster}: not a cluster of the config${guess ? `; did you mean "${guess}"?` : ""} (clusters: ${names.join(", ") || "none"})`);
      return EXIT.badConfig;
    }
    members = members.filter((m) => m.member.name === args.cluster);
  }
  const rendered: GeneratedMember[] = [];
  for (const m of members) rendered.push({ ...(await renderIfAsked(io, args, m)), member: m.member });
  return { members: rendered, files: fleet.files, own: fleet.own, diagnostics: [...fleet.own, ...rendered.flatMap(memberDiagnostics)] };
}
