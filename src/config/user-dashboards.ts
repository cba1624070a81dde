// Reads the user's own dashboards (grafana.dashboards.folder): Grafana JSON files, or TS/JS
// modules whose default export is a dashboard model (for example built with the foundation SDK).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createJiti } from "jiti";
import { ConfigError, type Diagnostic } from "./diagnostics.js";
import type { VigilConfig } from "./schema/index.js";

export interface UserDashboard {
  file: string;
  json: Record<string, unknown>;
}

/**
 * `configFile` (relative to cwd) is the file the config came from: the folder is resolved next to
 * it, as the docs say, wherever vigil runs from; without a file, next to cwd.
 */
export async function loadUserDashboards(cwd: string, config: VigilConfig, configFile?: string): Promise<UserDashboard[]> {
  const spec = config.grafana.dashboards;
  if (!spec) return [];
  const base = configFile ? dirname(resolve(cwd, configFile)) : cwd;
  const dir = resolve(base, spec.folder);
  const path = "grafana.dashboards.folder";
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ConfigError([{ severity: "error", path, message: `${path}: "${spec.folder}" is not a folder next to the config` }]);
  }
  const errors: Diagnostic[] = [];
  const out: UserDashboard[] = [];
  const jiti = createJiti(pathToFileURL(join(cwd, "x.ts")).href, { moduleCache: false, fsCache: false });
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const file = relative(cwd, full);
    let json: unknown;
    try {
      if (name.endsWith(".json")) json = JSON.parse(readFileSync(full, "utf8"));
      else if (/\.(ts|mts|js|mjs)$/.test(name)) {
        const mod = await jiti.import(full, { default: true });
        json = typeof mod === "function" ? await (mod as () => unknown)() : mod;
        if (json && typeof (json as { build?: unknown }).build === "function") json = (json as { build: () => unknown }).build();
      } else continue;
    } catch (e) {
      errors.push({ severity: "error", path, message: `${file}: could not be read: ${(e as Error).message.split("\n")[0]}` });
      continue;
    }
    const uid = (json as { uid?: unknown })?.uid;
    if (!json || typeof json !== "object" || typeof uid !== "string" || !/^[a-zA-Z0-9_-]{1,40}$/.test(uid)) {
      errors.push({ severity: "error", path, message: `${file}: a dashboard needs a "uid" of letters, digits, - and _ (at most 40), so that Grafana keeps its URL` });
      continue;
    }
    if ("gnetId" in json && (json as { gnetId?: unknown }).gnetId) {
      errors.push({ severity: "error", path, message: `${file}: "gnetId" makes Grafana download the dashboard at start; remove it, the JSON itself is the dashboard` });
      continue;
    }
    out.push({ file, json: json as Record<string, unknown> });
  }
  if (errors.length) throw new ConfigError(errors);
  return out;
}
