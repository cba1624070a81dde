// The pods the VictoriaMetrics operator creates from its resources: named <kind>-<name>, labelled
// as operatorPod says, on the HTTP port the operator gives them by default (v0.74: spec.port,
// else these), behind a Service of the same name.
import type { KubeObject } from "../../model/parts.js";
import { operatorPod } from "../../model/stack.js";
import type { OperatorPods } from "../types.js";

const DEFAULT_PORTS: Record<string, number> = { VMSingle: 8428, VMAgent: 8429, VMAlert: 8080, VMAlertmanager: 9093, VMAuth: 8427 };

export function victoriaMetricsPods(object: KubeObject): OperatorPods | undefined {
  const port = DEFAULT_PORTS[object.kind];
  if (!object.apiVersion.startsWith("operator.victoriametrics.com/") || port === undefined) return undefined;
  const kind = object.kind.toLowerCase();
  const spec = (object as { spec?: { port?: string | number } }).spec;
  return { labels: operatorPod(kind, object.metadata.name), port: Number(spec?.port ?? port), service: `${kind}-${object.metadata.name}` };
}
