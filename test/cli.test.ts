// The installed command itself: bin/vigil.js on the built code, as a user runs it.
import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT, tempDir } from "./helpers.js";

const BIN = join(PROJECT_ROOT, "bin/vigil.js");

describe("bin/vigil.js (run `npm run build` first; `npm test` does)", () => {
  it("builds the default tree and exits 0", () => {
    const dir = tempDir();
    const out = execFileSync(process.execPath, [BIN, "build"], { cwd: dir, encoding: "utf8" });
    expect(out).toContain("vigil: wrote 51 file(s)");
    expect(existsSync(join(dir, "monitoring/victoria-metrics/Chart.yaml"))).toBe(true);
  });

  it("reads a config given by an absolute path, outside the project folder", () => {
    const configDir = tempDir();
    const config = join(configDir, "lab.yaml");
    writeFileSync(config, "cluster:\n  name: lab-two\n");
    const dir = tempDir();
    execFileSync(process.execPath, [BIN, "build", "--config", config], { cwd: dir, encoding: "utf8" });
    expect(readFileSync(join(dir, "monitoring/README.md"), "utf8")).toContain('cluster "lab-two"');
  });

  it("exits 2 on a bad config and 1 on an unknown command", () => {
    const dir = tempDir();
    const bad = spawnSync(process.execPath, [BIN, "plan", "--config", "missing.yaml"], { cwd: dir, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("config file missing.yaml does not exist");
    const unknown = spawnSync(process.execPath, [BIN, "deploy"], { cwd: dir, encoding: "utf8" });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown command "deploy"');
  });
});
