// Loads vigil.config.ts (or .mts/.js/.mjs) in a child Node process with a time limit: the config is
// the user's code, and whatever it does (throws, rejects, calls process.exit, never finishes, has a
// syntax or type-stripping error) must end as a config error with the file and, where known, the
// line and column, never as vigil's own crash, hang or exit code.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "./diagnostics.js";

/** How long the config may take to give its value ($VIGIL_CONFIG_TIME_LIMIT_MS, default 10 s). */
export const configTimeLimitMs = () => Number(process.env.VIGIL_CONFIG_TIME_LIMIT_MS) || 10_000;
const MARK = "--vigil-config-result--";

/** vigil's own entry point, which configs import: the built dist/index.js (src/index.ts only in a checkout not built yet). */
const PACKAGE_ENTRY = ((built) => (existsSync(built) ? built : fileURLToPath(new URL("../../src/index.ts", import.meta.url))))(fileURLToPath(new URL("../../dist/index.js", import.meta.url)));

/** The child: jiti loads the file, a default export that is a function is called and awaited. */
const CHILD = `
const [jitiPath, file, mark, entry] = process.argv.slice(1);
const { createJiti } = await import(jitiPath);
const out = (o) => process.stdout.write(mark + JSON.stringify(o) + mark);
try {
  // The config imports defineConfig from vigil's package: resolved to this vigil, installed locally or not.
  const jiti = createJiti(file, { moduleCache: false, fsCache: false, sourceMaps: true, alias: { "vigil-homelab": entry, vigil: entry } });
  let value = await jiti.import(file, { default: true });
  if (typeof value === "function") value = await value();
  out({ ok: true, value: value === undefined ? null : value });
} catch (e) {
  const error = e instanceof Error ? e : undefined;
  out({ ok: false, message: error ? error.message : "it threw " + (typeof e === "object" ? JSON.stringify(e) ?? String(e) : String(e)), stack: error?.stack ?? "", loc: error?.loc ?? null });
}
process.exit(0);
`;

/** The first "file:line:col" of the config file in an error's text. */
function position(file: string, full: string, text: string, loc: { line?: number; column?: number } | null): string | undefined {
  if (loc?.line && loc.line > 0) return `${file}:${loc.line}:${(loc.column ?? 0) + 1}`;
  const escaped = full.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(text) ?? /\((\d+):(\d+)\)/.exec(text);
  return m ? `${file}:${m[1]}:${m[2]}` : undefined;
}

export function loadTsConfig(cwd: string, full: string): unknown {
  const file = relative(cwd, full) || full;
  const fail = (message: string, location?: string): never => {
    throw new ConfigError([{ severity: "error", path: "", message: `${file}: ${message}`, ...(location ? { location } : {}) }]);
  };
  const jitiPath = createRequire(import.meta.url).resolve("jiti");
  const r = spawnSync(process.execPath, ["--input-type=module", "--enable-source-maps", "-e", CHILD, jitiPath, full, MARK, PACKAGE_ENTRY], {
    cwd,
    encoding: "utf8",
    timeout: configTimeLimitMs(),
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT") fail(`did not give its config within ${configTimeLimitMs() / 1000} seconds (an endless loop, or a promise that never settles?)`);
  const parts = (r.stdout ?? "").split(MARK);
  // Node ends with 13 when the top-level promise can never settle.
  if (parts.length < 3 && r.status === 13) fail("gave a promise that never settles");
  if (parts.length < 3) {
    fail(`ended (exit code ${r.status ?? r.signal}) before giving its config: a config must not call process.exit${r.stderr ? `; it printed: ${r.stderr.trim().split("\n")[0]!.slice(0, 300)}` : ""}`);
  }
  let result: { ok: boolean; value?: unknown; message?: string; stack?: string; loc?: { line?: number; column?: number } | null };
  try {
    result = JSON.parse(parts[1]!);
  } catch {
    return fail("gave a value that is not plain data");
  }
  if (!result.ok) {
    if (/Maximum call stack size exceeded/.test(result.message ?? "")) fail("is nested too deeply to be a config");
    const first = (result.message ?? "").split("\n")[0]!.replace(full, file).replace(/^undefined: /, "").slice(0, 500);
    fail(`could not be loaded: ${first}`, position(file, full, `${result.message}\n${result.stack}`, result.loc ?? null));
  }
  return result.value;
}
