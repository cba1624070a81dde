// Traces (with components.traces): the collector in front of Tempo, its sampling, and Tempo's
// metrics generator.
import { z } from "zod";

export const tracesSchema = z
  .strictObject({
    collector: z.boolean().default(true).meta({
      description:
        "Grafana Alloy as the collector your apps send spans to (a Deployment `trace-collector`, OTLP on :4317 gRPC and :4318 HTTP): it samples (traces.sampleRate), adds the pod's namespace, name and node from the Kubernetes API, batches, and forwards to Tempo. false: apps send to Tempo itself, every span kept.",
    }),
    sampleRate: z.number().min(0.01).max(100).default(10).meta({
      description:
        "Percent of traces the collector keeps (default 10). The decision follows the trace ID, so every span of a kept trace is kept, across services (Alloy's otelcol.processor.probabilistic_sampler). 100 keeps all.",
    }),
    zipkin: z.boolean().default(false).meta({ description: "The collector also receives Zipkin spans (:9411, /api/v2/spans)." }),
    metricsGenerator: z.boolean().default(true).meta({
      description:
        "Tempo's metrics generator: request rate, errors and latency per service and span (span metrics, `traces_spanmetrics_*`) and the calls between services (service graphs, `traces_service_graph_*`), remote-written to the metrics store; Grafana's service map and traces-to-metrics links read them.",
    }),
  })
  .meta({ description: "Traces end to end (with components.traces): collector, sampling and Tempo's metrics generator." });
