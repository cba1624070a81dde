// The monitoring stack watches itself: the metrics backend's parts (its selfMonitoring), the log
// store and the log agent, each scraped by vigil under a job of its own.
import { defineComponent } from "./types.js";
import { metricsBackend } from "../backends/index.js";
import { logAgentOf, logStoreOf, shipsLogs } from "../backends/logs.js";

export default defineComponent({
  name: "self-monitoring",
  description: "scrapes of the monitoring stack itself",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    // The metrics backend's own parts first: its store, scraper, ruler and Alertmanager.
    metricsBackend(stack).selfMonitoring(ctx);
    // Then the log store's and the log agent's (src/backends/logs.ts).
    if (stack.enabled.logs) logStoreOf(stack).selfMonitoring(ctx);
    if (shipsLogs(stack)) logAgentOf(stack).selfMonitoring?.(ctx);
  },
});
