// A small emitter of Nix values (attribute sets, lists, strings, numbers, booleans) for the NixOS
// module snippet of a fleet host. Strings are escaped so that nothing in them is interpolated.

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_'-]*$/;

/** A Nix string literal: backslash, quote and `${` escaped. */
export const nixString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\$\{/g, "\\${").replace(/\n/g, "\\n")}"`;

const key = (k: string) => (IDENTIFIER.test(k) ? k : nixString(k));

export function toNix(value: unknown, indent = ""): string {
  const inner = `${indent}  `;
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return nixString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length ? `[\n${value.map((v) => `${inner}${toNix(v, inner)}`).join("\n")}\n${indent}]` : "[ ]";
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (!entries.length) return "{ }";
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)} = ${toNix(v, inner)};`).join("\n")}\n${indent}}`;
}
