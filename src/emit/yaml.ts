// The one YAML writer: stable key order, no line folding, a header naming the source.
import { stringify } from "yaml";

/** Keys that lead a Kubernetes object, in this order; everything else follows sorted. */
const LEADING_KEYS = ["apiVersion", "kind", "metadata", "spec", "data", "stringData"];

function rank(key: string): number {
  const i = LEADING_KEYS.indexOf(key);
  return i === -1 ? LEADING_KEYS.length : i;
}

/**
 * Returns a copy with map keys in canonical order, recursively: sorted, except that objects with
 * an apiVersion (Kubernetes objects, Chart.yaml) lead with apiVersion, kind, metadata, spec.
 */
export function canonical<T>(value: T): T {
  if (Array.isArray(value)) return value.map(canonical) as T;
  if (value === null || typeof value !== "object") return value;
  const isObject = "apiVersion" in (value as object);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (isObject ? rank(a) - rank(b) : 0) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)])) as T;
}

export function toYaml(value: unknown): string {
  return stringify(canonical(value), { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, indentSeq: true });
}

export function header(lines: string[]): string {
  return lines.map((l) => `# ${l}`.trimEnd()).join("\n") + "\n";
}

/** Several documents in one file, each separated by ---. */
export function toYamlDocuments(values: unknown[]): string {
  return values.map((v) => `---\n${toYaml(v)}`).join("");
}
