// Finds and reads the user's config file: vigil.config.ts (defineConfig) or vigil.yaml.
// The only file access of the config layer.
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { LineCounter, isMap, isSeq, parseDocument, type Node } from "yaml";
import { createJiti } from "jiti";
import { type Diagnostic, ConfigError } from "./diagnostics.js";
import { parseConfig } from "./parse.js";
import type { VigilConfig } from "./schema/index.js";

export const CONFIG_FILES = ["vigil.config.ts", "vigil.config.mts", "vigil.config.js", "vigil.config.mjs", "vigil.yaml", "vigil.yml"];

export interface LoadedConfig {
  config: VigilConfig;
  /** The file read, relative to cwd; undefined when no file exists and the defaults apply. */
  file?: string;
  warnings: Diagnostic[];
}

export function findConfigFile(cwd: string): string | undefined {
  const found = CONFIG_FILES.filter((f) => existsSync(join(cwd, f)));
  if (found.length > 1) {
    throw new ConfigError([
      { severity: "error", path: "", message: `more than one config file: ${found.join(", ")}; keep one of them` },
    ]);
  }
  return found[0];
}

/** Resolves a dotted config path to "file:line:col" in a YAML document. */
function yamlLocator(file: string, text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  return {
    doc,
    locate(path: string): string | undefined {
      let node: Node | null | undefined = doc.contents as Node | null;
      let range = node?.range;
      for (const part of path.split(".").filter(Boolean)) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (p.key as any)?.value === part);
          if (!pair) break;
          range = (pair.key as Node | null)?.range ?? range;
          node = pair.value as Node | null;
        } else if (isSeq(node)) {
          node = node.items[Number(part)] as Node | null;
          range = node?.range ?? range;
        } else break;
      }
      if (!range) return undefined;
      const { line, col } = lineCounter.linePos(range[0]);
      return `${file}:${line}:${col}`;
    },
  };
}

async function readConfigFile(cwd: string, file: string): Promise<{ input: unknown; locate: (p: string) => string | undefined }> {
  const full = resolve(cwd, file);
  if (file.endsWith(".yaml") || file.endsWith(".yml")) {
    const text = readFileSync(full, "utf8");
    const { doc, locate } = yamlLocator(file, text);
    if (doc.errors.length) {
      throw new ConfigError(
        doc.errors.map((e) => ({ severity: "error" as const, path: "", message: `${file} is not valid YAML: ${e.message.split("\n")[0]}` })),
      );
    }
    return { input: doc.toJS() ?? {}, locate };
  }
  const jiti = createJiti(pathToFileURL(full).href, { moduleCache: false, fsCache: false });
  let mod: unknown;
  try {
    mod = await jiti.import(full, { default: true });
  } catch (e) {
    throw new ConfigError([{ severity: "error", path: "", message: `${file} could not be loaded: ${(e as Error).message.split("\n")[0]}` }]);
  }
  const input = typeof mod === "function" ? await (mod as () => unknown)() : mod;
  return { input, locate: () => undefined };
}

/** Loads the config of a project folder; no file means the default config. Throws ConfigError. */
export async function loadConfig(cwd: string, explicitFile?: string): Promise<LoadedConfig> {
  // An explicit file may be relative to the project folder or absolute.
  const file = explicitFile ? relative(cwd, resolve(cwd, explicitFile)) || explicitFile : findConfigFile(cwd);
  if (explicitFile && !existsSync(resolve(cwd, explicitFile))) {
    throw new ConfigError([{ severity: "error", path: "", message: `config file ${explicitFile} does not exist` }]);
  }
  const { input, locate } = file ? await readConfigFile(cwd, file) : { input: {}, locate: () => undefined };
  const result = parseConfig(input);
  if (!result.ok) throw new ConfigError(result.errors.map((d) => ({ ...d, location: locate(d.path) })));
  return { config: result.config, file, warnings: result.warnings };
}
