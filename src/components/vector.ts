// Vector as the node agent: a DaemonSet that reads the container logs of its own node and
// ships them to VictoriaLogs through its Elasticsearch-compatible bulk API.
import { CHARTS } from "../model/versions.js";
import { defineComponent } from "./types.js";

/** Fields that make a log stream in VictoriaLogs; without them every log lands in one stream. */
export const VECTOR_STREAM_FIELDS = ["kubernetes.pod_namespace", "kubernetes.pod_name", "kubernetes.container_name"];
const METRICS_PORT = 9090;

export default defineComponent({
  name: "vector",
  description: "Vector, the node agent shipping pod logs",
  enabledWhen: (stack) => stack.enabled.logs && stack.enabled.logAgent,
  render(ctx) {
    const { stack } = ctx;
    ctx.release(stack.apps.logAgent, CHARTS.vector, {
      fullnameOverride: stack.names.vector,
      role: "Agent",
      resources: ctx.resources("vector", { workload: `DaemonSet/${stack.names.vector}`, perNode: true }),
      containerPorts: [{ name: "prom-exporter", containerPort: METRICS_PORT, protocol: "TCP" }],
      service: { enabled: false },
      customConfig: {
        data_dir: "/vector-data-dir",
        api: { enabled: false },
        sources: {
          // kubernetes_logs reads only the pods of the node Vector runs on (VECTOR_SELF_NODE_NAME).
          k8s: { type: "kubernetes_logs" },
          internal_metrics: { type: "internal_metrics" },
        },
        transforms: {
          parser: {
            type: "remap",
            inputs: ["k8s"],
            source: ".log = parse_json(.message) ?? .message\ndel(.message)\n",
          },
        },
        sinks: {
          metrics: { type: "prometheus_exporter", inputs: ["internal_metrics"], address: `0.0.0.0:${METRICS_PORT}` },
          victorialogs: {
            type: "elasticsearch",
            inputs: ["parser"],
            endpoints: [`${stack.services.victoriaLogs.url}/insert/elasticsearch/`],
            mode: "bulk",
            api_version: "v8",
            compression: "gzip",
            healthcheck: { enabled: false },
            request: {
              headers: {
                "VL-Time-Field": "timestamp",
                "VL-Msg-Field": "log.msg,log.message,log",
                "VL-Stream-Fields": VECTOR_STREAM_FIELDS.join(","),
              },
            },
          },
        },
      },
    });
  },
});
