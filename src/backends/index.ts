// The registry of metrics backends: config `metrics.backend` picks one. A backend is one folder
// here implementing MetricsBackend (types.ts).
import type { Stack } from "../model/stack.js";
import type { MetricsBackend, MetricsBackendName } from "./types.js";
import { victoriaMetrics } from "./victoria-metrics/index.js";
import { prometheus } from "./prometheus/index.js";

export const METRICS_BACKENDS: Record<MetricsBackendName, MetricsBackend> = {
  "victoria-metrics": victoriaMetrics,
  prometheus,
};

export const metricsBackend = (stack: Pick<Stack, "config">): MetricsBackend => METRICS_BACKENDS[stack.config.metrics.backend];
