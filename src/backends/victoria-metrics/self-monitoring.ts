// VictoriaMetrics watches itself: VMSingle (or the VMCluster's vmstorage, vminsert and vmselect),
// vmagent, vmalert (and the vmalert of the log alerts) and VMAlertmanager, each scraped by vigil
// under a job of its own. The operator's own self-scrapes are switched off
// (disableSelfServiceScrape) so that nothing is scraped twice.
import type { RenderContext } from "../../components/types.js";
import { isSpoke, type PodKey } from "../../model/stack.js";
import { stackScrape } from "../../scrape/stack-scrape.js";
import { LOG_ALERTS_VMALERT, logAlertsEnabled } from "../../components/log-alerts.js";
import { ALERTMANAGER, VMAGENT, VMALERT, VMINSERT, VMSELECT, VMSINGLE, VMSTORAGE } from "../../catalog/documented/stack.js";
import { VM_CLUSTER_PARTS } from "./names.js";

/**
 * Services the VictoriaMetrics operator creates carry app.kubernetes.io/name=<kind> and
 * app.kubernetes.io/instance=<CR name>; their first port is always named "http" (operator v0.74
 * factory/build/service.go), for VMAlertmanager 9093 too.
 */
function operatorService(ctx: RenderContext, job: string, pods: PodKey, kind: string, portName: string, port: number, metrics: readonly string[], instance = ctx.stack.names.vm) {
  stackScrape(ctx, {
    job,
    by: "service",
    pods,
    port,
    portName,
    selector: { "app.kubernetes.io/name": kind, "app.kubernetes.io/instance": instance },
    where: `Service ${kind}-${instance}`,
    per: "cluster",
    seriesPerTarget: 800,
    metrics,
  });
}

export function vmSelfMonitoring(ctx: RenderContext): void {
  const { stack } = ctx;
  const off = { spec: { disableSelfServiceScrape: true } };
  // A fleet's spoke has no VMSingle (its vmagent pushes to the hub).
  if (isSpoke(stack)) ctx.values(stack.apps.metrics, { vmagent: off });
  else if (stack.metricsCluster) {
    // The VMCluster's parts, a job each: the operator's Services vm<part>-<name>, port "http".
    const parts = { vmstorage: VMSTORAGE, vminsert: VMINSERT, vmselect: VMSELECT } as const;
    ctx.values(stack.apps.metrics, { vmagent: off, vmcluster: { spec: Object.fromEntries(Object.keys(parts).map((p) => [p, { disableSelfServiceScrape: true }])) } });
    for (const [part, metrics] of Object.entries(parts) as [keyof typeof parts, readonly string[]][]) {
      operatorService(ctx, part, part, part, "http", VM_CLUSTER_PARTS[part].port, metrics);
    }
  } else {
    ctx.values(stack.apps.metrics, { vmsingle: off, vmagent: off });
    operatorService(ctx, "victoriametrics", "vmsingle", "vmsingle", "http", 8428, VMSINGLE);
  }
  operatorService(ctx, "vmagent", "vmagent", "vmagent", "http", 8429, VMAGENT);
  if (stack.enabled.vmalert) {
    ctx.values(stack.apps.metrics, { vmalert: off });
    operatorService(ctx, "vmalert", "vmalert", "vmalert", "http", 8080, VMALERT);
    // The second vmalert, of the log alerts (components/log-alerts.ts), under a job of its own.
    if (logAlertsEnabled(stack)) operatorService(ctx, "vmalert-logs", "vmalertLogs", "vmalert", "http", 8080, VMALERT, LOG_ALERTS_VMALERT);
  }
  if (stack.enabled.alertmanager) {
    ctx.values(stack.apps.metrics, { alertmanager: off });
    operatorService(ctx, "alertmanager", "alertmanager", "vmalertmanager", "http", 9093, ALERTMANAGER);
  }
}
