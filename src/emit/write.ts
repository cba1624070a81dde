// The only place vigil writes files. All files are staged first, then renamed into place
// (a rename never leaves a half-written file), and the ownership manifest is written last.
// vigil only overwrites or deletes files its manifest lists with the content it wrote.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync, rmdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FileTree } from "./tree.js";

export const MANIFEST_FILE = ".vigil/manifest.json";
const STAGING_DIR = ".vigil/staging";

export interface Manifest {
  generator: "vigil";
  /** Path (relative to the output root) -> sha256 of the content vigil wrote. */
  files: Record<string, string>;
}

export interface Conflict {
  path: string;
  reason: "not-generated" | "changed-by-hand";
}

export interface WritePlan {
  write: string[];
  unchanged: string[];
  remove: string[];
  /** Stale files changed by hand: kept, and reported. */
  keep: string[];
  conflicts: Conflict[];
}

export const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

export function readManifest(outDir: string): Manifest | undefined {
  const file = join(outDir, MANIFEST_FILE);
  if (!existsSync(file)) return undefined;
  const m = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  return m.generator === "vigil" && m.files ? m : undefined;
}

export function planWrite(outDir: string, files: FileTree): WritePlan {
  const owned = readManifest(outDir)?.files ?? {};
  const plan: WritePlan = { write: [], unchanged: [], remove: [], keep: [], conflicts: [] };
  for (const [path, content] of files) {
    const full = join(outDir, path);
    if (!existsSync(full)) {
      plan.write.push(path);
      continue;
    }
    const onDisk = readFileSync(full);
    if (onDisk.equals(Buffer.from(content))) plan.unchanged.push(path);
    else if (!owned[path]) plan.conflicts.push({ path, reason: "not-generated" });
    else if (owned[path] !== sha256(onDisk)) plan.conflicts.push({ path, reason: "changed-by-hand" });
    else plan.write.push(path);
  }
  for (const [path, hash] of Object.entries(owned)) {
    if (files.has(path)) continue;
    const full = join(outDir, path);
    if (!existsSync(full)) continue;
    if (sha256(readFileSync(full)) === hash) plan.remove.push(path);
    else plan.keep.push(path);
  }
  return plan;
}

function removeEmptyParents(outDir: string, path: string): void {
  let dir = dirname(join(outDir, path));
  while (dir.startsWith(outDir) && dir !== outDir) {
    if (readdirSync(dir).length > 0) return;
    rmdirSync(dir);
    dir = dirname(dir);
  }
}

/** Applies a conflict-free plan. Throws before touching anything if the plan has conflicts. */
export function applyWrite(outDir: string, files: FileTree, plan: WritePlan): void {
  if (plan.conflicts.length) throw new Error(`refusing to write: ${plan.conflicts.length} conflicting file(s)`);
  const staging = join(outDir, `${STAGING_DIR}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    // 1. Stage: if the disk fills up or a write fails, nothing in the tree has changed yet.
    for (const path of plan.write) {
      const staged = join(staging, path);
      mkdirSync(dirname(staged), { recursive: true });
      writeFileSync(staged, files.get(path)!);
    }
    const manifest: Manifest = { generator: "vigil", files: Object.fromEntries([...files].map(([p, c]) => [p, sha256(c)])) };
    const stagedManifest = join(staging, MANIFEST_FILE);
    mkdirSync(dirname(stagedManifest), { recursive: true });
    writeFileSync(stagedManifest, JSON.stringify(manifest, null, 2) + "\n");
    // 2. Swap in: renames within one filesystem are atomic per file.
    for (const path of plan.write) {
      mkdirSync(dirname(join(outDir, path)), { recursive: true });
      renameSync(join(staging, path), join(outDir, path));
    }
    for (const path of plan.remove) {
      rmSync(join(outDir, path));
      removeEmptyParents(outDir, path);
    }
    mkdirSync(dirname(join(outDir, MANIFEST_FILE)), { recursive: true });
    renameSync(stagedManifest, join(outDir, MANIFEST_FILE));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export interface Drift {
  path: string;
  state: "missing" | "different" | "stale";
}

/** For `vigil build --check`: how the tree on disk differs from what the config generates. */
export function diffTree(outDir: string, files: FileTree): Drift[] {
  const drift: Drift[] = [];
  for (const [path, content] of files) {
    const full = join(outDir, path);
    if (!existsSync(full)) drift.push({ path, state: "missing" });
    else if (!readFileSync(full).equals(Buffer.from(content))) drift.push({ path, state: "different" });
  }
  for (const path of Object.keys(readManifest(outDir)?.files ?? {})) {
    if (!files.has(path) && existsSync(join(outDir, path))) drift.push({ path, state: "stale" });
  }
  return drift.sort((a, b) => (a.path < b.path ? -1 : 1));
}
