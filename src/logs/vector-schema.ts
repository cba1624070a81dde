// The options of the Vector components vigil uses, from Vector's component reference
// (vector.dev/docs/reference/configuration/: sources kubernetes_logs, journald, internal_metrics;
// transforms remap, filter; sinks elasticsearch, prometheus_exporter). Strict: an option Vector does
// not have, a wrong type or enum value, or an input that names no component is an error.
import { z } from "zod";

const id = z.string().regex(/^[a-zA-Z0-9_-]+$/);
const inputs = z.array(id).min(1);

const source = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("kubernetes_logs"),
    self_node_name: z.string().optional(),
    extra_label_selector: z.string().optional(),
    extra_namespace_label_selector: z.string().optional(),
    exclude_paths_glob_patterns: z.array(z.string()).optional(),
    glob_minimum_cooldown_ms: z.number().int().optional(),
  }),
  z.strictObject({
    type: z.literal("journald"),
    include_units: z.array(z.string().min(1)).optional(),
    exclude_units: z.array(z.string().min(1)).optional(),
    current_boot_only: z.boolean().optional(),
    journal_directory: z.string().optional(),
    data_dir: z.string().optional(),
    since_now: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal("internal_metrics"), namespace: z.string().optional(), scrape_interval_secs: z.number().positive().optional() }),
]);

const transform = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("remap"), inputs, source: z.string().min(1), drop_on_error: z.boolean().optional(), drop_on_abort: z.boolean().optional() }),
  z.strictObject({ type: z.literal("filter"), inputs, condition: z.string().min(1) }),
]);

/** Basic auth of a fleet sender at the hub's ingest; the password is an environment variable, never a value. */
const basicAuth = z.strictObject({ strategy: z.literal("basic"), user: z.string().min(1), password: z.string().regex(/^\$\{[A-Z_][A-Z0-9_]*\}$/, { message: "is not an environment variable reference like ${VAR}" }) });

const sink = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("elasticsearch"),
    inputs,
    endpoints: z.array(z.string().regex(/^https?:\/\/\S+$/)).min(1),
    auth: basicAuth.optional(),
    mode: z.enum(["bulk", "data_stream"]).optional(),
    api_version: z.enum(["auto", "v6", "v7", "v8"]).optional(),
    compression: z.enum(["none", "gzip", "zlib", "zstd", "snappy"]).optional(),
    healthcheck: z.strictObject({ enabled: z.boolean() }).optional(),
    request: z.strictObject({ headers: z.record(z.string(), z.string()).optional(), timeout_secs: z.number().optional() }).optional(),
  }),
  z.strictObject({
    type: z.literal("loki"),
    inputs,
    endpoint: z.string().regex(/^https?:\/\/\S+$/),
    auth: basicAuth.optional(),
    labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string()),
    encoding: z.strictObject({ codec: z.enum(["json", "text", "logfmt", "raw_message"]) }),
    compression: z.enum(["none", "gzip", "snappy"]).optional(),
    healthcheck: z.strictObject({ enabled: z.boolean() }).optional(),
    tenant_id: z.string().optional(),
  }),
  z.strictObject({ type: z.literal("prometheus_exporter"), inputs, address: z.string().regex(/^[\d.]+:\d+$/) }),
]);

export const vectorConfigSchema = z
  .strictObject({
    data_dir: z.string().startsWith("/"),
    api: z.strictObject({ enabled: z.boolean(), address: z.string().optional(), playground: z.boolean().optional() }).optional(),
    sources: z.record(id, source),
    transforms: z.record(id, transform).optional(),
    sinks: z.record(id, sink),
  })
  .superRefine((config, ctx) => {
    // The topology: every input names a source or transform; every source and transform is read.
    const producers = new Set([...Object.keys(config.sources), ...Object.keys(config.transforms ?? {})]);
    const read = new Set<string>();
    for (const [kind, components] of [["transforms", config.transforms ?? {}], ["sinks", config.sinks]] as const) {
      for (const [name, c] of Object.entries(components)) {
        for (const input of (c as { inputs: string[] }).inputs) {
          read.add(input);
          if (!producers.has(input)) ctx.addIssue({ code: "custom", path: [kind, name, "inputs"], message: `input "${input}" is no source or transform` });
        }
      }
    }
    for (const p of producers) if (!read.has(p)) ctx.addIssue({ code: "custom", path: [p], message: `component "${p}" is read by nothing` });
  });
