// The real Helm binary, run at the edge: `helm template` of a pinned chart with exactly the values
// the tree holds, and `helm pull` into a cache. Everything after this reads the rendered objects.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../model/parts.js";
import type { EmittedRelease } from "../targets/types.js";

const run = promisify(execFile);

/**
 * The Kubernetes version charts are rendered for (`.Capabilities.KubeVersion`): a K3s or Talos
 * release homelabs run today; the charts' version gates (policy/v1, autoscaling/v2) all pass.
 */
export const RENDER_KUBE_VERSION = "1.33.0";

export interface Helm {
  path: string;
  version: string;
}

/** One object of a render, with the template it came from (`# Source:` of helm's output). */
export interface RenderedObject {
  object: KubeObject;
  source: string;
}

/** `$HELM`, or `helm` on the PATH; undefined (with the reason) when neither runs. */
export async function findHelm(explicit = process.env.HELM): Promise<Helm | { missing: string }> {
  const path = explicit || "helm";
  try {
    const { stdout } = await run(path, ["version", "--short"], { timeout: 20_000 });
    return { path, version: stdout.trim() };
  } catch {
    return { missing: explicit ? `$HELM (${explicit}) does not run` : "no helm on the PATH (set $HELM to a Helm 3.8+ binary)" };
  }
}

/**
 * Helm's error as one line, what the GitOps tool would show: Helm 4 prints a tree of the failing
 * template calls, whose root cause comes last; a huge quoted template (tpl's input) is cut out.
 */
export function helmError(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  const text = (err.stderr || err.message || String(e)).trim();
  const at = text.indexOf("Error:");
  const message = (at >= 0 ? text.slice(at + "Error:".length) : text)
    .replace(/cannot parse template "(?:[^"\\]|\\.)*"/g, "cannot parse template (...)")
    .replace(/\s+/g, " ")
    .trim();
  return message.length <= 700 ? message : `${message.slice(0, 320)} ... ${message.slice(-360)}`;
}

/** Splits helm's multi-document output into objects, keeping each one's template. */
export function parseRendered(text: string): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if ("errors" in doc && doc.errors.length) throw new Error(`helm output is not YAML: ${doc.errors[0]?.message}`);
    const object = doc.toJS() as KubeObject | null;
    if (!object || typeof object !== "object" || !object.kind) continue;
    const comment = `${doc.commentBefore ?? ""}\n${(doc.contents as { commentBefore?: string } | null)?.commentBefore ?? ""}`;
    const source = /Source:\s*(\S+)/.exec(comment)?.[1] ?? "";
    out.push({ object, source });
  }
  return out;
}

/**
 * Renders one release the way Argo CD and Flux do: `helm template <app> <chart>` in the stack's
 * namespace with the tree's values (a wrapper chart adds nothing but the dependency).
 */
export async function helmTemplate(helm: Helm, chartPath: string, release: EmittedRelease): Promise<{ objects: RenderedObject[] } | { error: string }> {
  const dir = await mkdtemp(join(tmpdir(), "vigil-render-"));
  try {
    const valuesFile = join(dir, "values.json");
    await writeFile(valuesFile, JSON.stringify(release.values));
    const args = ["template", release.release, chartPath, "--namespace", release.namespace, "--kube-version", RENDER_KUBE_VERSION, "--values", valuesFile];
    const { stdout } = await run(helm.path, args, { timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
    return { objects: parseRendered(stdout) };
  } catch (e) {
    return { error: helmError(e) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `helm pull` of a pinned chart into a folder; the archive's path, or the reason it failed. */
export async function helmPull(helm: Helm, chart: { chart: string; version: string; repository: string }, dest: string): Promise<{ path: string } | { error: string }> {
  const oci = chart.repository.startsWith("oci://");
  const args = oci
    ? ["pull", `${chart.repository.replace(/\/$/, "")}/${chart.chart}`, "--version", chart.version, "--destination", dest]
    : ["pull", chart.chart, "--repo", chart.repository, "--version", chart.version, "--destination", dest];
  try {
    await run(helm.path, args, { timeout: 180_000 });
    return { path: join(dest, `${chart.chart}-${chart.version}.tgz`) };
  } catch (e) {
    return { error: helmError(e) };
  }
}
