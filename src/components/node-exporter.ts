// prometheus-node-exporter: host metrics from every node (a DaemonSet).
import { defineComponent } from "./types.js";
import { metricsBackend } from "../backends/index.js";
import { NODE_EXPORTER } from "../catalog/documented/node-exporter.js";
import { serviceScrape } from "../scrape/scrape.js";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";

const JOB = "node-exporter";
const PORT = 9100;

export default defineComponent({
  name: "node-exporter",
  description: "prometheus-node-exporter, host metrics of every node",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    if (!stack.enabled.nodeExporter) {
      ctx.values(stack.apps.metrics, metricsBackend(stack).exporterToggle("prometheus-node-exporter", false));
      return;
    }
    ctx.values(stack.apps.metrics, metricsBackend(stack).exporterToggle("prometheus-node-exporter", true));
    ctx.values(stack.apps.metrics, {
      "prometheus-node-exporter": {
        fullnameOverride: stack.names.nodeExporter,
        // vigil's own scrape below replaces the chart's.
        ...metricsBackend(stack).exporterScrapeOff("prometheus-node-exporter"),
        resources: ctx.resources("node-exporter", { workload: `DaemonSet/${stack.names.nodeExporter}`, perNode: true }),
        // The chart runs it as 65534 with a read-only root; host network, PID and paths are its
        // documented exception (docs/security.md). The rest of the restricted profile is added here.
        securityContext: RESTRICTED_POD,
        containerSecurityContext: RESTRICTED_CONTAINER,
      },
    });
    ctx.scrape({
      job: JOB,
      scrape: serviceScrape(JOB, {
        port: PORT,
        path: "/metrics",
        scheme: "http",
        namespace: stack.namespace,
        selector: { "app.kubernetes.io/name": "prometheus-node-exporter", "app.kubernetes.io/instance": stack.apps.metrics },
        portName: "metrics",
        // instance = node name, and a node label, so that host panels and alerts name the node.
        targetRelabel: [
          { action: "replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "instance" },
          { action: "replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" },
        ],
      }),
      metrics: NODE_EXPORTER,
      target: { where: "node-exporter pod of every node", port: PORT, path: "/metrics", scheme: "http" },
      per: "node",
      seriesPerTarget: 1500,
    });
  },
});
