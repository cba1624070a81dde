// vmalert evaluates vigil's rule groups against VMSingle (or the cluster's vmselect, writing back
// through vminsert) and sends alerts to Alertmanager. The k8s-stack chart points it at the store
// (templates/_helpers.tpl vm.alert.remotes).
import { defineComponent } from "../../components/types.js";

export default defineComponent({
  name: "vmalert",
  description: "vmalert, the rule evaluator",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    if (!stack.enabled.vmalert) {
      ctx.values(stack.apps.metrics, { vmalert: { enabled: false } });
      return;
    }
    if (!stack.enabled.alertmanager) {
      ctx.warn("components.alertmanager", "components.alertmanager: false: vmalert evaluates the rules but sends alerts nowhere (notifier.blackhole)");
    }
    if (stack.services.query === stack.services.write) ctx.allow("ruler", stack.services.query, "rule queries, and recording rules and ALERTS written back");
    else {
      ctx.allow("ruler", stack.services.query, "rule queries");
      ctx.allow("ruler", stack.services.write, "recording rules and ALERTS written back");
    }
    if (stack.enabled.alertmanager) ctx.allow("ruler", stack.services.alertmanager, "alert notifications");
    ctx.values(stack.apps.metrics, {
      vmalert: {
        enabled: true,
        annotations: stack.crAnnotations,
        spec: {
          ...stack.operatorSecurity,
          evaluationInterval: "30s",
          // Without Alertmanager vmalert needs an explicit blackhole notifier, or it does not start.
          ...(stack.enabled.alertmanager ? {} : { extraArgs: { "notifier.blackhole": "true" } }),
          resources: ctx.resources("vmalert", { workload: `VMAlert/${stack.names.vm}` }),
          configReloaderResources: ctx.resources("vmalert-config-reloader", { workload: `VMAlert/${stack.names.vm}` }),
        },
      },
    });
  },
});
