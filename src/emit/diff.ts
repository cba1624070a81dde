// How a tree on disk differs from what the config generates, as people read diffs: a unified
// diff per file (git's a/ b/ and /dev/null headers), or a --stat summary. Pure: the caller reads
// the disk (write.ts diffTree) and decides on colour (a TTY, NO_COLOR).
import { createTwoFilesPatch, structuredPatch } from "diff";
import pc from "picocolors";
import type { Drift } from "./write.js";

const colours = (on: boolean) => pc.createColors(on);

/** Lines added and removed in one file. */
function counts(d: Drift): { added: number; removed: number } {
  const patch = structuredPatch(d.path, d.path, d.before, d.after, "", "", { context: 0 });
  let added = 0;
  let removed = 0;
  for (const h of patch.hunks) for (const l of h.lines) l.startsWith("+") ? added++ : l.startsWith("-") ? removed++ : undefined;
  return { added, removed };
}

/** One unified diff of every drifted file, in path order. */
export function unifiedDiff(drift: readonly Drift[], colour = false): string {
  const c = colours(colour);
  return drift
    .map((d) => {
      const from = d.state === "missing" ? "/dev/null" : `a/${d.path}`;
      const to = d.state === "stale" ? "/dev/null" : `b/${d.path}`;
      const patch = createTwoFilesPatch(from, to, d.before, d.after, "", "", { context: 3 })
        .split("\n")
        // jsdiff's "Index:" and "====" lines are not git's; the ---/+++ headers say it all.
        .filter((l, i) => !(i < 2 && (l.startsWith("Index:") || l.startsWith("===="))))
        .map((l) => l.replace(/^(---|\+\+\+) (\S+)\t$/, "$1 $2"));
      return patch
        .map((l) => (l.startsWith("+++") || l.startsWith("---") ? c.bold(l) : l.startsWith("@@") ? c.cyan(l) : l.startsWith("+") ? c.green(l) : l.startsWith("-") ? c.red(l) : l))
        .join("\n")
        .trimEnd();
    })
    .join("\n");
}

/** git diff --stat: a line per file with its changed lines, and the totals. */
export function diffStat(drift: readonly Drift[], colour = false): string {
  const c = colours(colour);
  const rows = drift.map((d) => ({ d, ...counts(d) }));
  const width = Math.max(0, ...rows.map((r) => r.d.path.length));
  const most = Math.max(1, ...rows.map((r) => r.added + r.removed));
  const bar = (n: number) => Math.round((n / most) * 40);
  const lines = rows.map((r) => {
    const note = r.d.state === "missing" ? " (new)" : r.d.state === "stale" ? " (removed)" : "";
    return ` ${r.d.path.padEnd(width)} | ${String(r.added + r.removed).padStart(5)} ${c.green("+".repeat(bar(r.added)))}${c.red("-".repeat(bar(r.removed)))}${note}`;
  });
  const added = rows.reduce((s, r) => s + r.added, 0);
  const removed = rows.reduce((s, r) => s + r.removed, 0);
  lines.push(` ${rows.length} file${rows.length === 1 ? "" : "s"} changed, ${added} insertion${added === 1 ? "" : "s"}(+), ${removed} deletion${removed === 1 ? "" : "s"}(-)`);
  return lines.join("\n");
}
