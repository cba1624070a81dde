// Alerts from the logs themselves: a second vmalert whose datasource is VictoriaLogs evaluates
// vigil's LogsQL rules (VMRules labelled vigil.dev/datasource=victorialogs); the metrics vmalert
// leaves those out. Notifications go to the same Alertmanager, ALERTS to VictoriaMetrics.
import { alertLabels, logAlertFor, spoken } from "../rules/index.js";
import { defineComponent } from "./types.js";
import type { Stack } from "../model/stack.js";
import { LOG_RULES_LABEL } from "../backends/victoria-metrics/rules.js";

/** The VMAlert of the log alerts; self-monitoring scrapes it as job vmalert-logs. */
export const LOG_ALERTS_VMALERT = "vm-logs";
const NAME = LOG_ALERTS_VMALERT;

// LogsQL alerts need VictoriaLogs and a vmalert (the VictoriaMetrics operator's); with Loki, its
// ruler evaluates vigil's LogQL alerts (components/loki.ts).
export const logAlertsEnabled = (stack: Stack) => stack.config.metrics.backend === "victoria-metrics" && stack.enabled.logs && stack.config.logs.backend === "victorialogs" && stack.enabled.vmalert && stack.config.alerting.groups.logs;

export default defineComponent({
  name: "log-alerts",
  description: "LogsQL alerts evaluated on VictoriaLogs",
  enabledWhen: logAlertsEnabled,
  render(ctx) {
    const { stack } = ctx;
    const [key, value] = Object.entries(LOG_RULES_LABEL)[0]!;
    // The metrics vmalert must not evaluate LogsQL against VictoriaMetrics.
    ctx.values(stack.apps.metrics, { vmalert: { spec: { ruleSelector: { matchExpressions: [{ key, operator: "NotIn", values: [value] }] } } } });
    ctx.allow("vmalertLogs", stack.services.logsQuery, "LogsQL rule queries");
    ctx.allow("vmalertLogs", stack.services.write, "ALERTS of the log alerts written back");
    if (stack.enabled.alertmanager) ctx.allow("vmalertLogs", stack.services.alertmanager, "alert notifications");
    ctx.object(stack.apps.rules, {
      apiVersion: "operator.victoriametrics.com/v1beta1",
      kind: "VMAlert",
      metadata: { name: NAME, namespace: stack.namespace, labels: { "app.kubernetes.io/managed-by": "vigil" } },
      spec: {
        ...stack.operatorSecurity,
        // vigil scrapes it itself (self-monitoring, job vmalert-logs): no second scrape by the operator.
        disableSelfServiceScrape: true,
        datasource: { url: stack.services.logsQuery.url },
        ...(stack.enabled.alertmanager ? { notifiers: [{ url: stack.services.alertmanager.url }] } : {}),
        remoteWrite: { url: stack.metricsApi.write },
        evaluationInterval: "1m",
        ruleSelector: { matchLabels: LOG_RULES_LABEL },
        extraArgs: { "rule.defaultRuleType": "vlogs", ...(stack.enabled.alertmanager ? {} : { "notifier.blackhole": "true" }) },
        resources: ctx.resources("vmalert-logs", { workload: `VMAlert/${NAME}` }),
        configReloaderResources: ctx.resources("vmalert-logs-config-reloader", { workload: `VMAlert/${NAME}` }),
      },
    });
    const t = stack.config.alerting.thresholds;
    const wait = logAlertFor(stack.config.alerting, "LogErrorsSpike", "10m");
    ctx.ruleGroup({
      name: "vigil.logs",
      type: "vlogs",
      interval: "5m",
      rules: [
        {
          alert: "LogErrorsSpike",
          // vmalert runs the query over the group's interval (the last 5 minutes).
          expr: `(error OR panic OR fatal OR level:error OR level:ERROR) | stats by (namespace) count() as errors | filter errors:>${t.logErrorsPer5m}`,
          for: wait,
          labels: alertLabels(stack.config.alerting, "LogErrorsSpike", "warning"),
          annotations: {
            summary: "{{ $labels.namespace }} logs {{ $value }} error lines in 5 minutes",
            description: `The pods of {{ $labels.namespace }} have written more than ${t.logErrorsPer5m} error lines per 5 minutes for ${spoken(wait)}.`,
            runbook: "Open the Logs dashboard on that namespace, or query VictoriaLogs: namespace:<ns> error.",
          },
        },
      ],
    });
  },
});
