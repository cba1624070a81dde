// kube-state-metrics: the state of Kubernetes objects (pods, deployments, PVCs, ...).
import { defineComponent } from "./types.js";

export default defineComponent({
  name: "kube-state-metrics",
  description: "kube-state-metrics, the state of Kubernetes objects",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    if (!stack.enabled.kubeStateMetrics) {
      ctx.values(stack.apps.metrics, { "kube-state-metrics": { enabled: false } });
      return;
    }
    ctx.values(stack.apps.metrics, {
      "kube-state-metrics": {
        enabled: true,
        resources: ctx.resources("kube-state-metrics", { workload: `Deployment/${stack.apps.metrics}-kube-state-metrics` }),
      },
    });
  },
});
