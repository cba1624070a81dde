// The monitoring stack watches itself: VMSingle, vmagent, vmalert, Alertmanager, VictoriaLogs and
// Vector, each scraped by vigil under a job of its own. The operator's own self-scrapes are
// switched off (disableSelfServiceScrape) so that nothing is scraped twice.
import { defineComponent, type RenderContext } from "./types.js";
import { LOG_ALERTS_VMALERT, logAlertsEnabled } from "./log-alerts.js";
import type { PodKey } from "../model/stack.js";
import { podScrape, serviceScrape, type SelectorExpression } from "../scrape/objects.js";
import type { RelabelRule } from "../scrape/relabel.js";
import { ALERTMANAGER, LOKI, VECTOR, VICTORIALOGS, VMAGENT, VMALERT, VMSINGLE } from "../catalog/documented/stack.js";

/**
 * A plain-HTTP /metrics endpoint of the stack in its own namespace, by Service or (DaemonSets) by
 * pod. The charts' Services carry their pods' selector labels, so stack.pods selects both.
 */
function stackScrape(
  ctx: RenderContext,
  s: { job: string; by: "service" | "pod"; pods: PodKey; port: number; portName: string; selector: Record<string, string>; selectorExpressions?: SelectorExpression[]; where: string; per: "cluster" | "node"; seriesPerTarget: number; metrics: readonly string[]; targetRelabel?: RelabelRule[] },
) {
  const { stack } = ctx;
  ctx.allow("vmagent", { pods: s.pods, port: s.port }, "scrape");
  const endpoint = {
    port: s.port,
    path: "/metrics",
    scheme: "http" as const,
    namespace: stack.namespace,
    selector: s.selector,
    ...(s.selectorExpressions ? { selectorExpressions: s.selectorExpressions } : {}),
    portName: s.portName,
    ...(s.targetRelabel ? { targetRelabel: s.targetRelabel } : {}),
  };
  ctx.scrape({
    job: s.job,
    object: (s.by === "service" ? serviceScrape : podScrape)(stack, s.job, s.job, endpoint),
    metrics: s.metrics,
    target: { where: s.where, port: s.port, path: "/metrics", scheme: "http" },
    per: s.per,
    seriesPerTarget: s.seriesPerTarget,
  });
}

/**
 * Services the VictoriaMetrics operator creates carry app.kubernetes.io/name=<kind> and
 * app.kubernetes.io/instance=<CR name>; their first port is always named "http" (operator v0.74
 * factory/build/service.go), for VMAlertmanager 9093 too.
 */
function operatorService(ctx: RenderContext, job: string, pods: PodKey, kind: string, portName: string, port: number, metrics: readonly string[], instance = ctx.stack.names.vm) {
  stackScrape(ctx, {
    job,
    by: "service",
    pods,
    port,
    portName,
    selector: { "app.kubernetes.io/name": kind, "app.kubernetes.io/instance": instance },
    where: `Service ${kind}-${instance}`,
    per: "cluster",
    seriesPerTarget: 800,
    metrics,
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
    operatorService(ctx, "victoriametrics", "vmsingle", "vmsingle", "http", 8428, VMSINGLE);
    operatorService(ctx, "vmagent", "vmagent", "vmagent", "http", 8429, VMAGENT);
    if (stack.enabled.vmalert) {
      ctx.values(stack.apps.metrics, { vmalert: off });
      operatorService(ctx, "vmalert", "vmalert", "vmalert", "http", 8080, VMALERT);
      // The second vmalert, of the log alerts (components/log-alerts.ts), under a job of its own.
      if (logAlertsEnabled(stack)) operatorService(ctx, "vmalert-logs", "vmalertLogs", "vmalert", "http", 8080, VMALERT, LOG_ALERTS_VMALERT);
    }
    if (stack.enabled.alertmanager) {
      ctx.values(stack.apps.metrics, { alertmanager: off });
      operatorService(ctx, "alertmanager", "alertmanager", "vmalertmanager", "http", 9093, ALERTMANAGER);
    }
    if (stack.enabled.logs && stack.config.logs.backend === "loki") {
      stackScrape(ctx, {
        job: "loki",
        by: "service",
        pods: "loki",
        port: 3100,
        portName: "http-metrics",
        selector: stack.pods.loki,
        // The chart's headless twin of the Service has the same pods and labels, and says
        // "prometheus.io/service-monitor: false": selecting it too would scrape Loki twice.
        selectorExpressions: [{ key: "prometheus.io/service-monitor", operator: "NotIn", values: ["false"] }],
        where: "Service loki",
        per: "cluster",
        seriesPerTarget: 1500,
        metrics: LOKI,
      });
    }
    if (stack.enabled.logs && stack.config.logs.backend === "victorialogs") {
      stackScrape(ctx, {
        job: "victorialogs",
        by: "service",
        pods: "victoriaLogs",
        port: 9428,
        portName: "http",
        selector: stack.pods.victoriaLogs,
        where: `Service ${stack.services.victoriaLogs.name}`,
        per: "cluster",
        seriesPerTarget: 400,
        metrics: VICTORIALOGS,
      });
    }
    if (stack.enabled.logs && stack.enabled.logAgent && stack.config.logs.agent === "vector") {
      stackScrape(ctx, {
        job: "vector",
        by: "pod",
        pods: "vector",
        port: 9090,
        portName: "prom-exporter",
        selector: stack.pods.vector,
        targetRelabel: [{ action: "replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" }],
        where: "Vector pod of every node",
        per: "node",
        seriesPerTarget: 200,
        metrics: VECTOR,
      });
    }
  },
});
