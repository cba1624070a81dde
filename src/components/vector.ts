// Vector as the node agent: a DaemonSet that reads the container logs of its own node (and on K3s
// the node's journald) and ships them to VictoriaLogs (configuration: logs/vector-config.ts).
import { stackScrape } from "../scrape/stack-scrape.js";
import { VECTOR } from "../catalog/documented/stack.js";
import { CHARTS, VECTOR_DEBIAN_TAG } from "../model/versions.js";
import { valuesForTpl } from "../model/helm-tpl.js";
import { defineComponent, type RenderContext } from "./types.js";
import { ingestPasswordEnv, logDestination } from "../backends/logs.js";
import { journaldEnabled, vectorConfig, VECTOR_METRICS_PORT } from "../logs/vector-config.js";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";

/** Its scrape under a job of its own (self-monitoring, through the log registry). */
export function vectorSelfMonitoring(ctx: RenderContext): void {
  const { stack } = ctx;
  stackScrape(ctx, {
    job: "vector",
    by: "pod",
    pods: "vector",
    port: 9090,
    portName: "prom-exporter",
    selector: stack.pods.vector,
    targetRelabel: [{ action: "replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" }],
    where: "Vector pod of every node",
    per: "node",
    seriesPerTarget: 200,
    metrics: VECTOR,
  });
}

export default defineComponent({
  name: "vector",
  description: "Vector, the node agent shipping pod logs",
  // With components.logAgent and logs.agent: vector (src/backends/logs.ts).
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    const destination = logDestination(stack);
    if (destination.service) {
      ctx.allow("vector", destination.service, "log shipping");
      ctx.after(stack.apps.logAgent, stack.apps.logs, "the log store it ships to");
    }
    const env = ingestPasswordEnv(destination);
    ctx.release(stack.apps.logAgent, CHARTS.vector, {
      fullnameOverride: stack.names.vector,
      role: "Agent",
      resources: ctx.resources("vector", { workload: `DaemonSet/${stack.names.vector}`, perNode: true }),
      // The chart sets nothing, so Vector would run as root with every default capability. It stays
      // root (the pod logs are root's files, mode 0640: it reads them as their owner, which needs no
      // capability) but loses the capabilities; its host paths are the documented exception.
      podSecurityContext: RESTRICTED_POD,
      securityContext: RESTRICTED_CONTAINER,
      containerPorts: [{ name: "prom-exporter", containerPort: VECTOR_METRICS_PORT, protocol: "TCP" }],
      // journald needs journalctl, which only the Debian image has, and the host's journal and machine id.
      ...(journaldEnabled(stack)
        ? {
            image: { tag: VECTOR_DEBIAN_TAG },
            extraVolumes: [
              { name: "run-journal", hostPath: { path: "/run/log/journal" } },
              { name: "machine-id", hostPath: { path: "/etc/machine-id", type: "File" } },
            ],
            extraVolumeMounts: [
              { name: "run-journal", mountPath: "/run/log/journal", readOnly: true },
              { name: "machine-id", mountPath: "/etc/machine-id", readOnly: true },
            ],
          }
        : {}),
      service: { enabled: false },
      ...(env.length ? { env } : {}),
      // The chart runs customConfig through `tpl`: the Loki sink's `{{ label }}` templates are escaped.
      customConfig: valuesForTpl(vectorConfig(stack)),
    });
  },
});
