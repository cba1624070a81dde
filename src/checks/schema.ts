// Validates every Kubernetes object vigil emits against its schema, strictly: a field that is
// not in the schema is an error, as kubectl's default field validation reports it.
// - core kinds: kubernetes-models (types, required fields, formats) + the official client's
//   type map for unknown fields;
// - custom resources: kubernetes-models' CRD packages where one exists, and vigil's strict
//   schemas of the fields it emits (src/k8s), checked against the upstream CRDs in the tests.
import { createRequire } from "node:module";
import type { z } from "zod";
import type { KubeObject } from "../model/parts.js";
import type { Diagnostic } from "../config/diagnostics.js";
import { CHART_SPEC_SCHEMAS, CUSTOM_RESOURCE_SCHEMAS } from "../k8s/index.js";
import { valuesAfterTpl } from "../model/helm-tpl.js";
import type { EmittedRelease } from "../targets/types.js";

const require = createRequire(import.meta.url);

type Validator = (object: KubeObject) => string[];

const CUSTOM_SCHEMAS = CUSTOM_RESOURCE_SCHEMAS;

/** kubernetes-models packages holding a model for an apiVersion. */
function modelModule(apiVersion: string): string | undefined {
  if (apiVersion === "argoproj.io/v1alpha1") return "@kubernetes-models/argo-cd/argoproj.io/v1alpha1";
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "" || !group!.includes(".") || group!.endsWith(".k8s.io")) return group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  return undefined;
}

function zodProblems(schema: z.ZodType, object: unknown): string[] {
  const r = schema.safeParse(object);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const at = "/" + i.path.map(String).join("/");
    if (i.code === "unrecognized_keys") return `${at}: unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `"${k}"`).join(", ")}`;
    return `${at}: ${i.message}`;
  });
}

/** Unknown fields of a core object, from @kubernetes/client-node's attribute type maps. */
function unknownCoreFields(value: unknown, type: string, path: string, out: string[]): void {
  if (value === null || value === undefined) return;
  const k8s = require("@kubernetes/client-node");
  const arr = /^Array<(.+)>$/.exec(type);
  if (arr) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownCoreFields(v, arr[1]!, `${path}/${i}`, out));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value as object)) unknownCoreFields(v, map[1]!, `${path}/${k}`, out);
    return;
  }
  const cls = k8s[type];
  if (!cls || typeof cls.getAttributeTypeMap !== "function" || typeof value !== "object" || Array.isArray(value)) return;
  const attrs = new Map<string, string>(cls.getAttributeTypeMap().map((a: { baseName: string; type: string }) => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value as object)) {
    if (!attrs.has(k)) out.push(`${path || "/"}: unknown field "${k}"`);
    else unknownCoreFields(v, attrs.get(k)!, `${path}/${k}`, out);
  }
}

async function modelValidator(apiVersion: string, kind: string): Promise<Validator | undefined> {
  const mod = modelModule(apiVersion);
  if (!mod) return undefined;
  let Model: any;
  try {
    Model = (await import(mod))[kind];
  } catch {
    return undefined;
  }
  if (!Model) return undefined;
  const version = apiVersion.split("/").pop()!;
  const coreType = `${version[0]!.toUpperCase()}${version.slice(1)}${kind}`;
  const isCore = !apiVersion.startsWith("argoproj.io");
  return (object) => {
    const problems: string[] = [];
    try {
      new Model(object).validate();
    } catch (e: any) {
      const details: any[] = e?.errors ?? [];
      if (details.length) for (const d of details) problems.push(`${d.instancePath || "/"}: ${d.message}`);
      else problems.push(String(e?.message ?? e));
    }
    if (isCore) unknownCoreFields(object, coreType, "", problems);
    return problems;
  };
}

const cache = new Map<string, Validator | null>();

export async function validatorFor(apiVersion: string, kind: string): Promise<Validator | undefined> {
  const key = `${apiVersion}/${kind}`;
  if (!cache.has(key)) {
    const model = await modelValidator(apiVersion, kind);
    const custom = CUSTOM_SCHEMAS[key];
    if (!model && !custom) cache.set(key, null);
    else cache.set(key, (o) => [...(custom ? zodProblems(custom, o) : []), ...(model ? model(o) : [])]);
  }
  return cache.get(key) ?? undefined;
}

export interface LocatedObject {
  /** File of the tree the object is written to (or embedded in, for chart values). */
  file: string;
  object: KubeObject;
  /** Where inside the file, for objects embedded in Helm values. */
  at?: string;
}

export async function checkSchemas(objects: LocatedObject[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const { file, object, at } of objects) {
    const what = `${file}${at ? ` (${at})` : ""}: ${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    const validate = await validatorFor(String(object.apiVersion), String(object.kind));
    if (!validate) {
      out.push({ severity: "error", path: "", message: `${what}: no schema for ${object.apiVersion} ${object.kind}; vigil emits only kinds it can validate` });
      continue;
    }
    for (const p of validate(object)) out.push({ severity: "error", path: "", message: `${what}: ${p}` });
  }
  return out;
}

/** Custom-resource specs passed through chart values (e.g. the k8s-stack's `vmsingle.spec`). */
export function checkChartSpecs(releases: EmittedRelease[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of releases) {
    for (const [path, entry] of Object.entries(CHART_SPEC_SCHEMAS[r.chart] ?? {})) {
      const { kind, schema } = entry.choose?.(r.values as Record<string, unknown>) ?? entry;
      const tpl = entry.tpl;
      const value = path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), r.values);
      if (value === undefined) continue;
      for (const p of zodProblems(schema, tpl ? valuesAfterTpl(value) : value)) {
        out.push({ severity: "error", path: "", message: `${r.file} (${r.chart}.${path}): ${kind}${kind.includes(" ") ? "" : " spec"} ${p}` });
      }
    }
  }
  return out;
}
