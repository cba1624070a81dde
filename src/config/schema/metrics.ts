// The metrics backend: which store, scraper and rule evaluator the stack runs.
import { z } from "zod";
import { METRICS_BACKEND_NAMES } from "../../backends/types.js";

export const metricsSchema = z
  .strictObject({
    backend: z.enum(METRICS_BACKEND_NAMES).default("victoria-metrics").meta({
      description:
        "victoria-metrics: the VictoriaMetrics operator with VMSingle, vmagent, vmalert and VMAlertmanager (victoria-metrics-k8s-stack). prometheus: the prometheus-operator with Prometheus and Alertmanager (kube-prometheus-stack, its CRDs in an app of their own).",
    }),
    retentionSize: z
      .string()
      .regex(/^\d+(\.\d+)?(K|M|G|T|P|E)i?B$/, { message: 'is not a size Prometheus reads; use e.g. "8GiB" or "500MB"' })
      .optional()
      .meta({
        description:
          "metrics.backend prometheus: delete the oldest blocks once the TSDB is this large, whatever retention.metrics says (e.g. \"8GiB\"). Default: 85% of storage.metrics.size, so a full volume never stops Prometheus.",
      }),
  })
  .meta({ description: "The metrics backend. Both scrape the same jobs, evaluate the same rules and feed the same dashboards." });
