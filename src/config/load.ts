// Finds and reads the user's config file: vigil.config.ts (defineConfig) or vigil.yaml.
// The only file access of the config layer.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { LineCounter, isMap, isSeq, parseDocument, type Node } from "yaml";
import { loadTsConfig } from "./load-ts.js";
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

/** The root of the git repository that holds `dir` (a folder with .git, a folder or a worktree's file), or undefined. */
export function gitRootOf(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * The config file for a command run in `cwd`: in cwd, or (as eslint and vite look for theirs) in
 * the nearest folder above it inside the same git repository. Relative to cwd ("../vigil.yaml").
 */
export function findConfigUpward(cwd: string): string | undefined {
  const root = gitRootOf(cwd);
  for (let d = resolve(cwd); ; d = dirname(d)) {
    const found = findConfigFile(d);
    if (found) return relative(cwd, join(d, found)).split(sep).join("/");
    if (!root || d === root || dirname(d) === d) return undefined;
  }
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

/** Largest config file read: a config is a page of settings, not data. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The file's text, refusing what is not UTF-8 (a UTF-16 file, a Latin-1 byte) with where and why. */
function readUtf8(file: string, bytes: Buffer): string {
  const fail = (message: string, location?: string): never => {
    throw new ConfigError([{ severity: "error", path: "", message: `${file} ${message}`, ...(location ? { location } : {}) }]);
  };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.subarray(0, 64).includes(0)) fail("is UTF-16 (or binary); save it as UTF-8");
  let body = bytes;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) fail("starts with two byte-order marks; save it as UTF-8 (without a BOM)");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    // Find the first byte that is not UTF-8, for the position.
    let ok = 0;
    for (let end = 1; end <= body.length; end++) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(body.subarray(0, end));
        ok = end;
      } catch {
        if (end - ok > 4) break;
      }
    }
    const before = body.subarray(0, ok).toString("utf8").split("\n");
    return fail(`is not UTF-8 (the byte 0x${body[ok]?.toString(16)}, e.g. Latin-1); save it as UTF-8`, `${file}:${before.length}:${before.at(-1)!.length + 1}`);
  }
}

async function readConfigFile(cwd: string, file: string): Promise<{ input: unknown; locate: (p: string) => string | undefined; warnings: Diagnostic[] }> {
  const full = resolve(cwd, file);
  const fail = (message: string): never => {
    throw new ConfigError([{ severity: "error", path: "", message: `${file} ${message}` }]);
  };
  const stat = statSync(full);
  if (stat.isDirectory()) fail("is a folder; give the config file (vigil.yaml or vigil.config.ts)");
  if (stat.size > MAX_CONFIG_BYTES) fail(`is ${Math.round(stat.size / 1024)} KiB; a config is at most 1 MiB`);
  if (file.endsWith(".yaml") || file.endsWith(".yml")) {
    const text = readUtf8(file, readFileSync(full));
    const { doc, locate } = yamlLocator(file, text);
    if (doc.errors.length) {
      throw new ConfigError(
        doc.errors.slice(0, 20).map((e) => {
          const pos = e.linePos?.[0];
          return { severity: "error" as const, path: "", message: `${file} is not valid YAML: ${e.message.split("\n")[0]}`, ...(pos ? { location: `${file}:${pos.line}:${pos.col}` } : {}) };
        }),
      );
    }
    let input: unknown;
    try {
      // Aliases are expanded at most 100 times: an alias bomb is refused, not run.
      input = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      fail(`cannot be read: ${(e as Error).message.split("\n")[0]} (YAML aliases that expand too far)`);
    }
    const warnings: Diagnostic[] = input == null ? [{ severity: "warning", path: "", message: `${file} is empty: the defaults apply` }] : [];
    return { input: input ?? {}, locate, warnings };
  }
  readUtf8(file, readFileSync(full));
  return { input: loadTsConfig(cwd, full), locate: () => undefined, warnings: [] };
}

/** Loads the config of a project folder; no file means the default config. Throws ConfigError. */
export async function loadConfig(cwd: string, explicitFile?: string): Promise<LoadedConfig> {
  // An explicit file may be relative to the project folder or absolute.
  const file = explicitFile ? relative(cwd, resolve(cwd, explicitFile)) || explicitFile : findConfigUpward(cwd);
  if (explicitFile && !existsSync(resolve(cwd, explicitFile))) {
    throw new ConfigError([{ severity: "error", path: "", message: `config file ${explicitFile} does not exist` }]);
  }
  const { input, locate, warnings } = file ? await readConfigFile(cwd, file) : { input: {}, locate: () => undefined, warnings: [] };
  let result;
  try {
    result = parseConfig(input);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new ConfigError([{ severity: "error", path: "", message: `${file ?? "the config"} is nested too deeply to be a config` }]);
  }
  if (!result.ok) throw new ConfigError(result.errors.map((d) => ({ ...d, location: locate(d.path) })));
  return { config: result.config, file, warnings: [...warnings, ...result.warnings] };
}
