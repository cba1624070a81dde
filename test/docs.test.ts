// Docs, schema.json and the starter config all derive from the one config schema; these tests
// fail when a committed copy is out of date, and check that `vigil init` output really loads.
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { configReference, jsonSchema, optionDocs, starterConfig } from "../src/config/docs.js";
import { configSchema } from "../src/config/schema/index.js";
import { loadConfig } from "../src/config/load.js";
import { generateFleet } from "../src/pipeline.js";
import { PROJECT_ROOT, vigil } from "./helpers.js";

describe("derived from the schema", () => {
  it("docs/configuration.md is up to date (npm run docs)", () => {
    expect(readFileSync(join(PROJECT_ROOT, "docs/configuration.md"), "utf8")).toBe(configReference());
  });

  it("schema.json is up to date (npm run docs)", () => {
    expect(JSON.parse(readFileSync(join(PROJECT_ROOT, "schema.json"), "utf8"))).toEqual(jsonSchema());
  });

  it("every option has a description", () => {
    const missing = optionDocs().filter((o) => !o.description).map((o) => o.path);
    expect(missing).toEqual([]);
  });

  it("schema.json rejects unknown keys, as vigil does", () => {
    const schema = jsonSchema() as { additionalProperties?: boolean; properties: Record<string, { additionalProperties?: boolean }> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.storage?.additionalProperties).toBe(false);
  });
});

describe("vigil init", () => {
  // Inside the project (any folder works: the loader resolves `import { defineConfig } from "vigil-homelab"` to this vigil).
  const base = join(PROJECT_ROOT, ".tmp");
  mkdirSync(base, { recursive: true });

  for (const format of ["ts", "yaml"] as const) {
    it(`writes a short ${format} config that builds as is, with the shape of a Secret reference shown (issue 17 #10)`, async () => {
      const dir = mkdtempSync(join(base, "init-"));
      const r = await vigil(dir, "init", ...(format === "yaml" ? ["--yaml"] : []));
      expect(r.code).toBe(0);
      const file = format === "ts" ? "vigil.config.ts" : "vigil.yaml";
      const text = readFileSync(join(dir, file), "utf8");
      expect(text.split("\n").length).toBeLessThan(30);
      expect(text).toContain('{ secret: { name: ');
      expect(text).not.toContain("(not set)");
      expect(text).toContain("node_modules/vigil-homelab/docs/configuration.md");
      const loaded = await loadConfig(dir);
      expect(loaded.file).toBe(file);
      expect(loaded.config.storage.storageClass).toBe("local-path");
      const gen = await generateFleet(loaded.config, { source: file });
      expect(gen.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      // It never overwrites.
      const again = await vigil(dir, "init");
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`${file} already exists; nothing was written.`);
    });

    it(`--full writes every option of the ${format} reference, commented, and it loads to the defaults`, async () => {
      const dir = mkdtempSync(join(base, "init-"));
      const r = await vigil(dir, "init", "--full", ...(format === "yaml" ? ["--yaml"] : []));
      expect(r.code).toBe(0);
      const text = readFileSync(join(dir, format === "ts" ? "vigil.config.ts" : "vigil.yaml"), "utf8");
      expect(text).toBe(starterConfig(format));
      expect(text).toContain("storageClass");
      expect((await loadConfig(dir)).config).toEqual(configSchema.parse({}));
    });
  }

  it("the package ships the reference the starter config points to", () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { files: string[] };
    expect(pkg.files).toContain("docs");
  });

  it("takes gitops.repoURL from the repository's origin", async () => {
    const { execFileSync } = await import("node:child_process");
    const dir = mkdtempSync(join(base, "init-"));
    execFileSync("git", ["init", "-q", dir]);
    execFileSync("git", ["-C", dir, "remote", "add", "origin", "https://github.com/me/homelab.git"]);
    await vigil(dir, "init", "--yaml");
    expect((await loadConfig(dir)).config.gitops.repoURL).toBe("https://github.com/me/homelab.git");
    // Not a URL with a credential in it.
    const other = mkdtempSync(join(base, "init-"));
    execFileSync("git", ["init", "-q", other]);
    execFileSync("git", ["-C", other, "remote", "add", "origin", "https://me:ghp_secret@github.com/me/homelab.git"]);
    await vigil(other, "init", "--yaml");
    expect(readFileSync(join(other, "vigil.yaml"), "utf8")).not.toContain("ghp_secret");
  });

  it("an uncommented starter option takes effect", async () => {
    const dir = mkdtempSync(join(base, "init-"));
    await vigil(dir, "init", "--yaml", "--full");
    const { writeFileSync } = await import("node:fs");
    const text = readFileSync(join(dir, "vigil.yaml"), "utf8")
      .replace(/^# retention:$/m, "retention:")
      .replace(/^ {2}# metrics: "15d"$/m, '  metrics: "30d"');
    writeFileSync(join(dir, "vigil.yaml"), text);
    const loaded = await loadConfig(dir);
    expect(loaded.config.retention.metrics).toBe("30d");
  });
});

describe("docs/render.md", () => {
  it("lists the helm pull of every pinned chart, at its pinned version and repository", async () => {
    const { CHARTS } = await import("../src/model/versions.js");
    const text = readFileSync(join(PROJECT_ROOT, "docs/render.md"), "utf8");
    const pulls = text.split("\n").filter((l) => l.startsWith("helm pull "));
    const expected = Object.values(CHARTS).map((c) =>
      c.repository.startsWith("oci://") ? `helm pull ${c.repository}/${c.chart} --version ${c.version}` : `helm pull ${c.chart} --repo ${c.repository} --version ${c.version}`,
    );
    expect(pulls.sort()).toEqual(expected.sort());
  });
});

describe("docs/cli.md's CI snippets", () => {
  it("the pre-commit framework's hook definition runs `vigil build --check` once per commit, not per file", () => {
    const hooks = parse(readFileSync(join(PROJECT_ROOT, ".pre-commit-hooks.yaml"), "utf8")) as { id: string; entry: string; language: string; pass_filenames: boolean; always_run: boolean }[];
    expect(hooks.map((h) => [h.id, h.entry, h.language, h.pass_filenames, h.always_run])).toEqual([["vigil-build-check", "vigil build --check", "node", false, true]]);
    const docs = readFileSync(join(PROJECT_ROOT, "docs", "cli.md"), "utf8");
    expect(docs).toContain("id `vigil-build-check`");
    const local = parse(/```yaml\n(repos:\n[\s\S]*?)```/.exec(docs)![1]!);
    expect(local.repos[0].hooks[0]).toMatchObject({ id: "vigil-build-check", entry: "npx --no-install vigil build --check", pass_filenames: false });
  });
});
