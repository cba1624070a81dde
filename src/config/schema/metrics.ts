// The metrics backend: which store, scraper and rule evaluator the stack runs.
import { z } from "zod";
import { METRICS_BACKEND_NAMES } from "../../backends/types.js";

export const metricsSchema = z
  .strictObject({
    backend: z.enum(METRICS_BACKEND_NAMES).default("victoria-metrics").meta({
      description:
        "victoria-metrics: the VictoriaMetrics operator with VMSingle, vmagent, vmalert and VMAlertmanager (victoria-metrics-k8s-stack). prometheus: the prometheus-operator with Prometheus and Alertmanager (kube-prometheus-stack, its CRDs in an app of their own).",
    }),
  })
  .meta({ description: "The metrics backend. Both scrape the same jobs, evaluate the same rules and feed the same dashboards." });
