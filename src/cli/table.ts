// The CLI's tables and prose, fitted to a terminal: columns padded, the widest shrinkable column
// cut with "…" until the table fits, and long lines wrapped. Without a width (a pipe, a file,
// a script) nothing is cut: the output stays whole for grep and diff.

export interface TableOptions {
  /** Columns aligned right (numbers). */
  right?: readonly number[];
  /** Columns that may be cut to fit `width`, the first the most willingly. */
  shrink?: readonly number[];
  /** The terminal's width; undefined: no limit. */
  width?: number;
}

/** Shortest a shrunk column gets, "…" included. */
const MIN_COLUMN = 8;

const cut = (s: string, w: number) => (s.length <= w ? s : `${s.slice(0, Math.max(1, w - 1))}…`);

/** Header, dashes, rows; `separatorBefore` adds a dashed line before those rows (a total). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}, separatorBefore: readonly number[] = []): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  if (options.width !== undefined) {
    // Take one column at a time down to what fits, or to its minimum.
    for (const i of options.shrink ?? []) {
      const over = total() - options.width;
      if (over <= 0) break;
      widths[i] = Math.max(Math.min(widths[i]!, Math.max(MIN_COLUMN, header[i]!.length)), widths[i]! - over);
    }
  }
  const line = (r: readonly string[]) => r.map((c, i) => (options.right?.includes(i) ? cut(c, widths[i]!).padStart(widths[i]!) : cut(c, widths[i]!).padEnd(widths[i]!))).join("  ").trimEnd();
  const dashes = widths.map((w) => "-".repeat(w)).join("  ");
  const out = [line(header), dashes];
  rows.forEach((r, i) => {
    if (separatorBefore.includes(i)) out.push(dashes);
    out.push(line(r));
  });
  return out;
}

/** A paragraph wrapped at `width` (undefined: one line), continuation lines indented as the first. */
export function wrap(text: string, width: number | undefined): string[] {
  if (width === undefined || text.length <= width) return [text];
  const indent = /^\s*/.exec(text)![0];
  const words = text.trim().split(/\s+/);
  const lines: string[] = [];
  let current = indent;
  for (const word of words) {
    if (current.trim() && current.length + 1 + word.length > width) {
      lines.push(current);
      current = indent + word;
    } else current = current.trim() ? `${current} ${word}` : indent + word;
  }
  lines.push(current);
  return lines;
}
