// Grafana Alloy as the node agent (logs.agent: alloy): a DaemonSet whose configuration vigil
// generates (logs/alloy-config.ts) with the same fields, streams and filters as Vector's.
import { literalForTpl } from "../model/helm-tpl.js";
import { CHARTS } from "../model/versions.js";
import { defineComponent } from "./types.js";
import { ingestPasswordEnv, logDestination } from "../backends/logs.js";
import { alloyConfig } from "../logs/alloy-config.js";
import { journaldEnabled } from "../logs/vector-config.js";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";
import { stackScrape } from "../scrape/stack-scrape.js";
import { ALLOY_HTTP_PORT } from "../model/alloy.js";
import { ALLOY } from "../catalog/documented/stack.js";
import type { RenderContext } from "./types.js";


/** Its scrape under a job of its own, by pod (one per node), with the node (self-monitoring, through the log registry). */
export function alloySelfMonitoring(ctx: RenderContext): void {
  const { stack } = ctx;
  stackScrape(ctx, {
    job: "alloy",
    by: "pod",
    pods: "alloy",
    port: ALLOY_HTTP_PORT,
    // The chart's container port (templates/containers/_agent.yaml).
    portName: "http-metrics",
    selector: stack.pods.alloy,
    targetRelabel: [{ action: "replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" }],
    where: "Alloy pod of every node",
    per: "node",
    seriesPerTarget: 300,
    metrics: ALLOY,
  });
}

const read = ["get", "list", "watch"];
/**
 * The chart's ClusterRole prints `rbac.rules` then `rbac.clusterRules`, each with `toYaml`
 * (templates/rbac.yaml): an empty list there renders `[]` after a block list, which is not YAML.
 * So the two rules the configuration needs are split between them, neither empty.
 */
export const ALLOY_RBAC = {
  rules: [{ apiGroups: [""], resources: ["pods"], verbs: read }],
  clusterRules: [{ apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: read }],
};

export default defineComponent({
  name: "alloy",
  description: "Grafana Alloy, the node agent shipping pod logs",
  // With components.logAgent and logs.agent: alloy (src/backends/logs.ts).
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    const journal = journaldEnabled(stack);
    const destination = logDestination(stack);
    if (destination.service) {
      ctx.allow("alloy", destination.service, "log shipping");
      ctx.after(stack.apps.logAgent, stack.apps.logs, "the log store it ships to");
    }
    const env = ingestPasswordEnv(destination);
    ctx.release(stack.apps.logAgent, CHARTS.alloy, {
      fullnameOverride: stack.apps.logAgent,
      // Alloy's own CRDs (PodLogs) are not used.
      crds: { create: false },
      // Exactly what the generated configuration uses (discovery.kubernetes of pods, and
      // loki.source.kubernetes_events), instead of the chart's rules that also read every Secret
      // and ConfigMap of the cluster (for remote.kubernetes.*) and the nodes.
      rbac: structuredClone(ALLOY_RBAC),
      // Like Vector: root, to read root's pod logs as their owner, but without capabilities. The
      // chart takes the pod's settings from global.podSecurityContext.
      global: { podSecurityContext: RESTRICTED_POD },
      controller: {
        type: "daemonset",
        ...(journal
          ? {
              volumes: {
                extra: [
                  { name: "run-journal", hostPath: { path: "/run/log/journal" } },
                  { name: "machine-id", hostPath: { path: "/etc/machine-id", type: "File" } },
                ],
              },
            }
          : {}),
      },
      alloy: {
        // The chart runs the content through `tpl` (templates/configmap.yaml): escaped like Vector's.
        configMap: { content: literalForTpl(alloyConfig(stack)) },
        // No usage reports to Grafana Labs.
        enableReporting: false,
        mounts: {
          varlog: true,
          ...(journal
            ? {
                extra: [
                  { name: "run-journal", mountPath: "/run/log/journal", readOnly: true },
                  { name: "machine-id", mountPath: "/etc/machine-id", readOnly: true },
                ],
              }
            : {}),
        },
        extraEnv: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }, ...env],
        resources: ctx.resources("alloy", { workload: "DaemonSet/alloy", perNode: true }),
        securityContext: RESTRICTED_CONTAINER,
      },
      configReloader: { resources: ctx.resources("alloy-config-reloader", { workload: "DaemonSet/alloy", perNode: true }) },
    });
  },
});
