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
    // Deleting a CRD deletes every object of it in the cluster, other apps' too: removing this app
    // (or switching the backend back) keeps them (Helm's keep policy; Argo CD's Prune/Delete=false).
    const keep = { "helm.sh/resource-policy": "keep", ...(ctx.stack.config.gitops.target === "argocd" ? { "argocd.argoproj.io/sync-options": "Prune=false,Delete=false" } : {}) };
    ctx.release(ctx.stack.apps.operatorCrds, CHARTS.prometheusOperatorCrds, { crds: { annotations: keep } });
  },
});
