// The configs in examples/ are what users copy: each loads with the real loader (YAML, or
// TypeScript through jiti), builds with no error, and warns about nothing but its resource budget
// (which its header explains).
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../src/config/load.js";
import { generateFleet } from "../src/pipeline.js";
import { securityFindings } from "../src/checks/security.js";
import { PROJECT_ROOT } from "./helpers.js";

const EXAMPLES = readdirSync(join(PROJECT_ROOT, "examples")).sort();

describe("examples/", () => {
  it("holds YAML and TypeScript configs", () => {
    expect(EXAMPLES.some((f) => f.endsWith(".yaml")) && EXAMPLES.some((f) => f.endsWith(".ts"))).toBe(true);
  });

  it.each(EXAMPLES)("%s builds with no error, no security finding, and no warning but its budget", async (file) => {
    const loaded = await loadConfig(PROJECT_ROOT, join("examples", file));
    // Every cluster of a fleet example, or the one cluster.
    const fleet = await generateFleet(loaded.config, { source: file });
    expect(fleet.members.length).toBeGreaterThan(0);
    expect(fleet.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const warnings = fleet.diagnostics.filter((d) => d.severity === "warning").map((d) => d.path);
    expect(warnings.filter((p) => p !== "resources")).toEqual([]);
    if (warnings.includes("resources")) expect(readFileSync(join(PROJECT_ROOT, "examples", file), "utf8")).toMatch(/vigil warns/);
    for (const g of fleet.members) expect(securityFindings({ objects: g.output.objects, releases: g.output.releases, namespace: g.stack.namespace })).toEqual([]);
  });

  it("the README points to them", () => {
    expect(readFileSync(join(PROJECT_ROOT, "README.md"), "utf8")).toContain("(examples/)");
  });
});
