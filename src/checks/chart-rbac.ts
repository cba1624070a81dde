// The RBAC the Helm charts render, as far as the security report goes: which Role or ClusterRole
// each chart creates with the values in force, and its rules. Read from the chart templates at the
// pinned tags (the operator's role.yaml, kube-state-metrics' role.yaml built from `collectors`,
// Grafana's and Loki's sidecar roles switched by `rbac.namespaced`, Vector's rbac.yaml, Alloy's
// `rbac.rules`). Only rules that matter to the report are spelled out where a chart has dozens.
import type { Values } from "../model/parts.js";
import { effective, PARENT, type ChartValuesSource, type Path } from "./chart-pods.js";
import { KSM_DEFAULT_COLLECTORS } from "../components/kube-state-metrics.js";

export interface RbacRule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

export interface ChartRole extends ChartValuesSource {
  chart: string;
  name: string;
  /** Rendered only when this holds for the effective values. */
  when?: (get: (path: Path) => unknown) => boolean;
  kind: (get: (path: Path) => unknown) => "ClusterRole" | "Role";
  rules: (get: (path: Path) => unknown) => RbacRule[];
}

const READ = ["get", "list", "watch"];
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A sidecar that loads ConfigMaps (dashboards, rules): get/watch/list on ConfigMaps and Secrets. */
const sidecarRules = (): RbacRule[] => [{ apiGroups: [""], resources: ["configmaps", "secrets"], verbs: READ }];

/** The plural names of the CRDs the victoria-metrics-operator chart 0.67.2 ships (its crd.yaml). */
const OPERATOR_CRDS = [
  "vlagents", "vlclusters", "vldistributed", "vlogs", "vlsingles", "vmagents", "vmalertmanagerconfigs", "vmalertmanagers", "vmalerts", "vmanomalies", "vmanomalyconfigs", "vmauths",
  "vmclusters", "vmdistributed", "vmnodescrapes", "vmpodscrapes", "vmprobes", "vmrules", "vmscrapeconfigs", "vmservicescrapes", "vmsingles", "vmstaticscrapes", "vmusers", "vtclusters", "vtsingles",
];

/** kube-state-metrics' role, built from `collectors` (one list/watch rule each; only the Secrets one matters to the report), in either backend's chart. */
function ksmRole(chart: string, release: string, enabledPath: Path): ChartRole {
  return {
    chart,
    within: "kube-state-metrics",
    name: `${release}-kube-state-metrics`,
    when: (get) => get(enabledPath) === true && get("rbac.create") === true,
    kind: (get) => (get("rbac.useClusterRole") === true ? "ClusterRole" : "Role"),
    rules: (get) => [
      { apiGroups: ["", "apps", "batch"], resources: list(get("collectors")).filter((c) => c !== "secrets") as string[], verbs: ["list", "watch"] },
      ...(list(get("collectors")).includes("secrets") ? [{ apiGroups: [""], resources: ["secrets"], verbs: ["list", "watch"] }] : []),
    ],
    defaults: { [enabledPath]: true, "rbac.create": true, "rbac.useClusterRole": true, collectors: KSM_DEFAULT_COLLECTORS },
  };
}

/** The alloy chart's role: it renders rbac.rules (and rbac.clusterRules) as written. */
function alloyRole(name: string, controller: "daemonset" | "deployment"): ChartRole {
  return {
    chart: "alloy",
    name,
    when: (get) => get("rbac.create") === true && get("controller.type") === controller,
    kind: (get) => (list(get("rbac.namespaces")).length ? "Role" : "ClusterRole"),
    rules: (get) => [...list(get("rbac.rules")), ...list(get("rbac.clusterRules"))] as RbacRule[],
    defaults: {
      "rbac.create": true,
      "controller.type": "daemonset",
      "rbac.namespaces": [],
      "rbac.rules": [
        { apiGroups: ["", "discovery.k8s.io", "networking.k8s.io"], resources: ["endpoints", "endpointslices", "ingresses", "pods", "services"], verbs: READ },
        { apiGroups: [""], resources: ["pods", "pods/log", "namespaces"], verbs: READ },
        { apiGroups: ["monitoring.grafana.com"], resources: ["podlogs"], verbs: READ },
        { apiGroups: ["monitoring.coreos.com"], resources: ["prometheusrules"], verbs: READ },
        { apiGroups: ["monitoring.coreos.com"], resources: ["alertmanagerconfigs"], verbs: READ },
        { apiGroups: ["monitoring.coreos.com"], resources: ["podmonitors", "servicemonitors", "probes", "scrapeconfigs"], verbs: READ },
        { apiGroups: [""], resources: ["events"], verbs: READ },
        { apiGroups: [""], resources: ["configmaps", "secrets"], verbs: READ },
        { apiGroups: ["apps", "extensions"], resources: ["replicasets"], verbs: READ },
      ],
      "rbac.clusterRules": [
        { apiGroups: [""], resources: ["nodes"], verbs: READ },
        { apiGroups: [""], resources: ["nodes/pods"], verbs: READ },
        { apiGroups: [""], resources: ["nodes/metrics"], verbs: READ },
        { nonResourceURLs: ["/metrics"], verbs: ["get"] },
      ],
    },
  };
}

export const CHART_ROLES: ChartRole[] = [
  {
    chart: "victoria-metrics-k8s-stack",
    within: "victoria-metrics-operator",
    name: "vm-operator",
    when: (get) => get("enabled") === true && get("rbac.create") === true,
    kind: () => "ClusterRole",
    // As the chart's templates/role.yaml renders it at 0.67.2 (checked against a render of the
    // pinned chart by test/render.test.ts): the operator creates and deletes the workloads, Secrets,
    // Services, RBAC, PodDisruptionBudgets, HPAs, Ingresses and NetworkPolicies of every
    // VictoriaMetrics resource, in any namespace. The chart can only narrow it to one namespace
    // (watchNamespaces), which would leave vmagent without its cluster-wide discovery.
    rules: () => [
      { nonResourceURLs: ["/metrics", "/metrics/resources"], verbs: ["get", "watch", "list"] },
      {
        apiGroups: [""],
        resources: ["configmaps", "configmaps/finalizers", "endpoints", "events", "persistentvolumeclaims", "persistentvolumeclaims/finalizers", "pods", "pods/eviction", "secrets", "secrets/finalizers", "services", "services/finalizers", "serviceaccounts", "serviceaccounts/finalizers"],
        verbs: ["*"],
      },
      { apiGroups: [""], resources: ["configmaps/status", "nodes", "nodes/metrics", "namespaces"], verbs: READ },
      { apiGroups: ["apps"], resources: ["daemonsets", "daemonsets/finalizers", "deployments", "deployments/finalizers", "replicasets", "statefulsets", "statefulsets/finalizers", "statefulsets/status"], verbs: ["*"] },
      { apiGroups: ["monitoring.coreos.com"], resources: ["*"], verbs: ["*"] },
      { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterrolebindings", "clusterrolebindings/finalizers", "clusterroles", "clusterroles/finalizers", "roles", "rolebindings"], verbs: ["*"] },
      { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: READ },
      { apiGroups: ["policy"], resources: ["poddisruptionbudgets", "poddisruptionbudgets/finalizers"], verbs: ["*"] },
      { apiGroups: ["route.openshift.io", "image.openshift.io"], resources: ["routers/metrics", "registry/metrics"], verbs: ["get"] },
      { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: ["*"] },
      { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "ingresses/finalizers", "networkpolicies"], verbs: ["*"] },
      { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: ["get", "list"] },
      { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
      // One rule over every CRD the chart ships (templates/role.yaml reads crd.yaml): each plural, its finalizers and status.
      { apiGroups: ["operator.victoriametrics.com"], resources: OPERATOR_CRDS.flatMap((p) => [p, `${p}/finalizers`, `${p}/status`]), verbs: ["*"] },
    ],
    defaults: { enabled: true, "rbac.create": true },
  },
  {
    // Leader election, in the operator's namespace.
    chart: "victoria-metrics-k8s-stack",
    within: "victoria-metrics-operator",
    name: "vm-operator",
    when: (get) => get("enabled") === true && get("rbac.create") === true,
    kind: () => "Role",
    rules: () => [{ apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create", "get", "update"] }],
    defaults: { enabled: true, "rbac.create": true },
  },
  {
    // Aggregated into the built-in admin role: every namespace admin gets all verbs on VictoriaMetrics' resources.
    chart: "victoria-metrics-k8s-stack",
    within: "victoria-metrics-operator",
    name: "vm-operator-victoriametrics-admin",
    when: (get) => get("enabled") === true && get("rbac.create") === true && get("rbac.aggregatedClusterRoles.enabled") === true,
    kind: () => "ClusterRole",
    rules: () => [{ apiGroups: ["operator.victoriametrics.com"], resources: ["vmagents", "vmalerts", "vmsingles", "vmusers"], verbs: ["*"] }],
    defaults: { enabled: true, "rbac.create": true, "rbac.aggregatedClusterRoles.enabled": true },
  },
  ksmRole("victoria-metrics-k8s-stack", "victoria-metrics", "enabled"),
  // kube-prometheus-stack 88.5.3, as the pinned chart renders it (templates/prometheus-operator/
  // clusterrole.yaml, templates/prometheus/clusterrole.yaml): the operator writes the StatefulSets,
  // Secrets and ConfigMaps of every Prometheus and Alertmanager, in any namespace (the chart can
  // narrow it only to listed namespaces, which would hide the ServiceMonitors of other apps).
  {
    chart: "kube-prometheus-stack",
    name: "kps-operator",
    when: (get) => get("prometheusOperator.enabled") === true && get("global.rbac.create") === true,
    kind: () => "ClusterRole",
    rules: () => [
      {
        apiGroups: ["monitoring.coreos.com"],
        resources: ["alertmanagers", "prometheuses", "prometheusagents", "thanosrulers", "scrapeconfigs", "servicemonitors", "podmonitors", "probes", "prometheusrules", "alertmanagerconfigs"].flatMap((p) =>
          p === "alertmanagerconfigs" ? [p] : ["servicemonitors", "podmonitors", "probes", "prometheusrules", "scrapeconfigs"].includes(p) ? [p, `${p}/status`] : [p, `${p}/finalizers`, `${p}/status`],
        ),
        verbs: ["*"],
      },
      { apiGroups: ["apps"], resources: ["statefulsets"], verbs: ["*"] },
      { apiGroups: [""], resources: ["configmaps", "secrets"], verbs: ["*"] },
      { apiGroups: [""], resources: ["pods"], verbs: ["list", "delete"] },
      { apiGroups: [""], resources: ["services", "services/finalizers", "endpoints"], verbs: ["get", "create", "update", "delete"] },
      { apiGroups: [""], resources: ["nodes"], verbs: ["list", "watch"] },
      { apiGroups: [""], resources: ["namespaces"], verbs: READ },
      { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["patch", "create"] },
      { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: READ },
      { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get"] },
      { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "create", "list", "watch", "update", "delete"] },
    ],
    defaults: { "prometheusOperator.enabled": true, "global.rbac.create": true },
  },
  {
    // Prometheus's service discovery and the kubelet's /metrics: read-only, no Secrets.
    chart: "kube-prometheus-stack",
    name: "kps-prometheus",
    when: (get) => get("prometheus.enabled") === true && get("global.rbac.create") === true,
    kind: () => "ClusterRole",
    rules: () => [
      { apiGroups: [""], resources: ["nodes", "nodes/metrics", "services", "endpoints", "pods"], verbs: READ },
      { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
      { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: READ },
      { nonResourceURLs: ["/metrics", "/metrics/cadvisor"], verbs: ["get"] },
    ],
    defaults: { "prometheus.enabled": true, "global.rbac.create": true },
  },
  ksmRole("kube-prometheus-stack", "kube-prometheus-stack", `${PARENT}kubeStateMetrics.enabled`),
  {
    chart: "grafana",
    name: "grafana",
    when: (get) => get("rbac.create") === true && (get("sidecar.dashboards.enabled") === true || get("sidecar.datasources.enabled") === true),
    kind: (get) => (get("rbac.namespaced") === true ? "Role" : "ClusterRole"),
    rules: sidecarRules,
    defaults: { "rbac.create": true, "rbac.namespaced": false, "sidecar.dashboards.enabled": false, "sidecar.datasources.enabled": false },
  },
  {
    chart: "loki",
    name: "loki",
    when: (get) => get("sidecar.rules.enabled") === true && get("singleBinary.sidecar") === true,
    kind: (get) => (get("rbac.namespaced") === true ? "Role" : "ClusterRole"),
    rules: sidecarRules,
    defaults: { "rbac.namespaced": false, "sidecar.rules.enabled": true, "singleBinary.sidecar": true },
  },
  {
    chart: "vector",
    name: "vector",
    when: (get) => get("rbac.create") === true && get("role") === "Agent",
    kind: () => "ClusterRole",
    rules: () => [{ apiGroups: [""], resources: ["namespaces", "nodes", "pods"], verbs: ["list", "watch"] }],
    defaults: { "rbac.create": true, role: "Aggregator" },
  },
  // The alloy chart's two releases, each named after its fullname: the log agent and the trace collector.
  alloyRole("alloy", "daemonset"),
  alloyRole("trace-collector", "deployment"),
];

/** The Role or ClusterRole a chart renders with these values, as an object the report can read. */
export function chartRole(role: ChartRole, values: Values): { kind: string; name: string; rules: RbacRule[] } | undefined {
  const get = (path: Path) => effective(role, values, path);
  if (role.when && !role.when(get)) return undefined;
  return { kind: role.kind(get), name: role.name, rules: role.rules(get) };
}
