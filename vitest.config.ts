import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The real tools (promtool runs ~80 rule unit tests) take seconds, not milliseconds.
    testTimeout: 60_000,
    // The end-to-end tests start real processes and wait for their first samples.
    hookTimeout: 90_000,
  },
});
