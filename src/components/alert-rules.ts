// vigil's alert rules (the metrics backend makes VMRules or PrometheusRules of them): the groups
// switched on, the alerts whose components are scraped, each with severity, summary, description
// and runbook.
import { EXPORTERS, type ExporterName } from "../config/schema/exporters.js";
import { defineComponent } from "./types.js";
import { LOG_ALERTS, ruleLibrary } from "../rules/index.js";
import { missingFor, type AlertDef } from "../rules/types.js";
import { didYouMean } from "../config/diagnostics.js";
import { scrapesInStore } from "../model/fleet.js";

/** The rule of an alert as vmalert reads it. */
export function toRule(a: AlertDef) {
  return {
    alert: a.alert,
    expr: a.expr,
    ...(a.for ? { for: a.for } : {}),
    labels: { ...a.labels, severity: a.severity },
    annotations: { summary: a.summary, description: a.description, runbook: a.runbook },
  };
}

export default defineComponent({
  name: "alert-rules",
  description: "vigil's alerting rules",
  enabledWhen: (stack) => stack.enabled.vmalert,
  render() {},
  // After every component has registered its scrapes: alerts need to know what is scraped.
  assemble(ctx, parts) {
    const { stack } = ctx;
    const alerting = stack.config.alerting;
    const groups = ruleLibrary({ stack, thresholds: alerting.thresholds });
    const known = groups.flatMap((g) => g.alerts.map((a) => a.alert));
    for (const name of alerting.disabledRules) {
      if (!known.includes(name)) {
        const guess = didYouMean(name, known);
        ctx.error("alerting.disabledRules", `alerting.disabledRules: "${name}" is not a vigil alert${guess ? `; did you mean "${guess}"?` : ""}`);
      }
    }
    const tunable = [...known, ...LOG_ALERTS];
    for (const name of Object.keys(alerting.severity)) {
      if (!tunable.includes(name)) {
        const guess = didYouMean(name, tunable);
        ctx.error(`alerting.severity.${name}`, `alerting.severity.${name}: "${name}" is not a vigil alert${guess ? `; did you mean "${guess}"?` : ""}`);
      }
    }
    for (const name of Object.keys(alerting.for)) {
      if (!tunable.includes(name)) {
        const guess = didYouMean(name, tunable);
        ctx.error(`alerting.for.${name}`, `alerting.for.${name}: "${name}" is not an alert of vigil's rule library${guess ? `; did you mean "${guess}"?` : ""}`);
      }
    }
    for (const group of groups) {
      const exporter = (EXPORTERS as readonly string[]).includes(group.key);
      if (!(exporter ? ctx.stack.exporters[group.key as ExporterName] : alerting.groups[group.key as keyof typeof alerting.groups])) {
        ctx.skip(`rules ${group.name}`, exporter ? `switched off (exporters.${group.key} is not on)` : `switched off (alerting.groups.${group.key}: false)`);
        continue;
      }
      const alerts = group.alerts.filter((a) => {
        if (alerting.disabledRules.includes(a.alert)) return false;
        if (a.backend && a.backend !== stack.config.metrics.backend) return false;
        const missing = missingFor(a, scrapesInStore(stack, parts.scrapes));
        if (missing) ctx.skip(`alert ${a.alert}`, missing);
        return !missing;
      });
      if (alerts.length) ctx.ruleGroup({ name: group.name, rules: alerts.map(toRule) });
    }
  },
});
