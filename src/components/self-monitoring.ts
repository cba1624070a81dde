// The monitoring stack watches itself: VMSingle, vmagent, vmalert, Alertmanager, VictoriaLogs and
// Vector, each scraped by vigil under a job of its own. The operator's own self-scrapes are
// switched off (disableSelfServiceScrape) so that nothing is scraped twice.
import { defineComponent, type RenderContext } from "./types.js";
import { podScrape, serviceScrape } from "../scrape/objects.js";
import { ALERTMANAGER, LOKI, VECTOR, VICTORIALOGS, VMAGENT, VMALERT, VMSINGLE } from "../catalog/documented/stack.js";

/**
 * Services the VictoriaMetrics operator creates carry app.kubernetes.io/name=<kind> and
 * app.kubernetes.io/instance=<CR name>; their first port is always named "http" (operator v0.74
 * factory/build/service.go), for VMAlertmanager 9093 too.
 */
function operatorService(ctx: RenderContext, job: string, kind: string, portName: string, port: number, metrics: readonly string[]) {
  const { stack } = ctx;
  ctx.scrape({
    job,
    object: serviceScrape(stack, job, job, {
      port,
      path: "/metrics",
      scheme: "http",
      namespace: stack.namespace,
      selector: { "app.kubernetes.io/name": kind, "app.kubernetes.io/instance": stack.names.vm },
      portName,
    }),
    metrics,
    target: { where: `Service ${kind}-${stack.names.vm}`, port, path: "/metrics", scheme: "http" },
    per: "cluster",
    seriesPerTarget: 800,
  });
}

export default defineComponent({
  name: "self-monitoring",
  description: "scrapes of the monitoring stack itself",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    const off = { spec: { disableSelfServiceScrape: true } };
    ctx.values(stack.apps.metrics, { vmsingle: off, vmagent: off });
    operatorService(ctx, "victoriametrics", "vmsingle", "http", 8428, VMSINGLE);
    operatorService(ctx, "vmagent", "vmagent", "http", 8429, VMAGENT);
    if (stack.enabled.vmalert) {
      ctx.values(stack.apps.metrics, { vmalert: off });
      operatorService(ctx, "vmalert", "vmalert", "http", 8080, VMALERT);
    }
    if (stack.enabled.alertmanager) {
      ctx.values(stack.apps.metrics, { alertmanager: off });
      operatorService(ctx, "alertmanager", "vmalertmanager", "http", 9093, ALERTMANAGER);
    }
    if (stack.enabled.logs && stack.config.logs.backend === "loki") {
      ctx.scrape({
        job: "loki",
        object: serviceScrape(stack, "loki", "loki", {
          port: 3100,
          path: "/metrics",
          scheme: "http",
          namespace: stack.namespace,
          selector: { "app.kubernetes.io/name": "loki", "app.kubernetes.io/instance": stack.apps.logs, "app.kubernetes.io/component": "single-binary" },
          portName: "http-metrics",
        }),
        metrics: LOKI,
        target: { where: "Service loki", port: 3100, path: "/metrics", scheme: "http" },
        per: "cluster",
        seriesPerTarget: 1500,
      });
    }
    if (stack.enabled.logs && stack.config.logs.backend === "victorialogs") {
      ctx.scrape({
        job: "victorialogs",
        object: serviceScrape(stack, "victorialogs", "victorialogs", {
          port: 9428,
          path: "/metrics",
          scheme: "http",
          namespace: stack.namespace,
          selector: { "app.kubernetes.io/name": "victoria-logs-single", "app.kubernetes.io/instance": stack.apps.logs },
          portName: "http",
        }),
        metrics: VICTORIALOGS,
        target: { where: `Service ${stack.services.victoriaLogs.name}`, port: 9428, path: "/metrics", scheme: "http" },
        per: "cluster",
        seriesPerTarget: 400,
      });
    }
    if (stack.enabled.logs && stack.enabled.logAgent && stack.config.logs.agent === "vector") {
      ctx.scrape({
        job: "vector",
        object: podScrape(stack, "vector", "vector", {
          port: 9090,
          path: "/metrics",
          scheme: "http",
          namespace: stack.namespace,
          selector: { "app.kubernetes.io/name": "vector", "app.kubernetes.io/instance": stack.apps.logAgent },
          portName: "prom-exporter",
          targetRelabel: [{ action: "replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" }],
        }),
        metrics: VECTOR,
        target: { where: "Vector pod of every node", port: 9090, path: "/metrics", scheme: "http" },
        per: "node",
        seriesPerTarget: 200,
      });
    }
  },
});
