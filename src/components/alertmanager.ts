// VMAlertmanager: routes alerts to the receivers of alerting.receivers by severity
// (src/alerting/alertmanager-config.ts), with the referenced Secrets mounted for their credentials.
import { defineComponent } from "./types.js";
import { alertmanagerConfig, configuredReceivers, referencedSecrets, secretRefs } from "../alerting/alertmanager-config.js";

export default defineComponent({
  name: "alertmanager",
  description: "VMAlertmanager, the alert router",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    if (!stack.enabled.alertmanager) {
      ctx.values(stack.apps.metrics, { alertmanager: { enabled: false } });
      return;
    }
    const volume = ctx.volume("alertmanager");
    const alerting = stack.config.alerting;
    if (configuredReceivers(alerting).length === 0) {
      ctx.warn("alerting.receivers", "alerting.receivers: none configured; alerts show in Grafana and Alertmanager but reach nobody (add pushover, discord, ntfy, ...)");
    }
    if (!alerting.heartbeat) {
      ctx.warn("alerting.heartbeat", "alerting.heartbeat: not set; nothing tells you when alerting itself is dead (set a healthchecks.io-style ping URL for Watchdog)");
    }
    const secrets = referencedSecrets(alerting);
    for (const ref of secretRefs(alerting)) ctx.secret({ name: ref.secret.name, keys: [ref.secret.key], purpose: "Alertmanager receivers" });
    ctx.values(stack.apps.metrics, {
      alertmanager: {
        enabled: true,
        // A plain Alertmanager configuration (not VMAlertmanagerConfig), rendered by the chart into a Secret.
        useManagedConfig: false,
        config: alertmanagerConfig(alerting),
        annotations: stack.crAnnotations,
        spec: {
          ...stack.operatorSecurity,
          resources: ctx.resources("alertmanager", { workload: `VMAlertmanager/${stack.names.vm}` }),
          configReloaderResources: ctx.resources("alertmanager-config-reloader", { workload: `VMAlertmanager/${stack.names.vm}` }),
          // Mounted at /etc/vm/secrets/<name>/, where the receivers' *_file settings point.
          ...(secrets.length ? { secrets } : {}),
          storage: {
            volumeClaimTemplate: {
              spec: {
                storageClassName: volume.storageClass,
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: volume.size } },
              },
            },
          },
        },
      },
    });
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
