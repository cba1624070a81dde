// The package as a user installs it (issue 17 #1): `npm pack` of this checkout, installed into an
// empty repository, and the README's commands run there: the command is `vigil`, the TypeScript
// config `init` writes imports from the package's own name and builds as is.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "./helpers.js";

const run = (cwd: string, cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 180_000, env: { ...process.env, npm_config_yes: "true", NO_COLOR: "1" } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

describe("the packed package in an empty repository", () => {
  it("installs by its name's tarball, and `npx vigil --version`, `init` and `build` work as the README says", () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { name: string; version: string; bin: Record<string, string> };
    // Not the npm package "vigil" (an unrelated file watcher): a name of its own, the command vigil.
    expect(pkg.name).toBe("vigil-homelab");
    expect(Object.keys(pkg.bin)).toEqual(["vigil"]);
    const work = mkdtempSync(join(tmpdir(), "vigil-pack-"));
    try {
      // dist/ is built by `npm test` before the suite runs; --ignore-scripts skips building it again.
      const packed = run(PROJECT_ROOT, "npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work]);
      expect(packed.code, packed.out).toBe(0);
      const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"))!;
      expect(tarball).toBe(`vigil-homelab-${pkg.version}.tgz`);
      const repo = join(work, "homelab");
      expect(run(work, "mkdir", [repo]).code).toBe(0);
      expect(run(repo, "npm", ["init", "-y"]).code).toBe(0);
      const installed = run(repo, "npm", ["install", "-D", "--prefer-offline", "--no-audit", "--no-fund", join(work, tarball)]);
      expect(installed.code, installed.out).toBe(0);

      const version = run(repo, "npx", ["vigil", "--version"]);
      expect(version.out.trim()).toBe(pkg.version);
      const init = run(repo, "npx", ["vigil", "init"]);
      expect(init.code, init.out).toBe(0);
      expect(readFileSync(join(repo, "vigil.config.ts"), "utf8")).toContain('import { defineConfig } from "vigil-homelab";');
      const build = run(repo, "npx", ["vigil", "build"]);
      expect(build.code, build.out).toBe(0);
      expect(existsSync(join(repo, "monitoring", "grafana", "values.yaml"))).toBe(true);
      expect(existsSync(join(repo, "bootstrap", "monitoring-applicationset.yaml"))).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  }, 300_000);
});
