// VMAlertmanager: routes alerts to receivers. The receivers and routes come with the alerting
// issue; until then every alert goes to the chart's "blackhole" receiver.
import { defineComponent } from "./types.js";

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
    ctx.values(stack.apps.metrics, {
      alertmanager: {
        enabled: true,
        annotations: stack.crAnnotations,
        spec: {
          resources: ctx.resources("alertmanager", { workload: `VMAlertmanager/${stack.names.vm}` }),
          configReloaderResources: ctx.resources("alertmanager-config-reloader", { workload: `VMAlertmanager/${stack.names.vm}` }),
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
