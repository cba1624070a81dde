// vigil's public API.
export { defineConfig } from "./config/define.js";
export type { VigilConfig, VigilConfigInput } from "./config/schema/index.js";
export { configSchema } from "./config/schema/index.js";
export { loadConfig } from "./config/load.js";
export { parseConfig } from "./config/parse.js";
export { ConfigError, type Diagnostic } from "./config/diagnostics.js";
export { generate, type Generated } from "./pipeline.js";
export { runCli } from "./cli/main.js";
