// VictoriaLogs single node: the log store, with retention by age and by disk use.
import { CHARTS } from "../model/versions.js";
import { defineComponent } from "./types.js";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";

/** VictoriaLogs deletes the oldest days when its volume is this full, whatever the age. */
export const LOGS_MAX_DISK_USAGE_PERCENT = 80;

export default defineComponent({
  name: "victoria-logs",
  description: "VictoriaLogs single node, the log store",
  enabledWhen: (stack) => stack.enabled.logs && stack.config.logs.backend === "victorialogs",
  render(ctx) {
    const { stack } = ctx;
    const volume = ctx.volume("logs");
    ctx.release(stack.apps.logs, CHARTS.victoriaLogsSingle, {
      server: {
        fullnameOverride: stack.names.victoriaLogs,
        retentionPeriod: stack.retention.logs,
        retentionMaxDiskUsagePercent: LOGS_MAX_DISK_USAGE_PERCENT,
        persistentVolume: {
          enabled: true,
          storageClassName: volume.storageClass,
          size: volume.size,
          accessModes: ["ReadWriteOnce"],
        },
        resources: ctx.resources("victoria-logs", { workload: `StatefulSet/${stack.names.victoriaLogs}` }),
        // The chart's pod settings (non-root, no capabilities, read-only root) lack a seccomp profile.
        podSecurityContext: RESTRICTED_POD,
        // vigil scrapes it itself (components/self-monitoring.ts).
        vmServiceScrape: { enabled: false },
      },
      // vigil deploys Vector as a component of its own.
      vector: { enabled: false },
    });
    ctx.datasource({
      name: "VictoriaLogs",
      uid: "victorialogs",
      type: "victoriametrics-logs-datasource",
      url: stack.services.victoriaLogs.url,
      access: "proxy",
    });
  },
});
