// The prometheus-operator's CRDs as an app of their own (prometheus-operator-crds chart): for the
// Prometheus backend, and with VictoriaMetrics for the ServiceMonitors, PodMonitors and
// PrometheusRules other charts ship (scrape.serviceMonitors), which the VictoriaMetrics operator
// converts. Several CRDs exceed the 256 KiB of client-side apply: Argo CD applies them server-side.
import { CHARTS } from "../model/versions.js";
import { defineComponent } from "./types.js";

export default defineComponent({
  name: "prometheus-operator-crds",
  description: "the prometheus-operator's CRDs (ServiceMonitor, PodMonitor, ScrapeConfig, PrometheusRule, Prometheus, Alertmanager, ...)",
  enabledWhen: (stack) => stack.config.metrics.backend === "prometheus" || stack.config.scrape.serviceMonitors,
  render(ctx) {
    // Every CRD of the chart: app charts ship ServiceMonitors, PodMonitors, Probes and PrometheusRules.
    ctx.release(ctx.stack.apps.operatorCrds, CHARTS.prometheusOperatorCrds, {});
  },
});
