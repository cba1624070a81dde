import type { KubeObject } from "./parts.js";
// The restricted Pod Security settings vigil gives every pod, shared by its own objects and the
// charts' values: seccomp RuntimeDefault on the pod, no privilege escalation and no capabilities in
// each container. Users and groups are per image (the charts' defaults, or 65534 for vigil's own).
export const RESTRICTED_POD = { seccompProfile: { type: "RuntimeDefault" } } as const;
export const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } as const;
/** As user nobody, for images that run as root by default. */
export const NOBODY = { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 } as const;

/** Where each kind that runs pods keeps its pod template (its spec). */
const POD_TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  Pod: ["spec"],
};

/** Kinds that run pods: the ones whose pod template the report checks. */
export const isWorkload = (kind: string) => kind in POD_TEMPLATE_PATHS;

type Any = Record<string, any>;
const at = (o: unknown, path: string[]): Any | undefined => path.reduce<any>((v, k) => (v == null ? undefined : v[k]), o);

/** The pod a workload runs: its template's labels and pod spec. */
export function podTemplateOf(object: KubeObject): { labels: Record<string, string>; spec: Any } | undefined {
  const path = POD_TEMPLATE_PATHS[object.kind];
  const spec = path && at(object, path);
  if (!spec) return undefined;
  const labels = object.kind === "Pod" ? object.metadata.labels : at(object, [...path.slice(0, -1), "metadata", "labels"]);
  return { labels: (labels as Record<string, string> | undefined) ?? {}, spec };
}
