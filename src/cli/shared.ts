// Loading the config and reporting diagnostics, the same way for every command.
import { ConfigError, formatDiagnostic, type Diagnostic } from "../config/diagnostics.js";
import { gitRootOf, loadConfig, type LoadedConfig } from "../config/load.js";
import { loadUserDashboards, type UserDashboard } from "../config/user-dashboards.js";
import { EXIT, type Io } from "./io.js";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { existsSync, realpathSync, statSync } from "node:fs";
import { generateFleet, memberDiagnostics, withRender, type Generated, type GeneratedFleet, type GeneratedMember } from "../pipeline.js";
import { didYouMean } from "../config/diagnostics.js";
import { renderReleases } from "../render/index.js";
import { wrap } from "./table.js";
import { toYaml } from "../emit/yaml.js";

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
  for (const d of ordered.slice(0, MAX_REPORTED)) {
    // On a terminal, wrapped to its width, continuation lines under the message.
    const [first, ...more] = wrap(`${d.severity === "error" ? "✖" : "⚠"} ${formatDiagnostic(d).slice(0, 2000)}`, io.columns === undefined ? undefined : io.columns - 4);
    io.err(`  ${first}`);
    for (const line of more) io.err(`    ${line}`);
  }
  if (ordered.length > MAX_REPORTED) io.err(`  ... and ${ordered.length - MAX_REPORTED} more problem(s) not shown`);
}

export const sourceName = (loaded: LoadedConfig) => loaded.file ?? "its defaults (no config file)";

/** `-o json|yaml` (and `--json`, the same as `-o json`) on every command that has data to print. */
export const outputArgs = {
  output: { type: "string", alias: "o", description: "Print the data as json or yaml instead of text" },
  json: { type: "boolean", description: "The same as -o json" },
} as const;

export const OUTPUT_FORMATS = ["json", "yaml"] as const;

/** The data format asked for, undefined for text; a number is the exit code of an unknown one. */
export function outputFormat(io: Io, command: string, args: { output?: string; json?: boolean }): "json" | "yaml" | undefined | number {
  if (args.output === undefined) return args.json ? "json" : undefined;
  if ((OUTPUT_FORMATS as readonly string[]).includes(args.output)) return args.output as "json" | "yaml";
  io.err(`vigil ${command}: -o ${args.output}: not an output format; use json or yaml`);
  return EXIT.badConfig;
}

/** The data in the format asked for. */
export const formatData = (format: "json" | "yaml", data: unknown) => (format === "json" ? JSON.stringify(data, null, 2) : toYaml(data).trimEnd());

export const outArg = {
  out: { type: "string", description: "Folder of the tree (default: the folder of the config found; with --config, the current folder; without a config, the git repository's root, else the current folder)" },
} as const;

/** Where the tree lies: its folder, how to show it, its place in the git repository, and the config as its headers name it. */
export interface TreeLocation {
  outDir: string;
  /** outDir relative to the current folder ("." when it is the current folder). */
  shown: string;
  /** outDir inside its git repository ("" at the root, or outside any repository). */
  treeInRepo: string;
  /** The config relative to the tree's root (file headers): the same bytes from whatever folder vigil runs in. */
  source: string;
}

/**
 * The tree's root: --out; the current folder with --config; the folder of the config found (in
 * the current folder or above it, as eslint finds its); without one, the repository's root.
 */
export function treeOf(io: Io, args: { out?: string; config?: string }, loaded: LoadedConfig): TreeLocation | number {
  const asked = args.out ? (isAbsolute(args.out) ? args.out : join(io.cwd, args.out)) : args.config ? io.cwd : loaded.file ? dirname(resolve(io.cwd, loaded.file)) : (gitRootOf(io.cwd) ?? io.cwd);
  if (existsSync(asked) && !statSync(asked).isDirectory()) {
    io.err(`vigil: --out ${args.out}: is a file, not a folder; nothing was written.`);
    return EXIT.failed;
  }
  // The folder the user chose may itself be a link; everything below it is checked (emit/write.ts).
  const outDir = existsSync(asked) ? realpathSync(asked) : asked;
  // The GitOps tool reads paths from the repository's root: a tree in a subfolder is prefixed with it.
  const repo = gitRootOf(outDir);
  return {
    outDir,
    shown: relative(io.cwd, outDir) || ".",
    treeInRepo: repo ? relative(repo, outDir).split(sep).join("/") : "",
    source: loaded.file ? relative(outDir, resolve(io.cwd, loaded.file)).split(sep).join("/") : sourceName(loaded),
  };
}

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
