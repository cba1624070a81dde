// The pods the VictoriaMetrics operator creates from its resources: named <kind>-<name>, labelled
// as operatorPod says, on the HTTP port the operator gives them by default (v0.74: spec.port,
// else these), behind a Service of the same name. A VMCluster makes three sets: vmstorage,
// vminsert and vmselect, labelled as the operator's ClusterSelectorLabels say.
import type { KubeObject } from "../../model/parts.js";
import { operatorPod } from "../../model/stack.js";
import type { OperatorPods } from "../types.js";
import { VM_CLUSTER_PARTS, type VmClusterPart } from "./names.js";

const DEFAULT_PORTS: Record<string, number> = { VMSingle: 8428, VMAgent: 8429, VMAlert: 8080, VMAlertmanager: 9093, VMAuth: 8427 };

/** Selector labels of a VMCluster part's pods (operator v0.74 vmextra_types.go ClusterSelectorLabels). */
export const vmClusterPod = (part: VmClusterPart, name: string) => ({ ...operatorPod(part, name), "app.kubernetes.io/component": "monitoring" });

function clusterPods(object: KubeObject): OperatorPods[] {
  const name = object.metadata.name;
  return (Object.keys(VM_CLUSTER_PARTS) as VmClusterPart[]).map((part) => {
    const p = VM_CLUSTER_PARTS[part];
    const ports = [{ name: "http", port: p.port }, ...("vminsertPort" in p ? [{ name: "vminsert", port: p.vminsertPort }, { name: "vmselect", port: p.vmselectPort }] : [])];
    return { what: `VMCluster/${name} ${part}`, labels: vmClusterPod(part, name), ports, service: `${part}-${name}`, spec: (object as { spec?: Record<string, unknown> }).spec?.[part] ?? {} };
  });
}

export function victoriaMetricsPods(object: KubeObject): OperatorPods[] {
  if (!object.apiVersion.startsWith("operator.victoriametrics.com/")) return [];
  if (object.kind === "VMCluster") return clusterPods(object);
  const port = DEFAULT_PORTS[object.kind];
  if (port === undefined) return [];
  const kind = object.kind.toLowerCase();
  const spec = (object as { spec?: { port?: string | number } }).spec;
  return [{ what: `${object.kind}/${object.metadata.name}`, labels: operatorPod(kind, object.metadata.name), ports: [{ name: "http", port: Number(spec?.port ?? port) }], service: `${kind}-${object.metadata.name}` }];
}
