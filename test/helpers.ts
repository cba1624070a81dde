// Test helpers: run the CLI in-process in a temporary folder, and find the upstream reference data.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../src/cli/main.js";
import { parseConfig } from "../src/config/parse.js";
import { generate, generateFleet, type Generated } from "../src/pipeline.js";
import { parse as parseYaml } from "yaml";
import type { Component } from "../src/components/types.js";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function tempDir(prefix = "vigil-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function vigil(cwd: string, ...args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { cwd, out: (t) => (stdout += t + "\n"), err: (t) => (stderr += t + "\n") });
  return { code, stdout, stderr };
}

/** Every file below `dir`, relative, with its content. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/**
 * The upstream reference data (../shared/reference): chart values and CRDs of the pinned
 * versions. Absent on a machine without it: tests that need it skip with a visible notice;
 * under CI (VIGIL_CI=1, set by .ci/run) its absence is a failure, never a skip.
 */
export const REFERENCE_DIR = process.env.VIGIL_REFERENCE_DIR ?? findReference(PROJECT_ROOT);

/** shared/reference beside the project, or beside any folder above it. */
function findReference(from: string): string {
  for (let dir = resolve(from, ".."); ; dir = resolve(dir, "..")) {
    const candidate = join(dir, "shared", "reference");
    if (existsSync(candidate)) return candidate;
    if (dir === resolve(dir, "..")) return resolve(from, "..", "shared", "reference");
  }
}

export function referenceAvailable(what: string): boolean {
  let ok = false;
  try {
    ok = statSync(REFERENCE_DIR).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) {
    if (process.env.VIGIL_CI) throw new Error(`reference data missing at ${REFERENCE_DIR}: CI must not skip ${what}`);
    console.warn(`\n  NOTICE: skipping ${what}: no reference data at ${REFERENCE_DIR} (set VIGIL_REFERENCE_DIR)\n`);
  }
  return ok;
}

/**
 * Real binaries from Debian (promtool, amtool, victoria-metrics, ...). Missing: the tests that need
 * them skip with a visible notice; under CI (VIGIL_CI=1) a missing tool fails instead.
 */
export function toolsAvailable(tools: string[], what: string): boolean {
  const missing = tools.filter((t) => spawnSync(t, ["--version"], { encoding: "utf8" }).error !== undefined);
  if (missing.length) {
    if (process.env.VIGIL_CI) throw new Error(`${missing.join(", ")} missing: CI must not skip ${what} (.ci/run installs them)`);
    console.warn(`\n  NOTICE: skipping ${what}: ${missing.join(", ")} not installed (apt-get install prometheus prometheus-alertmanager victoria-metrics prometheus-node-exporter)\n`);
  }
  return missing.length === 0;
}

/** The Helm binary of the render tests: $HELM, else the one scripts/get-helm.sh puts in .cache/, else helm on the PATH. */
export const HELM = process.env.HELM ?? (existsSync(join(PROJECT_ROOT, ".cache", "helm", "helm")) ? join(PROJECT_ROOT, ".cache", "helm", "helm") : "helm");

/** Helm present: the render tests run; missing, they skip with a notice, and fail under CI. */
export function helmAvailable(what: string): boolean {
  const ok = spawnSync(HELM, ["version", "--short"], { encoding: "utf8" }).status === 0;
  if (!ok) {
    if (process.env.VIGIL_CI) throw new Error(`helm missing (${HELM}): CI must not skip ${what} (.ci/run runs scripts/get-helm.sh)`);
    console.warn(`\n  NOTICE: skipping ${what}: no helm (run scripts/get-helm.sh, or set $HELM)\n`);
  }
  return ok;
}

/**
 * A folder of the real upstream charts at the pinned versions ($VIGIL_CHARTS; docs/render.md says
 * how to make one). CI cannot download charts, so without it these tests skip with a notice, in CI too.
 */
export const CHARTS_DIR = process.env.VIGIL_CHARTS;
export function upstreamChartsAvailable(what: string): boolean {
  if (!CHARTS_DIR) console.warn(`\n  NOTICE: skipping ${what}: no upstream charts (set VIGIL_CHARTS to a folder of the pinned charts, see docs/render.md)\n`);
  return CHARTS_DIR !== undefined;
}

/** A config parsed with every default filled in; throws on invalid input. */
/** A config's errors, each as "path: message" (none when it parses). */
export const configErrors = (input: unknown): string[] => {
  const r = parseConfig(input);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

/** A generated tree and its files parsed, with the values of one release: chart name inside the app folder's values.yaml. */
export async function treeOf(input: unknown, release: { app: string; chart: string }) {
  const g = await generate(parsedConfig(input), { source: "test" });
  const file = (name: string) => parseYaml(g.output.files.get(name)!);
  const values = () => file(`monitoring/${release.app}/values.yaml`)[release.chart];
  return { g, file, values };
}

export function parsedConfig(input: unknown) {
  const p = parseConfig(input);
  if (!p.ok) throw new Error(p.errors.map((e) => e.message).join("\n"));
  return p.config;
}

/** One cluster of a config as the build generates it: the config's only one, or the named member of its fleet. */
export async function buildCluster(input: unknown, cluster?: string, options: { components?: Component[] } = {}): Promise<Generated> {
  const fleet = await generateFleet(parsedConfig(input), { source: "test", ...options });
  const member = cluster === undefined ? fleet.members[0] : fleet.members.find((m) => m.member.name === cluster);
  if (!member) throw new Error(`no cluster ${cluster}: ${fleet.diagnostics.map((d) => d.message).join("; ")}`);
  return member;
}
