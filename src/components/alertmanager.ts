// Alertmanager: routes alerts to the receivers of alerting.receivers by severity
// (src/alerting/alertmanager-config.ts), with the referenced Secrets mounted for their credentials.
// The metrics backend places it (VMAlertmanager, or kube-prometheus-stack's Alertmanager).
import { defineComponent } from "./types.js";
import { alertmanagerConfig, configuredReceivers, referencedSecrets, secretRefs } from "../alerting/alertmanager-config.js";
import { metricsBackend } from "../backends/index.js";

export default defineComponent({
  name: "alertmanager",
  description: "Alertmanager, the alert router",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    const backend = metricsBackend(stack);
    if (!stack.enabled.alertmanager) return backend.alertmanager(ctx, undefined);
    const volume = stack.config.storage.alertmanager.persistent ? ctx.volume("alertmanager") : undefined;
    const alerting = stack.config.alerting;
    if (configuredReceivers(alerting).length === 0) {
      ctx.warn("alerting.receivers", "alerting.receivers: none configured; alerts show in Grafana and Alertmanager but reach nobody (add pushover, discord, ntfy, ...)");
    }
    if (!alerting.heartbeat) {
      ctx.warn("alerting.heartbeat", "alerting.heartbeat: not set; nothing tells you when alerting itself is dead (set a healthchecks.io-style ping URL for Watchdog)");
    }
    for (const ref of secretRefs(alerting)) ctx.secret({ name: ref.secret.name, keys: [ref.secret.key], purpose: "Alertmanager receivers" });
    backend.alertmanager(ctx, { config: alertmanagerConfig(alerting, backend.secretsDir), secrets: referencedSecrets(alerting), ...(volume ? { volume } : {}) });
    ctx.datasource({
      name: "Alertmanager",
      uid: "alertmanager",
      type: "alertmanager",
      url: stack.services.alertmanager.url,
      access: "proxy",
      jsonData: { implementation: "prometheus", handleGrafanaManagedAlerts: false },
    });
  },
});
