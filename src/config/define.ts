import type { VigilConfigInput } from "./schema/index.js";

/** Typed helper for vigil.config.ts: `export default defineConfig({ ... })`. */
export function defineConfig(config: VigilConfigInput): VigilConfigInput {
  return config;
}
