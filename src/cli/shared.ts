// Loading the config and reporting diagnostics, the same way for every command.
import { ConfigError, formatDiagnostic, type Diagnostic } from "../config/diagnostics.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { loadUserDashboards, type UserDashboard } from "../config/user-dashboards.js";
import { EXIT, type Io } from "./io.js";

export const configArg = {
  config: { type: "string", description: "Config file (default: vigil.config.ts or vigil.yaml in the current folder)" },
} as const;

/** Loads the config and the user's dashboards, or prints every problem and returns the exit code. */
export async function loadOrReport(io: Io, file: string | undefined): Promise<(LoadedConfig & { userDashboards: UserDashboard[] }) | number> {
  try {
    const loaded = await loadConfig(io.cwd, file);
    return { ...loaded, userDashboards: await loadUserDashboards(io.cwd, loaded.config, loaded.file) };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err(`vigil: the config has ${e.diagnostics.length} problem${e.diagnostics.length === 1 ? "" : "s"}; nothing was written.`);
    for (const d of e.diagnostics) io.err(`  ✖ ${formatDiagnostic(d)}`);
    return EXIT.badConfig;
  }
}

export function reportDiagnostics(io: Io, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) io.err(`  ${d.severity === "error" ? "✖" : "⚠"} ${formatDiagnostic(d)}`);
}

export const sourceName = (loaded: LoadedConfig) => loaded.file ?? "its defaults (no config file)";
