// The security report of the charts' own pods and RBAC: the defaults vigil assumes are the charts'
// (reference values.yaml at the pinned versions), Helm's coalescing is reproduced, every variant's
// chart pods and roles pass, and a defect planted through values is caught with its file, object and fix.
import { describe, expect, it } from "vitest";
import { generate } from "../src/pipeline.js";
import { COMPONENTS } from "../src/components/index.js";
import { defineComponent, type Values } from "../src/components/types.js";
import { CHART_PODS, chartPodSpec, coalesce, PARENT } from "../src/checks/chart-pods.js";
import { podFindings, securityFindings, EXCEPTIONS, type SecurityRule } from "../src/checks/security.js";
import { CHARTS, SUBCHARTS } from "../src/model/versions.js";
import { CHART_ROLES } from "../src/checks/chart-rbac.js";
import { KSM_COLLECTORS } from "../src/components/kube-state-metrics.js";
import { parsedConfig, referenceAvailable } from "./helpers.js";
import { chartValues } from "./reference.js";
import { VARIANTS } from "./variants.js";

const at = (values: unknown, path: string): unknown => path.split(".").reduce<any>((v, k) => (v && typeof v === "object" ? v[k] : undefined), values);
/** The chart's own rules, written back as values: what Alloy would get without vigil's narrowing. */
const CHART_ROLE_DEFAULTS = {
  alloy: { rules: CHART_ROLES.find((r) => r.name === "alloy")!.defaults["rbac.rules"], clusterRules: CHART_ROLES.find((r) => r.name === "alloy")!.defaults["rbac.clusterRules"] },
};
const pinned = (chart: string) => Object.values(CHARTS).find((c) => c.chart === chart)!.version;

async function findings(input: unknown, app?: string, values?: Values) {
  const plant = defineComponent({
    name: "planted",
    description: "plants a defect through chart values",
    enabledWhen: () => true,
    render(ctx) {
      if (app && values) ctx.values(app, values);
    },
  });
  const g = await generate(parsedConfig(input), { source: "test", components: [...COMPONENTS, plant] });
  return securityFindings({ objects: g.output.objects, releases: g.output.releases, namespace: g.stack.namespace });
}

describe("the charts' pods", () => {
  it.runIf(referenceAvailable("chart defaults of the security settings"))("the defaults vigil assumes are the pinned charts' own", () => {
    const wrong: string[] = [];
    for (const fact of [...CHART_PODS.map((p) => ({ ...p, id: p.workload })), ...CHART_ROLES.map((r) => ({ ...r, id: `role ${r.name}` }))]) {
      const parent = chartValues(fact.chart, pinned(fact.chart));
      const own = fact.within ? chartValues(fact.within, SUBCHARTS[fact.chart]![fact.within]!) : parent;
      for (const [path, assumed] of Object.entries(fact.defaults)) {
        // A subchart's `enabled` lives in the parent; its other values are the subchart's, with the parent's overrides.
        // A path marked PARENT is the parent's own (kube-prometheus-stack's kubeStateMetrics.enabled).
        const actual = path.startsWith(PARENT)
          ? at(parent, path.slice(PARENT.length))
          : fact.within
            ? path === "enabled"
              ? at(parent, `${fact.within}.enabled`)
              : coalesce(at(own, path), at(parent, `${fact.within}.${path}`))
            : at(own, path);
        if (JSON.stringify(actual) !== JSON.stringify(assumed)) wrong.push(`${fact.id} ${path}: assumed ${JSON.stringify(assumed)}, chart has ${JSON.stringify(actual)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.runIf(referenceAvailable("kube-state-metrics' default collectors"))("kube-state-metrics runs the chart's default collectors but secrets", () => {
    const defaults = chartValues("kube-state-metrics", SUBCHARTS["victoria-metrics-k8s-stack"]!["kube-state-metrics"]!).collectors as string[];
    expect(KSM_COLLECTORS).toEqual(defaults.filter((c) => c !== "secrets"));
  });

  it("coalesces like Helm: maps merge, null deletes, lists and scalars replace", () => {
    expect(coalesce({ a: 1, b: { c: 2, d: 3 }, l: [1] }, { b: { d: null, e: 4 }, l: [2] })).toEqual({ a: 1, b: { c: 2, e: 4 }, l: [2] });
    expect(coalesce({ a: 1 }, undefined)).toEqual({ a: 1 });
  });

  it.each(Object.entries(VARIANTS))("no finding in any chart pod: %s", async (_, input) => {
    expect(await findings(input)).toEqual([]);
  });

  it("the host-access exceptions are narrow: without them, node-exporter and Vector fail only on host access (and Vector on root)", async () => {
    const g = await generate(parsedConfig({}), { source: "test" });
    const raw = (workload: string) => {
      const pod = CHART_PODS.find((p) => p.workload === workload)!;
      const release = g.output.releases.find((r) => r.chart === pod.chart)!;
      const [kind, name] = workload.split("/") as [string, string];
      return [...new Set(podFindings(release.file, { apiVersion: "v1", kind, metadata: { name } }, chartPodSpec(pod, release.values)!).map((f) => f.rule))].sort();
    };
    expect(raw("DaemonSet/node-exporter")).toEqual(["host-access"]);
    expect(raw("DaemonSet/vector")).toEqual(["host-access", "root"]);
    expect(EXCEPTIONS.map((e) => [`${e.kind}/${e.name}`, e.rules])).toEqual([
      ["ClusterRole/vm-operator", ["wildcard-rbac", "cluster-secrets"]],
      ["ClusterRole/kps-operator", ["wildcard-rbac", "cluster-secrets"]],
      ["DaemonSet/node-exporter", ["host-access"]],
      ["DaemonSet/vector", ["host-access", "root"]],
      ["DaemonSet/alloy", ["host-access", "root"]],
    ]);
  });

  const planted: [string, string, Values, string, SecurityRule, RegExp][] = [
    ["a privileged Vector", "vector", { securityContext: { privileged: true } }, "DaemonSet/vector container vector", "privileged", /privileged/],
    ["the operator without seccomp", "victoria-metrics", { "victoria-metrics-operator": { podSecurityContext: { seccompProfile: null } } }, "Deployment/vm-operator container operator", "seccomp", /RuntimeDefault/],
    ["kube-state-metrics' pod settings switched off", "victoria-metrics", { "kube-state-metrics": { securityContext: { enabled: false } } }, "Deployment/victoria-metrics-kube-state-metrics container kube-state-metrics", "root", /runAsNonRoot/],
    ["node-exporter without limits", "victoria-metrics", { "prometheus-node-exporter": { resources: null } }, "DaemonSet/node-exporter container node-exporter", "no-limits", /limits/],
    ["Grafana's chown init container (runs as root with CHOWN)", "grafana", { persistence: { enabled: true }, initChownData: { enabled: true } }, "Deployment/grafana container init-chown-data", "root", /runAsNonRoot/],
    ["Grafana's helm-test pod", "grafana", { testFramework: { enabled: true } }, "Pod/grafana-test container grafana-test", "privilege-escalation", /allowPrivilegeEscalation/],
    ["VictoriaLogs with escalation", "victoria-logs", { server: { securityContext: { allowPrivilegeEscalation: true } } }, "StatefulSet/victoria-logs container vlogs", "privilege-escalation", /allowPrivilegeEscalation: false/],
    ["VMSingle without strict security", "victoria-metrics", { vmsingle: { spec: { useStrictSecurity: false } } }, "VMSingle (values vmsingle.spec)", "root", /useStrictSecurity: true/],
    ["Grafana's sidecar with the chart's ClusterRole", "grafana", { rbac: { namespaced: false } }, "ClusterRole/grafana", "cluster-secrets", /Role in the namespace/],
    ["kube-state-metrics' secrets collector", "victoria-metrics", { "kube-state-metrics": { collectors: [...KSM_COLLECTORS, "secrets"] } }, "ClusterRole/victoria-metrics-kube-state-metrics", "cluster-secrets", /Role in the namespace/],
    ["the operator's aggregated admin role", "victoria-metrics", { "victoria-metrics-operator": { rbac: { aggregatedClusterRoles: { enabled: true } } } }, "ClusterRole/vm-operator-victoriametrics-admin", "wildcard-rbac", /name the verbs/],
    ["vmagent's config-reloader without limits", "victoria-metrics", { vmagent: { spec: { configReloaderResources: null } } }, "VMAgent (values vmagent.spec) container config-reloader", "no-limits", /configReloaderResources/],
  ];

  it("Alloy with the chart's own rules would read every Secret: vigil's rules replace them", async () => {
    const found = (await findings({ logs: { agent: "alloy", backend: "loki" } }, "alloy", { rbac: CHART_ROLE_DEFAULTS.alloy })).map((f) => [f.object, f.rule]);
    expect(found).toEqual([["ClusterRole/alloy", "cluster-secrets"]]);
  });

  // The same on kube-prometheus-stack (metrics.backend: prometheus).
  const PROMETHEUS = { metrics: { backend: "prometheus" } };
  const plantedOnPrometheus: [string, string, Values, string, SecurityRule, RegExp][] = [
    ["the prometheus-operator without seccomp", "kube-prometheus-stack", { prometheusOperator: { securityContext: { seccompProfile: null } } }, "Deployment/kps-operator container kube-prometheus-stack", "seccomp", /RuntimeDefault/],
    ["its kube-state-metrics with the secrets collector", "kube-prometheus-stack", { "kube-state-metrics": { collectors: [...KSM_COLLECTORS, "secrets"] } }, "ClusterRole/kube-prometheus-stack-kube-state-metrics", "cluster-secrets", /Role in the namespace/],
    ["Prometheus without limits", "kube-prometheus-stack", { prometheus: { prometheusSpec: { resources: { limits: null } } } }, "Prometheus (values prometheus.prometheusSpec)", "no-limits", /resources\.limits/],
    ["Alertmanager as root", "kube-prometheus-stack", { alertmanager: { alertmanagerSpec: { securityContext: { runAsNonRoot: false, runAsUser: 0 } } } }, "Alertmanager (values alertmanager.alertmanagerSpec)", "root", /runAsNonRoot: true/],
    ["the config reloaders without limits", "kube-prometheus-stack", { prometheusOperator: { prometheusConfigReloader: { resources: null } } }, "Prometheus (values prometheus.prometheusSpec) container config-reloader", "no-limits", /prometheusConfigReloader/],
    ["its node-exporter without limits", "kube-prometheus-stack", { "prometheus-node-exporter": { resources: null } }, "DaemonSet/node-exporter container node-exporter", "no-limits", /limits/],
  ];

  it.each(plantedOnPrometheus)("catches %s with file, object and fix", async (_, app, values, object, rule, fix) => {
    const found = (await findings(PROMETHEUS, app, values)).filter((f) => f.object === object && f.rule === rule);
    expect(found).toHaveLength(1);
    expect(found[0]!.file).toBe(`monitoring/${app}/values.yaml`);
    expect(found[0]!.fix).toMatch(fix);
  });

  it.each(planted)("catches %s with file, object and fix", async (_, app, values, object, rule, fix) => {
    const found = (await findings({}, app, values)).filter((f) => f.object === object && f.rule === rule);
    expect(found).toHaveLength(1);
    expect(found[0]!.file).toBe(`monitoring/${app}/values.yaml`);
    expect(found[0]!.fix).toMatch(fix);
  });
});
