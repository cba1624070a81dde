// prometheus-node-exporter: host metrics from every node (a DaemonSet).
import { defineComponent } from "./types.js";

export default defineComponent({
  name: "node-exporter",
  description: "prometheus-node-exporter, host metrics of every node",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    if (!stack.enabled.nodeExporter) {
      ctx.values(stack.apps.metrics, { "prometheus-node-exporter": { enabled: false } });
      return;
    }
    ctx.values(stack.apps.metrics, {
      "prometheus-node-exporter": {
        enabled: true,
        fullnameOverride: stack.names.nodeExporter,
        resources: ctx.resources("node-exporter", { workload: `DaemonSet/${stack.names.nodeExporter}`, perNode: true }),
      },
    });
  },
});
