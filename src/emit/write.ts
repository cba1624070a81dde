// The only place vigil writes files, into a folder the user shares with files of their own.
//
// - Containment: every path vigil writes, deletes or reads back is relative, normalized, inside the
//   output folder, and reached without a symbolic link (a symlinked folder in the tree is an error
//   naming it); the manifest's paths are checked the same way before any is trusted.
// - Ownership: vigil only overwrites or deletes files its manifest lists with the content it wrote.
// - Crash consistency: the new files are staged in .vigil/, then a journal naming every rename and
//   removal is written with one atomic rename (the commit point), then applied, then the manifest
//   replaced and the journal removed. Killed before the commit point, the tree is the old one (the
//   next run removes the stale staging folder); killed after it, the next run finishes the journal
//   before doing anything else, so the tree becomes wholly the new one.
// - A lock file (.vigil/lock, created exclusively) stops a second build on the same folder.
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync, rmdirSync, openSync, closeSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join, posix, sep } from "node:path";
import type { FileTree } from "./tree.js";

export const VIGIL_DIR = ".vigil";
export const MANIFEST_FILE = ".vigil/manifest.json";
const JOURNAL_FILE = ".vigil/journal.json";
const LOCK_FILE = ".vigil/lock";
const STAGING_PREFIX = "staging-";

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

/** A refusal or failure of the write step, with a message for the user (no stack trace). */
export class WriteError extends Error {}

export const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

/** A path vigil may use: relative, normalized, no `..`, no empty or `.` segment, no backslash. */
export function isTreePath(path: string): boolean {
  return (
    typeof path === "string" &&
    path.length > 0 &&
    path.length <= 1024 &&
    !path.startsWith("/") &&
    !path.includes("\\") &&
    !path.includes("\0") &&
    posix.normalize(path) === path &&
    path.split("/").every((s) => s !== "" && s !== "." && s !== "..")
  );
}

/**
 * The absolute path of a tree path, after proving that every folder from the output root down to
 * it is a real folder (or absent), not a symbolic link that could lead outside.
 */
export function safePath(outDir: string, path: string): string {
  if (!isTreePath(path)) throw new WriteError(`${JSON.stringify(path)} is not a path inside the output folder; nothing was written`);
  const parts = path.split("/");
  for (let i = 0; i < parts.length; i++) {
    let stat;
    try {
      stat = lstatSync(join(outDir, ...parts.slice(0, i + 1)));
    } catch {
      break; // absent from here down: created by vigil as real folders
    }
    if (stat.isSymbolicLink()) {
      throw new WriteError(`${parts.slice(0, i + 1).join("/")} is a symbolic link; vigil writes only real files and folders inside the output folder, so nothing was written (replace the link with a folder)`);
    }
  }
  return join(outDir, ...parts);
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new WriteError(`${what} is not valid JSON (${(e as Error).message.split("\n")[0]}); nothing was written. Delete it if you did not change it, and run "vigil build" again`);
  }
}

export function readManifest(outDir: string): Manifest | undefined {
  const file = safePath(outDir, MANIFEST_FILE);
  if (!existsSync(file)) return undefined;
  const m = readJson(file, MANIFEST_FILE) as Manifest;
  if (!m || m.generator !== "vigil" || !m.files || typeof m.files !== "object") return undefined;
  for (const [path, hash] of Object.entries(m.files)) {
    if (!isTreePath(path) || path.startsWith(`${VIGIL_DIR}/`) || typeof hash !== "string") {
      throw new WriteError(`${MANIFEST_FILE} lists ${JSON.stringify(path)}, which is not a path inside the output folder: it was changed by hand or is corrupt; nothing was written`);
    }
  }
  return m;
}

export function planWrite(outDir: string, files: FileTree): WritePlan {
  const owned = readManifest(outDir)?.files ?? {};
  const plan: WritePlan = { write: [], unchanged: [], remove: [], keep: [], conflicts: [] };
  for (const [path, content] of files) {
    const full = safePath(outDir, path);
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
    const full = safePath(outDir, path);
    if (!existsSync(full)) continue;
    if (sha256(readFileSync(full)) === hash) plan.remove.push(path);
    else plan.keep.push(path);
  }
  return plan;
}

function removeEmptyParents(outDir: string, path: string): void {
  let dir = dirname(safePath(outDir, path));
  while (dir.startsWith(outDir + sep) && dir !== outDir) {
    if (!existsSync(dir) || readdirSync(dir).length > 0) return;
    rmdirSync(dir);
    dir = dirname(dir);
  }
}

interface Journal {
  staging: string;
  write: string[];
  remove: string[];
}

/** Applies a committed journal; every step may run again after a crash with the same result. */
function applyJournal(outDir: string, journal: Journal): void {
  const staging = safePath(outDir, `${VIGIL_DIR}/${journal.staging}`);
  for (const path of journal.write) {
    const staged = join(staging, ...path.split("/"));
    if (!existsSync(staged)) continue; // renamed before the crash
    const target = safePath(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(staged, target);
  }
  for (const path of journal.remove) {
    const target = safePath(outDir, path);
    rmSync(target, { force: true });
    removeEmptyParents(outDir, path);
  }
  const stagedManifest = join(staging, "manifest.json");
  if (existsSync(stagedManifest)) renameSync(stagedManifest, safePath(outDir, MANIFEST_FILE));
  rmSync(safePath(outDir, JOURNAL_FILE), { force: true });
  rmSync(staging, { recursive: true, force: true });
}

/**
 * What an interrupted build left: a committed journal is finished (the new tree), a staging folder
 * without one is removed (the old tree stays). Returns what was done, for the message.
 */
export function recover(outDir: string): "finished" | "cleaned" | undefined {
  const vigilDir = safePath(outDir, VIGIL_DIR);
  if (!existsSync(vigilDir)) return undefined;
  let done: "finished" | "cleaned" | undefined;
  const journalFile = safePath(outDir, JOURNAL_FILE);
  if (existsSync(journalFile)) {
    const j = readJson(journalFile, JOURNAL_FILE) as Journal;
    const valid = j && typeof j.staging === "string" && j.staging.startsWith(STAGING_PREFIX) && !j.staging.includes("/") && [...(j.write ?? []), ...(j.remove ?? [])].every(isTreePath);
    if (!valid) throw new WriteError(`${JOURNAL_FILE} is corrupt; nothing was written. Delete it and run "vigil build" again`);
    applyJournal(outDir, j);
    done = "finished";
  }
  for (const name of readdirSync(vigilDir)) {
    if (name.startsWith(STAGING_PREFIX)) {
      rmSync(safePath(outDir, `${VIGIL_DIR}/${name}`), { recursive: true, force: true });
      done ??= "cleaned";
    }
  }
  return done;
}

/** Whether a build was interrupted after its commit point (for `build --check`). */
export const interrupted = (outDir: string) => existsSync(join(outDir, JOURNAL_FILE));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Takes .vigil/lock exclusively; a lock of a dead process on this host is taken over. Returns its release. */
export function lock(outDir: string): () => void {
  mkdirSync(safePath(outDir, VIGIL_DIR), { recursive: true });
  const file = safePath(outDir, LOCK_FILE);
  const me = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, me);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(readFileSync(file, "utf8"));
      } catch {
        // being written by its owner right now
      }
      const stale = holder.host === hostname() && typeof holder.pid === "number" && !alive(holder.pid);
      if (!stale) throw new WriteError(`another vigil build (pid ${holder.pid ?? "?"} on ${holder.host ?? "?"}) is writing this tree; nothing was written. Wait for it, or delete ${LOCK_FILE} if it is no longer running`);
      rmSync(file, { force: true });
    }
  }
  throw new WriteError(`could not take ${LOCK_FILE}; nothing was written`);
}

/**
 * Runs `fn` holding the tree's lock, after finishing or cleaning what an interrupted build left. A
 * .vigil/ folder the call created and left empty (nothing written) is removed again.
 */
export function withTreeLock<T>(outDir: string, fn: (recovered: ReturnType<typeof recover>) => T): T {
  const hadVigilDir = existsSync(join(outDir, VIGIL_DIR));
  const release = lock(outDir);
  try {
    return fn(recover(outDir));
  } finally {
    release();
    const dir = join(outDir, VIGIL_DIR);
    if (!hadVigilDir && existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  }
}

/**
 * Applies a conflict-free plan, holding the lock (withTreeLock): stage, commit the journal, apply
 * it. Throws before touching the tree if the plan has conflicts or staging fails (a full disk leaves
 * the tree as it was).
 */
export function applyWrite(outDir: string, files: FileTree, plan: WritePlan): void {
  if (plan.conflicts.length) throw new Error(`refusing to write: ${plan.conflicts.length} conflicting file(s)`);
  const name = `${STAGING_PREFIX}${process.pid}-${Date.now()}`;
  const staging = safePath(outDir, `${VIGIL_DIR}/${name}`);
  let committed = false;
  try {
    // 1. Stage: if the disk fills up or a write fails, nothing in the tree has changed yet.
    for (const path of plan.write) {
      safePath(outDir, path);
      const staged = join(staging, ...path.split("/"));
      mkdirSync(dirname(staged), { recursive: true });
      writeFileSync(staged, files.get(path)!);
    }
    const manifest: Manifest = { generator: "vigil", files: Object.fromEntries([...files].map(([p, c]) => [p, sha256(c)])) };
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    // 2. Commit point: the journal appears whole, with one rename.
    const journal: Journal = { staging: name, write: plan.write, remove: plan.remove };
    writeFileSync(join(staging, "journal.json"), JSON.stringify(journal));
    renameSync(join(staging, "journal.json"), safePath(outDir, JOURNAL_FILE));
    committed = true;
    // 3. Apply (renames within one filesystem are atomic per file).
    applyJournal(outDir, journal);
  } finally {
    if (!committed) rmSync(staging, { recursive: true, force: true });
  }
}

export interface Drift {
  path: string;
  state: "missing" | "different" | "stale";
  /** What is on disk now ("" when missing). */
  before: string;
  /** What the config generates ("" when stale: build removes it). */
  after: string;
}

/** For `vigil build --check`: how the tree on disk differs from what the config generates. */
export function diffTree(outDir: string, files: FileTree): Drift[] {
  const drift: Drift[] = [];
  for (const [path, content] of files) {
    const full = safePath(outDir, path);
    if (!existsSync(full)) drift.push({ path, state: "missing", before: "", after: content });
    else {
      const now = readFileSync(full);
      if (!now.equals(Buffer.from(content))) drift.push({ path, state: "different", before: now.toString("utf8"), after: content });
    }
  }
  for (const path of Object.keys(readManifest(outDir)?.files ?? {})) {
    const full = safePath(outDir, path);
    if (!files.has(path) && existsSync(full)) drift.push({ path, state: "stale", before: readFileSync(full, "utf8"), after: "" });
  }
  return drift.sort((a, b) => (a.path < b.path ? -1 : 1));
}
