// Tempo, the trace store (components.traces): the single binary of the tempo chart, with its
// blocks on a volume, OTLP receivers only, and a Tempo datasource in Grafana. Apps anywhere in the
// cluster send spans to tempo.<namespace>.svc:4317 (gRPC) or :4318 (HTTP).
import { CHARTS } from "../model/versions.js";
import { retentionHours } from "../config/schema/formats.js";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";
import { memoryMiB } from "../model/resources.js";
import { serviceScrape } from "../scrape/scrape.js";
import { TEMPO } from "../catalog/documented/stack.js";
import { defineComponent } from "./types.js";

/** OTLP ports of Tempo's receivers (the chart's defaults, kept). */
const OTLP = { grpc: 4317, http: 4318 };

export default defineComponent({
  name: "tempo",
  description: "Tempo single binary, the trace store",
  enabledWhen: (stack) => stack.enabled.traces,
  render(ctx) {
    const { stack } = ctx;
    const volume = ctx.volume("traces");
    const service = stack.services.tempo;
    const resources = ctx.resources("tempo", { workload: `StatefulSet/${stack.apps.traces}` });
    ctx.release(stack.apps.traces, CHARTS.tempo, {
      fullnameOverride: stack.apps.traces,
      tempo: {
        // Tempo reads Go durations: the retention in hours.
        retention: `${retentionHours(stack.retention.traces)}h`,
        reportingEnabled: false,
        resources,
        // The chart's 1 GiB ballast would put Go's first garbage collection near 2 GiB of heap,
        // far past the memory limit: no ballast, and a soft limit at 90% of the hard one instead.
        memBallastSizeMbs: 0,
        extraEnv: [{ name: "GOMEMLIMIT", value: `${Math.floor(memoryMiB(resources.limits.memory) * 0.9)}MiB` }],
        // The chart's templates read the Jaeger receivers unconditionally (templates/_ports.tpl):
        // removing them fails the render, so they keep the chart's defaults. The NetworkPolicy
        // admits spans on the OTLP ports only.
        receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP.grpc}` }, http: { endpoint: `0.0.0.0:${OTLP.http}` } } } },
        securityContext: RESTRICTED_CONTAINER,
      },
      // The chart runs it as 10001 with fsGroup; seccomp added.
      securityContext: RESTRICTED_POD,
      // The cluster's default StorageClass: the chart's values have no storageClassName.
      persistence: { enabled: true, size: volume.size },
    });
    ctx.datasource({ name: "Tempo", uid: "tempo", type: "tempo", url: service.url, access: "proxy" });
    // Any pod of the cluster may send spans; only the stack scrapes and queries it.
    for (const port of Object.values(OTLP)) ctx.allow("anywhere", { pods: "tempo", port }, "spans from the cluster's apps (OTLP)");
    ctx.allow("scraper", service, "scrape");
    ctx.scrape({
      job: "tempo",
      scrape: serviceScrape("tempo", {
        port: service.port,
        path: "/metrics",
        scheme: "http",
        namespace: stack.namespace,
        selector: stack.pods.tempo,
        portName: "tempo-prom-metrics",
      }),
      metrics: TEMPO,
      target: { where: `Service ${service.name}`, port: service.port, path: "/metrics", scheme: "http" },
      per: "cluster",
      seriesPerTarget: 600,
    });
  },
});
