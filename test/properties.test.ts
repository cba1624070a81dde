// The promises of the CLI, over configs fast-check makes: mutations of the examples (a value
// replaced, a key dropped, an unknown key added) and arbitrary data. Whatever the input: exit 0, 1
// or 2 only; every exit-2 error names a config path or a file position; nothing is written on
// exit 2; a tree that is written passed every check, the strict schemas included.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { PROJECT_ROOT, tempDir, vigil, writeFiles } from "./helpers.js";

const EXAMPLES = readdirSync(join(PROJECT_ROOT, "examples"))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => parse(readFileSync(join(PROJECT_ROOT, "examples", f), "utf8")) as Record<string, unknown>);

type Json = unknown;
const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom("", "../x", "20Gi", "https://a:b@x.y/", "{{ x }}", "__proto__", "k3s", "loki"));
const value: fc.Arbitrary<Json> = fc.oneof({ depthSize: "small" }, leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), leaf, { maxKeys: 3 }));

/** Every path to a value in a config. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v && typeof v === "object") return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
}

function mutate(config: Json, path: (string | number)[], op: "replace" | "delete" | "add", v: Json, key: string): Json {
  const copy = structuredClone(config) as any;
  if (path.length === 0) return op === "replace" ? v : copy;
  const parent = path.slice(0, -1).reduce((o, k) => o[k], copy);
  const last = path.at(-1)!;
  if (op === "replace") parent[last] = v;
  else if (op === "delete") Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
  else if (parent[last] && typeof parent[last] === "object" && !Array.isArray(parent[last])) parent[last][key] = v;
  return copy;
}

const mutated = fc
  .record({ example: fc.integer({ min: 0, max: EXAMPLES.length - 1 }), pick: fc.nat(), op: fc.constantFrom("replace", "delete", "add"), v: value, key: fc.string({ minLength: 1, maxLength: 8 }) })
  .map(({ example, pick, op, v, key }) => {
    const base = EXAMPLES[example]!;
    const all = paths(base);
    return mutate(base, all[pick % all.length]!, op as "replace" | "delete" | "add", v, key);
  });

const OUT = "out";

describe("the CLI's promises over generated configs", () => {
  it("exit 0/1/2 only; exit 2 names a config path or position and writes nothing; a written tree passed the checks", async () => {
    const runs = Number(process.env.VIGIL_PROPERTY_RUNS) || 100;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: value }), async (config) => {
        const dir = tempDir();
        writeFiles(dir, { "vigil.yaml": stringify(config) });
        const r = await vigil(dir, "build", "--out", OUT);
        expect([0, 1, 2]).toContain(r.code);
        if (r.code === 2) {
          expect(existsSync(join(dir, OUT))).toBe(false);
          const errors = r.stderr.split("\n").filter((l) => l.startsWith("  ✖ "));
          expect(errors.length).toBeGreaterThan(0);
          for (const e of errors) expect(e, e).toMatch(/^ {2}✖ ([A-Za-z$_][\w$.[\]-]*: |vigil\.yaml )|\(vigil\.yaml:\d+:\d+\)$/);
        }
        if (r.code === 0) {
          expect(r.stderr).not.toContain("✖");
          expect(existsSync(join(dir, OUT, ".vigil", "manifest.json"))).toBe(true);
        }
        if (r.code !== 0) expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
      }),
      { numRuns: runs, seed: Number(process.env.VIGIL_PROPERTY_SEED) || 20261201 },
    );
  }, 180_000);
});
