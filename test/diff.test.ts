// vigil diff and build --check: what a build would change, as a unified diff or --stat (issue 17).
import { describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir, vigil, writeFiles } from "./helpers.js";
import { diffStat, unifiedDiff } from "../src/emit/diff.js";

const REPO = "gitops: { repoURL: https://github.com/me/homelab.git }\n";

describe("vigil diff", () => {
  it("is silent and exits 0 on a tree that is up to date; shows the unified diff of a change and exits 1", async () => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": REPO });
    expect((await vigil(dir, "build")).code).toBe(0);
    const same = await vigil(dir, "diff");
    expect([same.code, same.stdout]).toEqual([0, ""]);
    expect(same.stderr).toContain('"vigil build" would change nothing');
    writeFiles(dir, { "vigil.yaml": `${REPO}cluster: { name: lab }\n` });
    const changed = await vigil(dir, "diff");
    expect(changed.code).toBe(1);
    const lines = changed.stdout.split("\n");
    expect(lines).toEqual(expect.arrayContaining(["--- a/monitoring/README.md", "+++ b/monitoring/README.md", '-# Monitoring stack of cluster "homelab"', '+# Monitoring stack of cluster "lab"', "-  name: vigil-homelab", "+  name: vigil-lab"]));
    expect(lines.filter((l) => l.startsWith("@@"))[0]).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    // Not a terminal: no colour codes.
    expect(changed.stdout).not.toMatch(/\u001b\[/);
    // Nothing was written.
    expect(readFileSync(join(dir, "monitoring/README.md"), "utf8")).toContain('cluster "homelab"');
    const stat = await vigil(dir, "diff", "--stat");
    expect(stat.stdout.trimEnd().split("\n").at(-1)).toBe(" 3 files changed, 4 insertions(+), 4 deletions(-)");
    expect(stat.stdout).toMatch(/^ monitoring\/README\.md\s+\|\s+2 \+{10}-{10}$/m);
    const quiet = await vigil(dir, "diff", "--quiet");
    expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([1, "", ""]);
  });

  it("a file the build would add or remove is diffed against /dev/null, as git does", async () => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": `${REPO}components: { traces: true }\n` });
    await vigil(dir, "build");
    writeFiles(dir, { "vigil.yaml": REPO });
    const removed = await vigil(dir, "diff");
    expect(removed.stdout).toContain("--- a/monitoring/tempo/Chart.yaml\n+++ /dev/null");
    rmSync(join(dir, "monitoring/README.md"));
    const added = await vigil(dir, "diff", "--stat");
    expect(added.stdout).toMatch(/^ monitoring\/README\.md\s+\|\s+\d+ \++ \(new\)$/m);
    expect(added.stdout).toMatch(/^ monitoring\/tempo\/Chart\.yaml\s+\|\s+\d+ -+ \(removed\)$/m);
  });

  it("in a fleet, --cluster diffs that cluster's tree only", async () => {
    const dir = tempDir();
    const fleet = (interval: string) => `${REPO}fleet:\n  hub: hub\n  ingest: { address: 100.64.0.2 }\n  clusters:\n    hub: {}\n    home: { scrape: { interval: ${interval} } }\n`;
    writeFiles(dir, { "vigil.yaml": fleet("30s") });
    expect((await vigil(dir, "build")).code).toBe(0);
    writeFiles(dir, { "vigil.yaml": fleet("60s") });
    const all = await vigil(dir, "diff", "--stat");
    const home = await vigil(dir, "diff", "--stat", "--cluster", "home");
    const hub = await vigil(dir, "diff", "--cluster", "hub");
    expect(home.code).toBe(1);
    const files = (out: string) => out.split("\n").filter((l) => l.includes(" | ")).map((l) => l.trim().split(/\s+/)[0]!);
    expect(files(home.stdout).length).toBeGreaterThan(0);
    expect(files(home.stdout).every((f) => f.startsWith("clusters/home/"))).toBe(true);
    expect(files(all.stdout)).toEqual(expect.arrayContaining(files(home.stdout)));
    // The hub's tree changes too only where it reads the spoke's jobs; whatever it shows is the hub's.
    expect(hub.stdout.split("\n").filter((l) => l.startsWith("+++ ") || l.startsWith("--- ")).every((l) => l.includes("clusters/hub/"))).toBe(true);
    expect(hub.code).toBe(files(all.stdout).some((f) => f.startsWith("clusters/hub/")) ? 1 : 0);
  });

  it("build --check prints the same diff beside the file list", async () => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": REPO });
    await vigil(dir, "build");
    const values = join(dir, "monitoring/grafana/values.yaml");
    // A hand edit: a value added to Grafana's.
    writeFileSync(values, readFileSync(values, "utf8").replace("grafana:\n", "grafana:\n  replicas: 3\n"));
    const check = await vigil(dir, "build", "--check");
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("  different monitoring/grafana/values.yaml");
    expect(check.stdout).toContain("--- a/monitoring/grafana/values.yaml\n+++ b/monitoring/grafana/values.yaml");
    expect(check.stdout).toMatch(/^- {2}replicas: 3$/m);
  });

  it("colours on a terminal: headers bold, hunks cyan, added green, removed red; --stat's bars too", () => {
    const drift = [{ path: "a.yaml", state: "different" as const, before: "x: 1\n", after: "x: 2\n" }];
    const plain = unifiedDiff(drift, false);
    expect(plain).toBe("--- a/a.yaml\n+++ b/a.yaml\n@@ -1,1 +1,1 @@\n-x: 1\n+x: 2");
    const coloured = unifiedDiff(drift, true);
    expect(coloured).toContain("\u001b[31m-x: 1\u001b[39m");
    expect(coloured).toContain("\u001b[32m+x: 2\u001b[39m");
    expect(diffStat(drift, true)).toContain("\u001b[32m");
    expect(diffStat(drift, false)).toBe(" a.yaml |     2 ++++++++++++++++++++--------------------\n 1 file changed, 1 insertion(+), 1 deletion(-)");
  });
});
