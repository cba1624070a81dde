// VictoriaLogs single node: the log store, with retention by age and by disk use.
import { stackScrape } from "../scrape/stack-scrape.js";
import { VICTORIALOGS } from "../catalog/documented/stack.js";
import { CHARTS } from "../model/versions.js";
import { defineComponent, type RenderContext } from "./types.js";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";

/** VictoriaLogs deletes the oldest days when its volume is this full, whatever the age. */
export const LOGS_MAX_DISK_USAGE_PERCENT = 80;

/** Its scrape under a job of its own (self-monitoring, through the log registry). */
export function victoriaLogsSelfMonitoring(ctx: RenderContext): void {
  const { stack } = ctx;
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

export default defineComponent({
  name: "victoria-logs",
  description: "VictoriaLogs single node, the log store",
  // With components.logs and logs.backend: victorialogs (src/backends/logs.ts).
  enabledWhen: () => true,
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
