// Turns schema issues into messages a homelab user can act on: the config path, the bad value,
// and what is allowed. All problems are collected and reported together.
import type { z } from "zod";
import { closest, distance } from "fastest-levenshtein";

export interface Diagnostic {
  severity: "error" | "warning";
  /** Dotted config path, e.g. "storage.metrics.size"; "" for the whole config. */
  path: string;
  message: string;
  /** "file:line:col" when the config came from a file that keeps positions (YAML). */
  location?: string;
}

export class ConfigError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "ConfigError";
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.message}${d.location ? `  (${d.location})` : ""}`;
}

export const dotted = (path: readonly PropertyKey[]) =>
  path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");

/** Longest bad value shown in full; a longer one is cut (a 5 MiB paste must not fill a CI log). */
const MAX_SHOWN = 80;

/** A short, readable rendering of a bad value. */
export function show(value: unknown): string {
  if (typeof value === "string") return value.length <= MAX_SHOWN ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, MAX_SHOWN))}... (${value.length} characters)`;
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a mapping of options",
  array: "a list",
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as string];
  }
  return v;
}

/** The option names a strict object at `path` accepts, found by walking the schema. */
export function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: any = schema;
  const unwrap = () => {
    while (s?._zod?.def?.innerType) s = s._zod.def.innerType;
  };
  unwrap();
  for (const p of path) {
    if (s?._zod?.def?.type === "object") s = s._zod.def.shape[p as string];
    else if (s?._zod?.def?.type === "record") s = s._zod.def.valueType;
    else return [];
    unwrap();
  }
  return s?._zod?.def?.type === "object" ? Object.keys(s._zod.def.shape) : [];
}

export function didYouMean(key: string, allowed: string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  // A name cut short ("NodeHighMem") means the one it starts.
  const prefixed = allowed.filter((a) => a.toLowerCase().startsWith(key.toLowerCase())).sort((a, b) => a.length - b.length);
  if (prefixed.length && key.length >= 3) return prefixed[0];
  const best = closest(key, allowed);
  return distance(key.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

export function issuesToDiagnostics(schema: z.ZodType, issues: z.core.$ZodIssue[], input: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    const path = issue.path;
    const where = dotted(path);
    const prefix = where ? `${where}: ` : "";
    const value = valueAt(input, path);
    switch (issue.code) {
      case "unrecognized_keys": {
        const allowed = allowedKeys(schema, path);
        for (const key of issue.keys) {
          const guess = didYouMean(key, allowed);
          out.push({
            severity: "error",
            path: dotted([...path, key]),
            message: `${dotted([...path, key]).slice(0, 200)}: unknown option${guess ? `; did you mean "${guess}"?` : ""} (allowed: ${allowed.length > 25 ? `${allowed.slice(0, 25).join(", ")}, ... (${allowed.length} in all; docs/configuration.md)` : allowed.join(", ")})`,
          });
        }
        break;
      }
      case "invalid_value": {
        const allowed = issue.values.map((v) => JSON.stringify(v)).join(", ");
        out.push({ severity: "error", path: where, message: `${prefix}${show(value)} is not allowed; use one of ${allowed}` });
        break;
      }
      case "invalid_type": {
        const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
        out.push({ severity: "error", path: where, message: value === undefined ? `${prefix}is required (${expected})` : `${prefix}${show(value)} is not ${expected}` });
        break;
      }
      case "invalid_key": {
        // A key of a map that its key schema refuses: say the key and why.
        const key = path[path.length - 1];
        const why = (issue.issues ?? []).map((i) => i.message).join(", ");
        out.push({ severity: "error", path: where, message: `${prefix}the key ${JSON.stringify(String(key))} ${why || "is not allowed here"}` });
        break;
      }
      case "invalid_union": {
        if (value === undefined) {
          out.push({ severity: "error", path: where, message: `${prefix}is required` });
          break;
        }
        // A value of the type of only one form (a mapping where a mapping or a list is accepted) is
        // told what is wrong in that form, at the exact path.
        const wrongType = (branch: z.core.$ZodIssue[]) => branch.length === 1 && branch[0]!.code === "invalid_type" && branch[0]!.path.length === 0;
        const fitting = (issue.errors ?? []).filter((b) => !wrongType(b));
        if (fitting.length === 1) {
          out.push(...issuesToDiagnostics(schema, fitting[0]!.map((i) => ({ ...i, path: [...path, ...i.path] })), input));
          break;
        }
        // Each accepted form, said by what is wrong with the value in it (paths relative to the value).
        const forms = (issue.errors ?? []).map((branch) => issuesToDiagnostics(schema, branch, value).map((d) => d.message).join(", ")).filter(Boolean);
        out.push({ severity: "error", path: where, message: `${prefix}${show(value)} fits none of the accepted forms${forms.length ? ` (${forms.join(" | ")})` : ""}` });
        break;
      }
      case "too_small":
      case "too_big": {
        const bound = issue.code === "too_small" ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
        const what = issue.origin === "string" ? `${bound} characters long` : issue.origin === "array" ? `${bound} items` : bound;
        out.push({ severity: "error", path: where, message: `${prefix}${show(value)} is too ${issue.code === "too_small" ? "small" : "big"}; use ${what}` });
        break;
      }
      default:
        // Formats and refinements carry their own wording ("is not a Kubernetes quantity; use ...").
        // A credential is never echoed: it would land in CI logs.
        out.push({ severity: "error", path: where, message: `${prefix}${(issue as { params?: { redact?: boolean } }).params?.redact ? "the value (not shown)" : show(value)} ${issue.message}` });
    }
  }
  return out;
}
