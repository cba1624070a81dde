// Reads the upstream reference data (../shared/reference) for the contract tests: CRD schemas
// made strict for ajv, and the default values.yaml of each pinned chart.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, parse } from "yaml";
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { Ajv, type ValidateFunction } from "ajv";
import { REFERENCE_DIR } from "./helpers.js";

type Schema = Record<string, any>;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

/**
 * Go's inline case-insensitive flag `(?i)` (prometheus-operator's ScrapeConfig and AlertmanagerConfig
 * CRDs use it) has no JavaScript equivalent in a JSON-schema pattern: each letter after it becomes
 * a class of both cases.
 */
export function goPattern(pattern: string): string {
  const at = pattern.indexOf("(?i)");
  if (at < 0) return pattern;
  const rest = pattern.slice(at + 4).replace(/(\\.)|([a-zA-Z])/g, (m, escaped: string | undefined, letter: string | undefined) => (escaped ? m : `[${letter!.toLowerCase()}${letter!.toUpperCase()}]`));
  return goPattern(pattern.slice(0, at) + rest);
}

/** A structural schema made strict: unknown fields are errors, as kubectl's field validation. */
export function strictSchema(s: Schema): Schema {
  if (!s || typeof s !== "object") return s;
  const o: Schema = { ...s };
  if (typeof o.pattern === "string") o.pattern = goPattern(o.pattern);
  if (o["x-kubernetes-int-or-string"]) {
    delete o.type;
    o.anyOf = [{ type: "integer" }, { type: "string" }];
  }
  if (o.properties) {
    o.properties = Object.fromEntries(Object.entries(o.properties).map(([k, v]) => [k, strictSchema(v as Schema)]));
    if (!o["x-kubernetes-preserve-unknown-fields"] && o.additionalProperties === undefined) o.additionalProperties = false;
  }
  if (o.items) o.items = strictSchema(o.items);
  if (o.additionalProperties && typeof o.additionalProperties === "object") o.additionalProperties = strictSchema(o.additionalProperties);
  for (const k of ["anyOf", "oneOf", "allOf"]) if (o[k]) o[k] = o[k].map(strictSchema);
  if (o.nullable) {
    delete o.nullable;
    if (o.type) o.type = ([] as unknown[]).concat(o.type, "null");
  }
  for (const k of Object.keys(o)) if (k.startsWith("x-kubernetes-")) delete o[k];
  return o;
}

export interface CrdIndex {
  /** "group/version/Kind" -> whole-object schema */
  objects: Map<string, Schema>;
  /** Kind -> spec schema of the storage version */
  specs: Map<string, Schema>;
}

let crdIndex: CrdIndex | undefined;
export function crds(): CrdIndex {
  if (crdIndex) return crdIndex;
  const objects = new Map<string, Schema>();
  const specs = new Map<string, Schema>();
  for (const f of files(join(REFERENCE_DIR, "crds"))) {
    for (const doc of parseAllDocuments(readFileSync(f, "utf8"))) {
      const crd = doc.toJS();
      if (crd?.kind !== "CustomResourceDefinition") continue;
      for (const v of crd.spec.versions ?? []) {
        const schema = v.schema?.openAPIV3Schema;
        if (!schema) continue;
        const strict = strictSchema(schema);
        strict.properties = { ...strict.properties, apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" } };
        objects.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, strict);
        if (v.storage && schema.properties?.spec) specs.set(crd.spec.names.kind, schema.properties.spec);
      }
    }
  }
  crdIndex = { objects, specs };
  return crdIndex;
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const compiled = new Map<Schema, ValidateFunction>();
export function validateWith(schema: Schema, value: unknown): string[] {
  if (!compiled.has(schema)) compiled.set(schema, ajv.compile(schema));
  const v = compiled.get(schema)!;
  if (v(value)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${(e.params as any)?.additionalProperty ? ` '${(e.params as any).additionalProperty}'` : ""}`);
}

/**
 * Custom resources whose CRD is not in the reference data, validated with the models
 * kubernetes-models generates from the upstream CRDs (npm, a dev dependency).
 */
const MODEL_VALIDATORS: Record<string, (object: object) => void> = {
  "external-secrets.io/v1/ExternalSecret": (o) => new ExternalSecret(o as ConstructorParameters<typeof ExternalSecret>[0]).validate(),
};

/** Validates a custom resource against its upstream CRD; undefined when there is no CRD for it. */
export function validateCustomResource(object: { apiVersion: string; kind: string }): string[] | undefined {
  const [group, version] = object.apiVersion.split("/");
  const schema = crds().objects.get(`${group}/${version}/${object.kind}`);
  if (schema) return validateWith(schema, object);
  const model = MODEL_VALIDATORS[`${object.apiVersion}/${object.kind}`];
  if (!model) return undefined;
  try {
    model(object);
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

export function validateSpec(kind: string, spec: unknown): string[] {
  const schema = crds().specs.get(kind);
  if (!schema) return [`no CRD for ${kind}`];
  const strict = strictSchema(schema);
  delete strict.required;
  return validateWith(strict, spec);
}

export function chartValues(chart: string, version: string): Schema {
  const file = join(REFERENCE_DIR, "charts", chart, version, "values.yaml");
  if (!existsSync(file)) throw new Error(`no reference values for ${chart} ${version}`);
  return parse(readFileSync(file, "utf8")) ?? {};
}

export function chartDependencies(chart: string, version: string): { name: string; alias?: string }[] {
  const file = join(REFERENCE_DIR, "charts", chart, version, "Chart.yaml");
  return (parse(readFileSync(file, "utf8"))?.dependencies ?? []) as { name: string; alias?: string }[];
}
