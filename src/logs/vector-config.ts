// Vector's configuration as vigil generates it: pod logs of the node it runs on, the node's
// journald (K3s), noise filters, and sinks to VictoriaLogs with the stream fields of logs/fields.ts.
// Pure: the component (components/vector.ts) puts it into the chart's values.
import { envRef } from "../model/env-refs.js";
import type { Stack } from "../model/stack.js";
import { logDestination, type LogDestination, type LogStoreName } from "../backends/logs.js";
import { HEALTH_CHECK_LINES, JOURNAL_FIELDS, JOURNAL_UNITS, POD_FIELDS, streamFields, type FieldSource } from "./fields.js";

export const VECTOR_METRICS_PORT = 9090;
/** Sink ids: the LogAgentNotShipping alert and the stack dashboard select on them. */
export const VECTOR_SINKS = { pods: "logstore_pods", journal: "logstore_journal" } as const;

/**
 * VRL that sets the flat fields from their sources and drops the nested originals. The first source
 * that is a string wins: `string(.x)` fails on a missing field, and `??` falls through on failure.
 */
export function fieldsVrl(fields: FieldSource[], drop: string[]): string {
  return [...fields.map((f) => `.${f.field} = ${[...f.from.map((p) => `string(.${p})`), "null"].join(" ?? ")}`), ...drop.map((d) => `del(.${d})`)].join("\n") + "\n";
}

export const vrlString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** The condition of the noise filter: true keeps the line. */
export function keepCondition(stack: Stack): string | undefined {
  const logs = stack.config.logs;
  const drops: string[] = [];
  if (logs.dropHealthChecks) drops.push(`match(string(.message) ?? "", r'${HEALTH_CHECK_LINES}')`);
  for (const d of logs.drop) {
    const parts = [
      ...(d.namespace ? [`.namespace == ${vrlString(d.namespace)}`] : []),
      ...(d.container ? [`.container == ${vrlString(d.container)}`] : []),
      `match(string(.message) ?? "", r'${d.message.replace(/'/g, "\\'")}')`,
    ];
    drops.push(`(${parts.join(" && ")})`);
  }
  return drops.length ? `!(${drops.join(" || ")})` : undefined;
}

export const journaldEnabled = (stack: Stack) => stack.config.logs.journald ?? stack.platform.name === "k3s";

/**
 * In a fleet every line carries the cluster it comes from (set by the remap, a stream field), so
 * the hub's one store tells the clusters apart.
 */
const clusterField = (stack: Stack): string[] => (stack.fleet ? [stack.clusterLabel] : []);
const clusterVrl = (stack: Stack): string => (stack.fleet ? `.${stack.clusterLabel} = ${vrlString(stack.cluster.name)}\n` : "");

function sink(stack: Stack, inputs: string[], fields: FieldSource[]) {
  return vectorSink(stack.config.logs.backend, logDestination(stack), inputs, [...clusterField(stack), ...streamFields(fields)]);
}

/** Vector's sink to a log store (also the fleet hosts' Vector: src/hosts/). */
export function vectorSink(backend: LogStoreName, destination: LogDestination, inputs: string[], streams: string[]) {
  // A sender's user at the hub's ingest; the password comes from its Secret through the environment.
  const auth = destination.basicAuth ? { auth: { strategy: "basic", user: destination.basicAuth.username, password: envRef(destination.basicAuth.env) } } : {};
  if (backend === "loki") {
    return {
      type: "loki",
      inputs,
      endpoint: destination.url,
      ...auth,
      // The stream fields are Loki's labels; the other fields stay in the JSON line.
      labels: Object.fromEntries(streams.map((f) => [f, `{{ ${f} }}`])),
      encoding: { codec: "json" },
      compression: "snappy",
      healthcheck: { enabled: false },
    };
  }
  return {
    type: "elasticsearch",
    inputs,
    endpoints: [`${destination.url}/insert/elasticsearch/`],
    ...auth,
    mode: "bulk",
    api_version: "v8",
    compression: "gzip",
    healthcheck: { enabled: false },
    request: {
      headers: {
        "VL-Time-Field": "timestamp",
        "VL-Msg-Field": "message",
        // Without stream fields every line lands in one stream.
        "VL-Stream-Fields": streams.join(","),
      },
    },
  };
}

export function vectorConfig(stack: Stack): Record<string, unknown> {
  const journal = journaldEnabled(stack);
  const keep = keepCondition(stack);
  const sources: Record<string, unknown> = {
    // kubernetes_logs reads only the pods of the node Vector runs on (VECTOR_SELF_NODE_NAME).
    pods: { type: "kubernetes_logs" },
    vector_metrics: { type: "internal_metrics" },
  };
  const transforms: Record<string, unknown> = {
    pod_fields: {
      type: "remap",
      inputs: ["pods"],
      source: clusterVrl(stack) + fieldsVrl(POD_FIELDS, ["kubernetes", "file", "source_type"]),
    },
  };
  if (journal) {
    sources.journal = { type: "journald", include_units: JOURNAL_UNITS, current_boot_only: true };
    transforms.journal_fields = { type: "remap", inputs: ["journal"], source: clusterVrl(stack) + fieldsVrl(JOURNAL_FIELDS, ["source_type"]) };
  }
  if (keep) transforms.pod_noise = { type: "filter", inputs: ["pod_fields"], condition: keep };
  return {
    data_dir: "/vector-data-dir",
    api: { enabled: false },
    sources,
    transforms,
    sinks: {
      vector_metrics: { type: "prometheus_exporter", inputs: ["vector_metrics"], address: `0.0.0.0:${VECTOR_METRICS_PORT}` },
      [VECTOR_SINKS.pods]: sink(stack, [keep ? "pod_noise" : "pod_fields"], POD_FIELDS),
      ...(journal ? { [VECTOR_SINKS.journal]: sink(stack, ["journal_fields"], JOURNAL_FIELDS) } : {}),
    },
  };
}
