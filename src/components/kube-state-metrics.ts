// kube-state-metrics: the state of Kubernetes objects (pods, deployments, PVCs, ...).
import { defineComponent } from "./types.js";
import { metricsBackend } from "../backends/index.js";
import { KUBE_STATE_METRICS } from "../catalog/documented/kube-state-metrics.js";
import { serviceScrape } from "../scrape/scrape.js";
import { dropLabels } from "../scrape/relabel.js";

const JOB = "kube-state-metrics";

/** The chart's default collectors (kube-state-metrics 7.5.3, its values.yaml). */
export const KSM_DEFAULT_COLLECTORS = [
  "certificatesigningrequests", "configmaps", "cronjobs", "daemonsets", "deployments", "endpointslices", "horizontalpodautoscalers", "ingresses", "jobs", "leases",
  "limitranges", "mutatingwebhookconfigurations", "namespaces", "networkpolicies", "nodes", "persistentvolumeclaims", "persistentvolumes", "poddisruptionbudgets",
  "pods", "replicasets", "replicationcontrollers", "resourcequotas", "secrets", "services", "statefulsets", "storageclasses", "validatingwebhookconfigurations", "volumeattachments",
];
/** The ones vigil runs: all but `secrets`. */
export const KSM_COLLECTORS = KSM_DEFAULT_COLLECTORS.filter((c) => c !== "secrets");/** The labels the operator gives a Service endpoint target, besides job and instance. */
export const TARGET_LABELS_OF_EXPORTER = "pod|container|namespace|service|endpoint";

const PORT = 8080;

export default defineComponent({
  name: "kube-state-metrics",
  description: "kube-state-metrics, the state of Kubernetes objects",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    if (!stack.enabled.kubeStateMetrics) {
      ctx.values(stack.apps.metrics, metricsBackend(stack).exporterToggle("kube-state-metrics", false));
      return;
    }
    ctx.values(stack.apps.metrics, metricsBackend(stack).exporterToggle("kube-state-metrics", true));
    ctx.values(stack.apps.metrics, {
      "kube-state-metrics": {
        // vigil's own scrape below replaces the chart's.
        ...metricsBackend(stack).exporterScrapeOff("kube-state-metrics"),
        // Not the secrets collector: its list/watch would read every Secret of the cluster, for
        // metrics (kube_secret_*) no rule or dashboard uses.
        collectors: KSM_COLLECTORS,
        resources: ctx.resources("kube-state-metrics", { workload: `Deployment/${stack.apps.metrics}-kube-state-metrics` }),
      },
    });
    ctx.allow("scraper", { pods: "kubeStateMetrics", port: PORT }, "scrape");
    ctx.scrape({
      job: JOB,
      scrape: serviceScrape(JOB, {
        port: PORT,
        path: "/metrics",
        scheme: "http",
        namespace: stack.namespace,
        // The chart's Service carries its pods' selector labels.
        selector: stack.pods.kubeStateMetrics,
        portName: "http",
        // Its series describe other objects: their namespace and pod labels win over the exporter's own.
        honorLabels: true,
        // honorLabels only settles conflicts: the target labels the operator adds (pod, container,
        // namespace, service, endpoint; vmscrapes/servicescrape.go at v0.74) would still land on every
        // series that lacks them, e.g. KubeJobFailed of another namespace's Job carrying the
        // exporter's pod. Dropped from the target, as kube-prometheus does for kube-state-metrics.
        targetRelabel: [dropLabels(TARGET_LABELS_OF_EXPORTER)],
        // Per-object UIDs and container IDs change on every restart and nothing joins on them.
        metricRelabel: [dropLabels("uid|container_id|image_id")],
      }),
      metrics: KUBE_STATE_METRICS,
      target: { where: "kube-state-metrics Service", port: PORT, path: "/metrics", scheme: "http" },
      per: "cluster",
      seriesPerTarget: 1700,
    });
  },
});
