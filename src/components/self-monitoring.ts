// The monitoring stack watches itself: the metrics backend's parts (its selfMonitoring), the log
// store and the log agent, each scraped by vigil under a job of its own.
import { defineComponent } from "./types.js";
import { stackScrape } from "../scrape/stack-scrape.js";
import { metricsBackend } from "../backends/index.js";
import { LOKI, VECTOR, VICTORIALOGS } from "../catalog/documented/stack.js";

export default defineComponent({
  name: "self-monitoring",
  description: "scrapes of the monitoring stack itself",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    // The metrics backend's own parts first: its store, scraper, ruler and Alertmanager.
    metricsBackend(stack).selfMonitoring(ctx);
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
