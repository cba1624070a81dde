// The CLI's tables and prose on a terminal (issue 17 #9): fitted to its width, whole in a pipe.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatTable, wrap } from "../src/cli/table.js";
import { runCli } from "../src/cli/main.js";
import { tempDir } from "./helpers.js";

describe("tables and prose fitted to a terminal", () => {
  it("without a width nothing is cut; with one, the shrinkable columns are cut with … in their order until the table fits", () => {
    const header = ["name", "workload", "mem"];
    const rows = [["vmagent", "VMAgent/vm-with-a-long-name", "36Mi"]];
    expect(formatTable(header, rows, { right: [2] })).toEqual(["name     workload                      mem", "-------  ---------------------------  ----", "vmagent  VMAgent/vm-with-a-long-name  36Mi"]);
    expect(formatTable(header, rows, { right: [2], shrink: [1], width: 30 })).toEqual(["name     workload          mem", "-------  ---------------  ----", "vmagent  VMAgent/vm-wit…  36Mi"]);
  });

  it("a table fits any width its columns' minimums allow (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ minLength: 0, maxLength: 60 }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 50, max: 200 }), (rows, width) => {
        const lines = formatTable(["a", "b", "c", "d"], rows, { shrink: [0, 1, 2, 3], width });
        for (const l of lines) expect(l.length).toBeLessThanOrEqual(Math.max(width, 4 * 8 + 6));
      }),
    );
  });

  it("wraps a paragraph at the width, keeping its indent; one line without a width", () => {
    const text = "  alpha beta gamma delta epsilon zeta eta theta";
    expect(wrap(text, undefined)).toEqual([text]);
    expect(wrap(text, 20)).toEqual(["  alpha beta gamma", "  delta epsilon zeta", "  eta theta"]);
  });

  it("vigil plan on a 100-column terminal keeps every line within it; in a pipe it prints whole lines", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(["plan"], { cwd: tempDir(), out: (t) => out.push(...t.split("\n")), err: (t) => err.push(...t.split("\n")), columns: 100 });
    expect(code).toBe(0);
    for (const l of [...out, ...err]) expect(l.length, l).toBeLessThanOrEqual(100);
    const piped: string[] = [];
    await runCli(["plan"], { cwd: tempDir(), out: (t) => piped.push(...t.split("\n")), err: () => {} });
    expect(Math.max(...piped.map((l) => l.length))).toBeGreaterThan(100);
  });
});
