// vigil writes into users' repositories, often from CI: it must be safe against a hostile or broken
// config, manifest or file system (issue 12). Each class of fault, tried as a user would.
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyWrite, lock, planWrite, readManifest, recover, sha256, withTreeLock, WriteError } from "../src/emit/write.js";
import { PROJECT_ROOT, readTree, tempDir, vigil, writeFiles } from "./helpers.js";

const outsideAndRepo = () => {
  const root = tempDir();
  writeFiles(root, { "outside/victim.txt": "mine\n", "repo/README.md": "my repo\n" });
  return { root, repo: join(root, "repo"), outside: join(root, "outside") };
};

describe("containment: nothing is written or deleted outside the output folder", () => {
  it("a tampered manifest naming a file outside is refused, and that file survives", async () => {
    const { repo, outside } = outsideAndRepo();
    expect((await vigil(repo, "build")).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(repo, ".vigil/manifest.json"), "utf8"));
    manifest.files["../outside/victim.txt"] = sha256("mine\n");
    writeFileSync(join(repo, ".vigil/manifest.json"), JSON.stringify(manifest));
    const r = await vigil(repo, "build");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('.vigil/manifest.json lists "../outside/victim.txt", which is not a path inside the output folder');
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("mine\n");
    // An absolute path and a corrupt manifest: refused in words, not with a stack trace.
    writeFileSync(join(repo, ".vigil/manifest.json"), JSON.stringify({ generator: "vigil", files: { "/etc/passwd": "x" } }));
    expect((await vigil(repo, "build")).stderr).toContain('lists "/etc/passwd"');
    writeFileSync(join(repo, ".vigil/manifest.json"), "{ not json");
    const corrupt = await vigil(repo, "build");
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(/\.vigil\/manifest\.json is not valid JSON .*nothing was written/);
  });

  it.each(["../escaped", "/abs/monitoring", "a/./b", "a//b", "Monitoring", "a/../../b"])("gitops.path %s is a config error, nothing written", async (path) => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": `gitops:\n  path: "${path}"\n` });
    const r = await vigil(dir, "build");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("gitops.path:");
    expect(readdirSync(dir)).toEqual(["vigil.yaml"]);
  });

  it.each(["monitoring", ".vigil", "bootstrap"])("a symlinked %s folder is an error naming it; nothing is written through it", async (folder) => {
    const { repo, outside } = outsideAndRepo();
    mkdirSync(join(outside, "target"));
    symlinkSync(join(outside, "target"), join(repo, folder));
    const r = await vigil(repo, "build");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`vigil: ${folder} is a symbolic link`);
    expect(readdirSync(join(outside, "target"))).toEqual([]);
    expect(readdirSync(outside).sort()).toEqual(["target", "victim.txt"]);
  });
});

describe("crash consistency and the lock", () => {
  const two = {
    a: "cluster:\n  name: lab\n",
    // Other files (no logs: folders removed) and other contents (another name): a mixed tree shows.
    b: "cluster:\n  name: other\ncomponents:\n  logs: false\n  logAgent: false\n",
  };
  const treeOf = async (config: string) => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": config });
    expect((await vigil(dir, "build")).code).toBe(0);
    const t = readTree(dir);
    t.delete("vigil.yaml");
    return t;
  };

  it("killed at any moment, the next build's recovery leaves wholly the old tree or wholly the new one", async () => {
    const trees = { a: await treeOf(two.a), b: await treeOf(two.b) };
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": two.a });
    // How long a whole build takes here: the kills are spread from well before its end to after it.
    expect((await vigil(dir, "build")).code).toBe(0);
    const started = Date.now();
    const cli = spawnSync(process.execPath, [join(PROJECT_ROOT, "bin/vigil.js"), "build"], { cwd: dir });
    expect(cli.status).toBe(0);
    const took = Math.max(Date.now() - started, 300);
    let interrupted = 0;
    for (let i = 0; i < 16; i++) {
      const config = i % 2 === 0 ? two.b : two.a;
      writeFileSync(join(dir, "vigil.yaml"), config);
      const child = spawn(process.execPath, [join(PROJECT_ROOT, "bin/vigil.js"), "build"], { cwd: dir, stdio: "ignore" });
      const exited = new Promise<NodeJS.Signals | null>((r) => child.once("exit", (_, signal) => r(signal)));
      await new Promise((r) => setTimeout(r, Math.round(took * (0.2 + (1.2 * i) / 15))));
      child.kill("SIGKILL");
      if ((await exited) === "SIGKILL") interrupted++;
      withTreeLock(dir, () => undefined); // what the next build does first: take over the dead lock, recover
      const t = readTree(dir);
      t.delete("vigil.yaml");
      const same = (x: Map<string, string>) => x.size === t.size && [...x].every(([k, v]) => t.get(k) === v);
      expect(same(trees.a) || same(trees.b), `kill ${i}: the tree is neither wholly the old one nor wholly the new one`).toBe(true);
      expect(readdirSync(join(dir, ".vigil")).sort()).toEqual(["manifest.json"]);
    }
    // The kills really cut builds short (not only finished ones).
    expect(interrupted).toBeGreaterThan(4);
  }, 180_000);

  it("a journal committed but not applied is finished by the next run; staging without one is removed", () => {
    const dir = tempDir();
    const files = new Map([["monitoring/a.yaml", "a: 1\n"], ["monitoring/b.yaml", "b: 1\n"]]);
    withTreeLock(dir, () => applyWrite(dir, files, planWrite(dir, files)));
    // A build that died right after its commit point: the journal and its staging folder are there.
    writeFiles(dir, { ".vigil/staging-1-1/monitoring/a.yaml": "a: 2\n", ".vigil/staging-1-1/manifest.json": JSON.stringify({ generator: "vigil", files: { "monitoring/a.yaml": sha256("a: 2\n") } }) });
    writeFileSync(join(dir, ".vigil/journal.json"), JSON.stringify({ staging: "staging-1-1", write: ["monitoring/a.yaml"], remove: ["monitoring/b.yaml"] }));
    expect(recover(dir)).toBe("finished");
    expect(readFileSync(join(dir, "monitoring/a.yaml"), "utf8")).toBe("a: 2\n");
    expect(existsSync(join(dir, "monitoring/b.yaml"))).toBe(false);
    expect(Object.keys(readManifest(dir)!.files)).toEqual(["monitoring/a.yaml"]);
    // One that died before it: the old tree stays, the staging folder goes.
    writeFiles(dir, { ".vigil/staging-2-2/monitoring/a.yaml": "a: 3\n" });
    expect(recover(dir)).toBe("cleaned");
    expect(readFileSync(join(dir, "monitoring/a.yaml"), "utf8")).toBe("a: 2\n");
    expect(readdirSync(join(dir, ".vigil"))).toEqual(["manifest.json"]);
  });

  it("build --check says when a build was interrupted after its commit point; build finishes it first", async () => {
    const dir = tempDir();
    expect((await vigil(dir, "build")).code).toBe(0);
    writeFiles(dir, { ".vigil/staging-9-9/manifest.json": readFileSync(join(dir, ".vigil/manifest.json"), "utf8") });
    writeFileSync(join(dir, ".vigil/journal.json"), JSON.stringify({ staging: "staging-9-9", write: [], remove: [] }));
    const check = await vigil(dir, "build", "--check");
    expect([check.code, check.stderr.trim().split("\n").at(-1)]).toEqual([1, 'vigil: a build of . was interrupted; run "vigil build" to finish it.']);
    const build = await vigil(dir, "build");
    expect(build.code).toBe(0);
    expect(build.stderr).toContain("the previous build of . was interrupted after its commit point; it was finished first");
    expect((await vigil(dir, "build", "--check")).code).toBe(0);
  });

  it("a second build on the same folder is stopped by the lock, with who holds it; a dead holder's lock is taken over", async () => {
    const dir = tempDir();
    const release = lock(dir); // this test process: alive
    const r = await vigil(dir, "build");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`another vigil build (pid ${process.pid} on`);
    expect(existsSync(join(dir, "monitoring"))).toBe(false);
    release();
    writeFileSync(join(dir, ".vigil/lock"), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import("node:os")).hostname() }));
    expect((await vigil(dir, "build")).code).toBe(0);
    expect(existsSync(join(dir, ".vigil/lock"))).toBe(false);
  });

  it("a write that fails while staging (a name too long, a full disk) leaves the tree as it was, and no .vigil/ in a fresh folder", () => {
    const dir = tempDir();
    const files = new Map([["monitoring/ok.yaml", "x\n"], [`monitoring/${"n".repeat(300)}.yaml`, "y\n"]]);
    expect(() => withTreeLock(dir, () => applyWrite(dir, files, planWrite(dir, files)))).toThrow(/ENAMETOOLONG/);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => planWrite(dir, new Map([["../x", ""]]))).toThrow(WriteError);
  });

  it("--out a file, --config a folder: said in words", async () => {
    const dir = tempDir();
    writeFiles(dir, { "afile": "x", "cfg/.keep": "" });
    const out = await vigil(dir, "build", "--out", "afile");
    expect([out.code, out.stderr.trim()]).toEqual([1, "vigil: --out afile: is a file, not a folder; nothing was written."]);
    const cfg = await vigil(dir, "build", "--config", "cfg");
    expect(cfg.code).toBe(2);
    expect(cfg.stderr).toContain("cfg is a folder; give the config file");
  });
});

describe("the same bytes from any folder", () => {
  it("headers name the config relative to the tree, so build --check passes from a subfolder (#13)", async () => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": "cluster:\n  name: lab\n", "sub/.keep": "" });
    expect((await vigil(dir, "build")).code).toBe(0);
    const check = await vigil(join(dir, "sub"), "build", "--check", "--config", "../vigil.yaml", "--out", "..");
    expect(check.stdout).toContain("is up to date");
    expect(check.code).toBe(0);
  });
});

describe("a folder vigil may not write", () => {
  // As root every folder is writable: the test runs vigil as user 65534 (nobody), where it can read the project.
  const asNobody = (cwd: string) => spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, join(PROJECT_ROOT, "bin/vigil.js"), "build"], { cwd, encoding: "utf8" });
  const possible = process.getuid?.() === 0 && spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, join(PROJECT_ROOT, "bin/vigil.js"), "--help"], { encoding: "utf8" }).status === 0;
  if (!possible) console.warn("\n  NOTICE: skipping the read-only folder test: not root, or user 65534 cannot run the project from here\n");
  it.runIf(possible)("is said in words (permission denied), exit 1, nothing written", () => {
    const dir = tempDir();
    chmodSync(dir, 0o555);
    const r = asNobody(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("vigil: cannot write .vigil: permission denied; the tree is as it was before this build");
    expect(readdirSync(dir)).toEqual([]);
  });
});
