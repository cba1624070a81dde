// Golden trees: the full output of the default config and of every example is committed under
// test/golden/ and compared file by file, so every change to what vigil writes is a reviewed diff.
// After an intended change: `npm run golden` rewrites them; review the diff and commit it.
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { generateFleet } from "../src/pipeline.js";
import { loadConfig } from "../src/config/load.js";
import { loadUserDashboards } from "../src/config/user-dashboards.js";
import { parsedConfig, PROJECT_ROOT, readTree } from "./helpers.js";

const GOLDEN = join(PROJECT_ROOT, "test", "golden");
const UPDATE = process.env.VIGIL_UPDATE_GOLDEN === "1";

const CASES = [
  { name: "default", config: undefined as string | undefined },
  ...readdirSync(join(PROJECT_ROOT, "examples"))
    .sort()
    .map((f) => ({ name: f.replace(/\.(yaml|ts)$/, "").replace(/\./g, "-"), config: join("examples", f) })),
];

async function tree(config: string | undefined): Promise<Map<string, string>> {
  // As `vigil build --config <it>` run at the project root writes it.
  const loaded = config ? await loadConfig(PROJECT_ROOT, config) : { config: parsedConfig({}), file: undefined };
  const dashboards = await loadUserDashboards(PROJECT_ROOT, loaded.config, loaded.file);
  const gen = await generateFleet(loaded.config, { source: loaded.file ?? "its defaults (no config file)", userDashboards: dashboards });
  expect(gen.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return gen.files;
}

describe("golden trees (test/golden/; npm run golden after an intended change)", () => {
  it.each(CASES)("$name: every file as committed", async ({ name, config }) => {
    const files = await tree(config);
    const dir = join(GOLDEN, name);
    if (UPDATE) {
      rmSync(dir, { recursive: true, force: true });
      for (const [path, content] of files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
    }
    expect(existsSync(dir), `${dir} is missing: run npm run golden`).toBe(true);
    const committed = readTree(dir);
    expect([...files.keys()].sort()).toEqual([...committed.keys()].sort());
    for (const [path, content] of files) expect(content, path).toBe(committed.get(path));
  });

  it("the golden folder holds no tree of a case that is gone", () => {
    expect(readdirSync(GOLDEN).filter((d) => !d.startsWith(".")).sort()).toEqual(CASES.map((c) => c.name).sort());
  });
});
