// The installed command itself: bin/vigil.js on the built code, as a user runs it.
import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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

  it("exits 2 on a bad config, an unknown command or an unknown option (with a did-you-mean), writing nothing", () => {
    const dir = tempDir();
    const bad = spawnSync(process.execPath, [BIN, "plan", "--config", "missing.yaml"], { cwd: dir, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("config file missing.yaml does not exist");
    const unknown = spawnSync(process.execPath, [BIN, "biuld"], { cwd: dir, encoding: "utf8" });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "biuld"; did you mean "build"?');
    for (const [args, message] of [
      [["build", "--dry-run"], "vigil build: unknown option --dry-run"],
      [["build", "--chek"], "vigil build: unknown option --chek; did you mean --check?"],
      [["plan", "--jsn"], "vigil plan: unknown option --jsn; did you mean --json?"],
    ] as const) {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8" });
      expect([r.status, r.stderr.split("\n")[0]]).toEqual([2, message]);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--version, help <command>, and vigil alone", () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: tempDir(), encoding: "utf8" });
    expect(run("--version").stdout.trim()).toBe(JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).version);
    expect(run("help", "build").stdout).toContain("--check");
    const bare = run();
    expect([bare.status, bare.stdout]).toEqual([0, expect.stringContaining("Usage: vigil <command> [options]")]);
  });
});

describe("output flags the same on every command with data (issue 17)", () => {
  it("-o json and -o yaml print the same data, --json is -o json, an unknown format is exit 2", async () => {
    const { vigil, tempDir } = await import("./helpers.js");
    const { parse } = await import("yaml");
    const dir = tempDir();
    const json = await vigil(dir, "plan", "-o", "json");
    const yaml = await vigil(dir, "plan", "--output", "yaml");
    const legacy = await vigil(dir, "plan", "--json");
    expect(JSON.parse(json.stdout)).toEqual(parse(yaml.stdout));
    expect(legacy.stdout).toBe(json.stdout);
    expect(JSON.parse(json.stdout).rows.length).toBeGreaterThan(5);
    const bad = await vigil(dir, "plan", "-o", "xml");
    expect([bad.code, bad.stderr.trim()]).toEqual([2, "vigil plan: -o xml: not an output format; use json or yaml"]);
    const doctor = await vigil(dir, "doctor", "--skip-cluster", "-o", "yaml");
    expect(parse(doctor.stdout).failures).toBe(1);
  });
});
