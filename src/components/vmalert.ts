// vmalert evaluates vigil's rule groups against VMSingle and sends alerts to Alertmanager.
import { defineComponent } from "./types.js";

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
    ctx.values(stack.apps.metrics, {
      vmalert: {
        enabled: true,
        annotations: stack.crAnnotations,
        spec: {
          evaluationInterval: "30s",
          resources: ctx.resources("vmalert", { workload: `VMAlert/${stack.names.vm}` }),
          configReloaderResources: ctx.resources("vmalert-config-reloader", { workload: `VMAlert/${stack.names.vm}` }),
        },
      },
    });
  },
});
