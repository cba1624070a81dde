// Everything derived from the config schema for people: the option reference in docs/,
// schema.json for YAML editors, and the commented starter config `vigil init` writes.
import { z } from "zod";
import { configSchema } from "./schema/index.js";

export interface OptionDoc {
  path: string;
  type: string;
  default: unknown;
  description: string;
  /** Has options below it. */
  section: boolean;
}

function describe(s: any): string | undefined {
  return (z.globalRegistry.get(s) as { description?: string } | undefined)?.description;
}

function valueAt(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), obj);
}

function typeName(s: any): string {
  const def = s._zod.def;
  switch (def.type) {
    case "enum":
      return Object.values(def.entries).map((v) => JSON.stringify(v)).join(" | ");
    case "record":
      return "map";
    case "object":
      return "object";
    case "int":
      return "integer";
    default:
      return def.type === "number" && s._zod.bag?.format?.includes("int") ? "integer" : def.type;
  }
}

/** Walks the schema: one entry per option, in declaration order. */
export function optionDocs(schema: z.ZodType = configSchema): OptionDoc[] {
  const defaults = configSchema.parse({});
  const out: OptionDoc[] = [];
  const walk = (s: any, path: string[]) => {
    let description = describe(s);
    // An option inside an optional section has no value in the parsed defaults; its own
    // default (when it has one) applies once the section is set.
    let own: unknown;
    while (s._zod.def.innerType) {
      if (s._zod.def.type === "default" && own === undefined) own = s._zod.def.defaultValue;
      s = s._zod.def.innerType;
      description ??= describe(s);
    }
    const def = s._zod.def;
    if (path.length) {
      const value = valueAt(defaults, path) ?? (def.type === "object" ? undefined : own);
      out.push({ path: path.join("."), type: typeName(s), default: value, description: description ?? "", section: def.type === "object" });
    }
    if (def.type === "object") for (const [k, v] of Object.entries(def.shape)) if (k !== "$schema") walk(v, [...path, k]);
  };
  walk(schema, []);
  return out;
}

export function jsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
}

const fmt = (v: unknown) => (v === undefined ? "—" : "`" + JSON.stringify(v) + "`");

/** docs/configuration.md: the reference of every option. */
export function configReference(): string {
  const lines = [
    "<!-- Generated from src/config/schema by `npm run docs`; a test fails when it is out of date. -->",
    "# Configuration reference",
    "",
    "Every option is optional: with no config file at all, vigil generates the default single-node K3s stack.",
    "Write `vigil.config.ts` (`export default defineConfig({ ... })`, typed) or `vigil.yaml` (add `# yaml-language-server: $schema=./node_modules/vigil-homelab/schema.json` for completion).",
    "",
  ];
  const docs = optionDocs();
  const option = (o: OptionDoc) => `- **\`${o.path}\`** (${o.type}, default ${fmt(o.default)}): ${o.description}`;
  // Top-level options first, then one section per group.
  lines.push("## General", "", ...docs.filter((o) => !o.section && !o.path.includes(".")).map(option), "");
  for (const o of docs) {
    if (o.section) lines.push(`## \`${o.path}\``, "", o.description, "");
    else if (o.path.includes(".")) lines.push(option(o));
  }
  return lines.join("\n").replace(/\n(## )/g, "\n\n$1").replace(/\n{3,}/g, "\n\n") + "\n";
}

/** The starter config `vigil init` writes: every option, commented out, with its default. */
/** Where the reference of every option is, for a project that installed the package. */
const REFERENCE = "node_modules/vigil-homelab/docs/configuration.md";

/**
 * The config `vigil init` writes: the few options most homelabs set, with their defaults (it builds
 * as is), and the receivers and heartbeat commented out with the shape of a Secret reference.
 */
export function shortStarterConfig(format: "ts" | "yaml", repoURL?: string): string {
  const repo = repoURL ?? "https://github.com/example/homelab.git";
  const repoNote = repoURL ? "the origin of this repository" : "set it to where Argo CD reaches this repository (git remote get-url origin)";
  if (format === "yaml") {
    return [
      "# yaml-language-server: $schema=./node_modules/vigil-homelab/schema.json",
      "# vigil's config: every option has a default; these are the ones most homelabs set.",
      `# Every option: ${REFERENCE}, or \`vigil init --full --yaml\` for a commented reference.`,
      "cluster:",
      "  name: homelab          # the `cluster` label of every series and alert",
      "  distribution: k3s      # or talos",
      "  nodes: 1",
      "gitops:",
      "  target: argocd         # or flux",
      `  repoURL: ${repo}   # ${repoNote}`,
      "storage:",
      "  storageClass: local-path",
      "alerting:",
      "  receivers: {}",
      "  # Where alerts go. A credential is never written here: it is a key of a Secret you create",
      "  # (`vigil secrets` prints how), e.g.",
      "  # receivers:",
      "  #   discord:",
      "  #     webhookUrl: { secret: { name: alertmanager-receivers, key: discord-webhook-url } }",
      "  # heartbeat:   # a dead man's switch (healthchecks.io): it tells you when alerting is dead",
      "  #   url: { secret: { name: alertmanager-receivers, key: heartbeat-url } }",
      "",
    ].join("\n");
  }
  return [
    'import { defineConfig } from "vigil-homelab";',
    "",
    "// vigil's config: every option has a default; these are the ones most homelabs set.",
    `// Every option: ${REFERENCE} (your editor completes and checks them), or \`vigil init --full\`.`,
    "export default defineConfig({",
    '  cluster: { name: "homelab", distribution: "k3s", nodes: 1 },',
    `  gitops: { target: "argocd", repoURL: ${JSON.stringify(repo)} }, // ${repoNote}`,
    '  storage: { storageClass: "local-path" },',
    "  alerting: {",
    "    // Where alerts go. A credential is never written here: it is a key of a Secret you create",
    "    // (`vigil secrets` prints how), e.g.",
    '    //   discord: { webhookUrl: { secret: { name: "alertmanager-receivers", key: "discord-webhook-url" } } },',
    "    receivers: {},",
    "    // A dead man's switch (healthchecks.io): it tells you when alerting itself is dead.",
    '    // heartbeat: { url: { secret: { name: "alertmanager-receivers", key: "heartbeat-url" } } },',
    "  },",
    "});",
    "",
  ].join("\n");
}

/** `vigil init --full`: every option, commented, with its default (options without one say so). */
export function starterConfig(format: "ts" | "yaml"): string {
  const ts = format === "ts";
  const c = ts ? "//" : "#";
  const lines: string[] = ts
    ? ['import { defineConfig } from "vigil-homelab";', "", "// Every option is optional; each line shows its default. Uncomment what you change.", "// Options shown as (not set) have no default: their description says what to give.", `// Reference: ${REFERENCE}`, "export default defineConfig({"]
    : ["# yaml-language-server: $schema=./node_modules/vigil-homelab/schema.json", "# Every option is optional; each line shows its default. Uncomment what you change.", "# Options shown as (not set) have no default: their description says what to give.", `# Reference: ${REFERENCE}`];
  const base = ts ? "  " : "";
  const pad = (depth: number) => base + "  ".repeat(depth);
  const open: string[] = [];
  const close = (upTo: number) => {
    while (open.length > upTo) {
      open.pop();
      if (ts) lines.push(`${pad(open.length)}${c} },`);
    }
  };
  for (const o of optionDocs()) {
    const parts = o.path.split(".");
    let keep = 0;
    while (keep < open.length && open[keep] === parts[keep]) keep++;
    close(Math.min(keep, parts.length - 1));
    const key = parts[parts.length - 1]!;
    const depth = parts.length - 1;
    if (o.section) {
      lines.push(`${pad(depth)}${c} ${o.description}`, `${pad(depth)}${c} ${key}:${ts ? " {" : ""}`);
      open.push(key);
      continue;
    }
    const value = o.default === undefined ? `(not set)` : `${JSON.stringify(o.default)}${ts ? "," : ""}`;
    lines.push(`${pad(depth)}${c} ${o.description}`, `${pad(depth)}${c} ${key}: ${value}`);
  }
  close(0);
  if (ts) lines.push("});");
  return lines.join("\n") + "\n";
}
