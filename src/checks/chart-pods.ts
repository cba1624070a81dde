// The pods the Helm charts render, as far as security goes: which values each pod's and
// container's securityContext and resources come from, and the charts' defaults for them at the
// pinned versions. vigil has no Helm to render the charts, so `vigil check` rebuilds each pod's
// effective settings the way Helm does (chart defaults, then vigil's values merged over them) and
// runs the same rules as for vigil's own pods.
//
// Facts read from each chart's templates at its pinned tag (pod template, helpers such as
// victoria-metrics-common's vm.securityContext which drops an `enabled` key); the defaults are
// the charts' values.yaml, compared with the reference copies in test/chart-pods.test.ts.
import type { Values } from "../model/parts.js";
import { valueAt } from "../model/values.js";

export type Path = string;

export interface ChartContainer {
  name: string;
  /** Where its securityContext comes from; with several, the first non-empty wins (no merge). */
  securityContext: Path | Path[];
  resources: Path;
  /** Rendered only when this holds for the effective values. */
  when?: (get: (path: Path) => unknown) => boolean;
}

export interface ChartPod extends ChartValuesSource {
  /** Chart name, as releases name it. */
  chart: string;
  workload: string;
  when?: (get: (path: Path) => unknown) => boolean;
  /** Where the pod's securityContext comes from; none when the chart writes none. */
  podSecurityContext?: Path | Path[];
  containers: ChartContainer[];
  /** Containers the values hold whole (extraInitContainers): checked as written. */
  verbatimContainers?: Path;
  /** Volumes the values hold whole (extraVolumes): their host paths count as host access. */
  verbatimVolumes?: Path;
  /** Host access the chart always gives the pod (node agents). */
  host?: { hostNetwork?: boolean; hostPID?: boolean; hostPaths: string[] };
}

/** Paths beginning with this read the parent chart's values (a subchart's condition, e.g. kubeStateMetrics.enabled). */
export const PARENT = "^";

const RUNTIME_DEFAULT = { type: "RuntimeDefault" };
const DROP_ALL = { drop: ["ALL"] };
const enabled = (path: Path) => (get: (p: Path) => unknown) => get(path) === true;

/**
 * kube-state-metrics and node-exporter, which both metrics backends' charts bundle as subcharts
 * (7.5.3 and 4.55.1 in victoria-metrics-k8s-stack, 8.4.0 and 4.56.1 in kube-prometheus-stack: the
 * same settings). `release` names the Deployment; the switches are each parent's.
 */
function bundledExporterPods(chart: string, release: string, ksmEnabled: Path, nodeExporterEnabled: Path): ChartPod[] {
  return [
    {
      chart,
      within: "kube-state-metrics",
      workload: `Deployment/${release}-kube-state-metrics`,
      when: enabled(ksmEnabled),
      podSecurityContext: "securityContext",
      containers: [{ name: "kube-state-metrics", securityContext: "containerSecurityContext", resources: "resources" }],
      defaults: {
        [ksmEnabled]: true,
        securityContext: { enabled: true, runAsGroup: 65534, runAsUser: 65534, fsGroup: 65534, runAsNonRoot: true, seccompProfile: RUNTIME_DEFAULT },
        containerSecurityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: DROP_ALL },
        resources: {},
      },
    },
    {
      chart,
      within: "prometheus-node-exporter",
      workload: "DaemonSet/node-exporter",
      when: enabled(nodeExporterEnabled),
      podSecurityContext: "securityContext",
      containers: [{ name: "node-exporter", securityContext: "containerSecurityContext", resources: "resources" }],
      host: { hostNetwork: true, hostPID: true, hostPaths: ["/proc", "/sys", "/"] },
      defaults: {
        [nodeExporterEnabled]: true,
        securityContext: { fsGroup: 65534, runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
        containerSecurityContext: { readOnlyRootFilesystem: true },
        resources: {},
      },
    },
  ];
}

/** The alloy chart's pod as one of its controller types renders it. */
function alloyPod(workload: string, controller: "daemonset" | "deployment", host?: ChartPod["host"]): ChartPod {
  return {
    chart: "alloy",
    workload,
    when: (get) => get("controller.type") === controller,
    podSecurityContext: "global.podSecurityContext",
    containers: [
      { name: "alloy", securityContext: "alloy.securityContext", resources: "alloy.resources" },
      { name: "config-reloader", securityContext: "configReloader.securityContext", resources: "configReloader.resources", when: enabled("configReloader.enabled") },
    ],
    ...(host ? { host } : {}),
    verbatimVolumes: "controller.volumes.extra",
    defaults: {
      "controller.type": "daemonset",
      "controller.volumes.extra": [],
      "global.podSecurityContext": {},
      "alloy.securityContext": {},
      "alloy.resources": {},
      "configReloader.enabled": true,
      "configReloader.securityContext": { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: DROP_ALL, runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: RUNTIME_DEFAULT },
      "configReloader.resources": { requests: { cpu: "10m", memory: "50Mi" } },
    },
  };
}

export const CHART_PODS: ChartPod[] = [
  {
    chart: "victoria-metrics-k8s-stack",
    within: "victoria-metrics-operator",
    workload: "Deployment/vm-operator",
    when: enabled("enabled"),
    podSecurityContext: "podSecurityContext",
    containers: [{ name: "operator", securityContext: "securityContext", resources: "resources" }],
    defaults: {
      enabled: true,
      podSecurityContext: { enabled: true, fsGroup: 2000, runAsNonRoot: true, runAsUser: 1000 },
      securityContext: { enabled: true, allowPrivilegeEscalation: false, capabilities: DROP_ALL, readOnlyRootFilesystem: true },
      resources: {},
    },
  },
  ...bundledExporterPods("victoria-metrics-k8s-stack", "victoria-metrics", "enabled", "enabled"),
  // kube-prometheus-stack 88.5.3 (metrics.backend: prometheus): the operator, and the same two
  // exporter subcharts at kube-state-metrics 8.4.0 and prometheus-node-exporter 4.56.1. Prometheus
  // and Alertmanager are the operator's (restricted by the operator: statefulset.go securityContext).
  {
    chart: "kube-prometheus-stack",
    workload: "Deployment/kps-operator",
    when: enabled("prometheusOperator.enabled"),
    podSecurityContext: "prometheusOperator.securityContext",
    containers: [{ name: "kube-prometheus-stack", securityContext: "prometheusOperator.containerSecurityContext", resources: "prometheusOperator.resources" }],
    defaults: {
      "prometheusOperator.enabled": true,
      "prometheusOperator.securityContext": { fsGroup: 65534, runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534, seccompProfile: RUNTIME_DEFAULT },
      "prometheusOperator.containerSecurityContext": { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: DROP_ALL },
      "prometheusOperator.resources": {},
    },
  },
  ...bundledExporterPods("kube-prometheus-stack", "kube-prometheus-stack", `${PARENT}kubeStateMetrics.enabled`, `${PARENT}nodeExporter.enabled`),
  {
    chart: "grafana",
    workload: "Deployment/grafana",
    podSecurityContext: "securityContext",
    containers: [
      { name: "grafana", securityContext: "containerSecurityContext", resources: "resources" },
      { name: "grafana-sc-dashboard", securityContext: "sidecar.securityContext", resources: "sidecar.resources", when: enabled("sidecar.dashboards.enabled") },
      { name: "grafana-sc-datasources", securityContext: "sidecar.securityContext", resources: "sidecar.resources", when: enabled("sidecar.datasources.enabled") },
      {
        name: "init-chown-data",
        securityContext: "initChownData.securityContext",
        resources: "initChownData.resources",
        when: (get) => get("persistence.enabled") === true && get("initChownData.enabled") === true,
      },
    ],
    verbatimContainers: "extraInitContainers",
    defaults: {
      securityContext: { runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472 },
      containerSecurityContext: { allowPrivilegeEscalation: false, privileged: false, capabilities: DROP_ALL, seccompProfile: RUNTIME_DEFAULT },
      resources: {},
      "sidecar.securityContext": { allowPrivilegeEscalation: false, capabilities: DROP_ALL, seccompProfile: RUNTIME_DEFAULT },
      "sidecar.resources": {},
      "sidecar.dashboards.enabled": false,
      "sidecar.datasources.enabled": false,
      "persistence.enabled": false,
      "initChownData.enabled": true,
      "initChownData.securityContext": { readOnlyRootFilesystem: false, runAsNonRoot: false, runAsUser: 0, seccompProfile: RUNTIME_DEFAULT, capabilities: { add: ["CHOWN", "DAC_OVERRIDE"], drop: ["ALL"] } },
      "initChownData.resources": {},
      extraInitContainers: [],
    },
  },
  {
    // The chart's helm-test Pod: Argo CD does not run Helm test hooks, but vigil switches it off.
    chart: "grafana",
    workload: "Pod/grafana-test",
    when: enabled("testFramework.enabled"),
    podSecurityContext: "testFramework.securityContext",
    containers: [{ name: "grafana-test", securityContext: "testFramework.containerSecurityContext", resources: "testFramework.resources" }],
    defaults: { "testFramework.enabled": true, "testFramework.securityContext": {}, "testFramework.containerSecurityContext": {}, "testFramework.resources": {} },
  },
  {
    chart: "victoria-logs-single",
    workload: "StatefulSet/victoria-logs",
    podSecurityContext: "server.podSecurityContext",
    containers: [{ name: "vlogs", securityContext: "server.securityContext", resources: "server.resources" }],
    defaults: {
      "server.podSecurityContext": { enabled: true, fsGroup: 2000, runAsNonRoot: true, runAsUser: 1000 },
      "server.securityContext": { enabled: true, allowPrivilegeEscalation: false, capabilities: DROP_ALL, readOnlyRootFilesystem: true },
      "server.resources": {},
    },
  },
  // victoria-logs-cluster 0.2.8: a part each, under the names vigil gives them (fullnameOverride).
  ...(["vlinsert", "vlselect", "vlstorage"] as const).map((part) => ({
    chart: "victoria-logs-cluster",
    workload: `${part === "vlstorage" ? "StatefulSet" : "Deployment"}/${part}`,
    podSecurityContext: `${part}.podSecurityContext`,
    containers: [{ name: part, securityContext: `${part}.securityContext`, resources: `${part}.resources` }],
    defaults: {
      [`${part}.podSecurityContext`]: { enabled: true, fsGroup: 1000 },
      [`${part}.securityContext`]: { enabled: true, runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 },
      [`${part}.resources`]: {},
    },
  })),
  {
    chart: "vector",
    workload: "DaemonSet/vector",
    podSecurityContext: "podSecurityContext",
    containers: [{ name: "vector", securityContext: "securityContext", resources: "resources" }],
    // The Agent role's default volumes, and its data directory on the host.
    host: { hostPaths: ["/var/log/", "/var/lib/", "/proc", "/sys", "/var/lib/vector"] },
    verbatimVolumes: "extraVolumes",
    defaults: { podSecurityContext: {}, securityContext: {}, resources: {}, extraVolumes: [] },
  },
  // The alloy chart's two releases: the log agent (a DaemonSet reading /var/log) and the trace
  // collector (components/trace-collector.ts, a Deployment without host paths).
  alloyPod("DaemonSet/alloy", "daemonset", { hostPaths: ["/var/log"] }),
  alloyPod("Deployment/trace-collector", "deployment"),
  {
    chart: "loki",
    workload: "StatefulSet/loki",
    podSecurityContext: ["singleBinary.podSecurityContext", "defaults.podSecurityContext", "loki.podSecurityContext"],
    containers: [
      { name: "loki", securityContext: ["singleBinary.containerSecurityContext", "defaults.containerSecurityContext", "loki.containerSecurityContext"], resources: "singleBinary.resources" },
      { name: "loki-sc-rules", securityContext: "sidecar.securityContext", resources: "sidecar.resources", when: (get) => get("singleBinary.sidecar") === true && get("sidecar.rules.enabled") === true },
    ],
    defaults: {
      "defaults.podSecurityContext": {},
      "defaults.containerSecurityContext": {},
      "loki.podSecurityContext": { fsGroup: 10001, fsGroupChangePolicy: "OnRootMismatch", runAsGroup: 10001, runAsNonRoot: true, runAsUser: 10001, seccompProfile: RUNTIME_DEFAULT },
      "loki.containerSecurityContext": { readOnlyRootFilesystem: true, capabilities: DROP_ALL, allowPrivilegeEscalation: false, seccompProfile: RUNTIME_DEFAULT },
      "singleBinary.resources": {},
      "singleBinary.sidecar": true,
      "sidecar.rules.enabled": true,
      "sidecar.securityContext": { readOnlyRootFilesystem: true, capabilities: DROP_ALL, allowPrivilegeEscalation: false, seccompProfile: RUNTIME_DEFAULT },
      "sidecar.resources": {},
    },
  },
  {
    chart: "tempo",
    workload: "StatefulSet/tempo",
    podSecurityContext: "securityContext",
    containers: [
      { name: "tempo", securityContext: "tempo.securityContext", resources: "tempo.resources" },
      { name: "tempo-query", securityContext: "tempoQuery.securityContext", resources: "tempoQuery.resources", when: enabled("tempoQuery.enabled") },
    ],
    defaults: {
      securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, runAsNonRoot: true },
      "tempo.securityContext": {},
      "tempo.resources": {},
      "tempoQuery.enabled": false,
      "tempoQuery.securityContext": {},
      "tempoQuery.resources": {},
    },
  },
  {
    // The chart writes no pod securityContext (podSecurityContext is in its values but unused).
    chart: "prometheus-pve-exporter",
    workload: "Deployment/pve-exporter",
    containers: [{ name: "prometheus-pve-exporter", securityContext: "securityContext", resources: "resources" }],
    defaults: { securityContext: { capabilities: DROP_ALL, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65534 }, resources: {} },
  },
];

const isMap = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

/** Helm's coalescing of user values over chart defaults: maps merge, null deletes, the rest replaces. */
export function coalesce(defaults: unknown, user: unknown): unknown {
  if (user === undefined) return defaults;
  if (user === null) return undefined;
  if (!isMap(user) || !isMap(defaults)) return user;
  const out: Values = { ...defaults };
  for (const [k, v] of Object.entries(user)) {
    const merged = coalesce(defaults[k], v);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

const at = valueAt;

/** What a chart fact needs to read values: the subchart it lives in, and the chart's defaults. */
export interface ChartValuesSource {
  /** Subchart key inside the release's values (victoria-metrics-k8s-stack's dependencies). */
  within?: string;
  /** The chart's defaults of every path the fact reads (its values.yaml at the pinned version). */
  defaults: Record<Path, unknown>;
}

/** The effective value of a chart path: the chart default with the release's values over it. */
export function effective(source: ChartValuesSource, releaseValues: Values, path: Path): unknown {
  if (path.startsWith(PARENT)) return coalesce(source.defaults[path], at(releaseValues, path.slice(PARENT.length)));
  const mine = source.within ? at(releaseValues, source.within) : releaseValues;
  return coalesce(source.defaults[path], at(mine, path));
}

/** A securityContext as the chart renders it: the first non-empty source, without `enabled` (false: none). */
function securityContextOf(pod: ChartPod, values: Values, source: Path | Path[] | undefined): Values | undefined {
  for (const path of [source ?? []].flat()) {
    const sc = effective(pod, values, path);
    if (!isMap(sc) || Object.keys(sc).length === 0) continue;
    if (sc.enabled === false) return undefined;
    const { enabled: _, ...rest } = sc;
    return rest;
  }
  return undefined;
}

/** The pod spec a chart renders, as far as the security rules look: securityContexts, resources, host access. */
export function chartPodSpec(pod: ChartPod, values: Values): Values | undefined {
  const get = (path: Path) => effective(pod, values, path);
  if (pod.when && !pod.when(get)) return undefined;
  const containers = pod.containers
    .filter((c) => !c.when || c.when(get))
    .map((c) => ({ name: c.name, securityContext: securityContextOf(pod, values, c.securityContext), resources: get(c.resources) }));
  const verbatim = pod.verbatimContainers ? get(pod.verbatimContainers) : undefined;
  const extraVolumes = pod.verbatimVolumes ? get(pod.verbatimVolumes) : undefined;
  return {
    ...(pod.podSecurityContext ? { securityContext: securityContextOf(pod, values, pod.podSecurityContext) } : {}),
    ...(pod.host?.hostNetwork ? { hostNetwork: true } : {}),
    ...(pod.host?.hostPID ? { hostPID: true } : {}),
    volumes: [...(pod.host?.hostPaths ?? []).map((path, i) => ({ name: `host-${i}`, hostPath: { path } })), ...(Array.isArray(extraVolumes) ? extraVolumes : [])],
    initContainers: Array.isArray(verbatim) ? verbatim : [],
    containers,
  };
}
