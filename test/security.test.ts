// The security report: zero findings on every variant vigil generates, and each planted defect
// caught with its file, object and fix, failing the build.
import { describe, expect, it } from "vitest";
import { generate } from "../src/pipeline.js";
import { COMPONENTS } from "../src/components/index.js";
import { defineComponent, type KubeObject } from "../src/components/types.js";
import { securityFindings, type SecurityRule } from "../src/checks/security.js";
import { buildCluster, parsedConfig, tempDir, vigil } from "./helpers.js";
import { CLUSTER_CASES } from "./variants.js";

const findingsOf = async (input: unknown, planted: KubeObject[] = [], values?: Record<string, unknown>) => {
  const plant = defineComponent({
    name: "planted",
    description: "plants a defect",
    enabledWhen: () => true,
    render(ctx) {
      for (const o of planted) ctx.object("planted", o);
      if (values) ctx.values(ctx.stack.apps.grafana, values);
    },
  });
  const g = await generate(parsedConfig(input), { source: "test", components: [...COMPONENTS, plant] });
  return { findings: securityFindings({ objects: g.output.objects, releases: g.output.releases, namespace: g.stack.namespace }), diagnostics: g.diagnostics };
};

/** A pod that passes every rule; each case below breaks one thing in it. */
const goodPod = () => ({
  securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } },
  containers: [
    {
      name: "app",
      image: "example/app:1.0",
      resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
    },
  ],
});
const deployment = (pod: object): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "planted", namespace: "monitoring" },
  spec: { selector: { matchLabels: { app: "planted" } }, template: { metadata: { labels: { app: "planted" } }, spec: pod } },
});
const withContainer = (change: (c: any) => void) => {
  const pod: any = goodPod();
  change(pod.containers[0]);
  return deployment(pod);
};

describe("security report", () => {
  it.each(CLUSTER_CASES)("zero findings: %s", async (_, input, cluster) => {
    const g = await buildCluster(input, cluster);
    expect(securityFindings({ objects: g.output.objects, releases: g.output.releases, namespace: g.stack.namespace })).toEqual([]);
  });

  it("the well-formed planted pod passes, so each case below fails for its one defect", async () => {
    expect((await findingsOf({}, [deployment(goodPod())])).findings).toEqual([]);
  });

  const cases: [string, SecurityRule, KubeObject, RegExp][] = [
    ["no limits", "no-limits", withContainer((c) => delete c.resources.limits), /resources\.limits/],
    ["privileged", "privileged", withContainer((c) => (c.securityContext.privileged = true)), /privileged/],
    ["privilege escalation", "privilege-escalation", withContainer((c) => delete c.securityContext.allowPrivilegeEscalation), /allowPrivilegeEscalation: false/],
    ["root", "root", withContainer((c) => (c.securityContext.runAsUser = 0)), /runAsNonRoot/],
    ["capabilities", "capabilities", withContainer((c) => (c.securityContext.capabilities = { add: ["NET_ADMIN"], drop: ["ALL"] })), /drop: \[ALL\]/],
    ["no seccomp", "seccomp", deployment({ ...goodPod(), securityContext: { runAsNonRoot: true, runAsUser: 1000 } }), /RuntimeDefault/],
    ["host path", "host-access", deployment({ ...goodPod(), volumes: [{ name: "root", hostPath: { path: "/" } }] }), /PersistentVolumeClaim/],
    ["host network", "host-access", deployment({ ...goodPod(), hostNetwork: true }), /hostNetwork/],
    ["a ClusterRole reading Secrets", "cluster-secrets", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "planted" }, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["list"] }] }, /Role in the namespace/],
    ["wildcard RBAC", "wildcard-rbac", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "planted" }, rules: [{ apiGroups: ["apps"], resources: ["*"], verbs: ["get"] }] }, /name the resources/],
    ["plaintext Secret", "plaintext-secret", { apiVersion: "v1", kind: "Secret", metadata: { name: "planted", namespace: "monitoring" }, stringData: { token: "hunter2" } }, /SOPS/],
  ];

  it.each(cases)("catches %s with file, object and fix, and the build fails", async (_, rule, object, fix) => {
    const { findings, diagnostics } = await findingsOf({}, [object]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule, file: expect.stringMatching(/^monitoring\/planted\/.+\.yaml$/), object: expect.stringContaining(`${object.kind}/planted`) });
    expect(findings[0]!.fix).toMatch(fix);
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([expect.stringContaining(`security: ${findings[0]!.file}`)]);
  });

  it("catches pods in a namespace without a default-deny NetworkPolicy, and the build fails", async () => {
    const elsewhere = { ...deployment(goodPod()), metadata: { name: "planted", namespace: "elsewhere" } };
    const { findings, diagnostics } = await findingsOf({}, [elsewhere]);
    expect(findings.map((f) => [f.rule, f.file, f.object])).toEqual([["no-network-policy", "monitoring/planted/deployment-planted.yaml", "Namespace/elsewhere"]]);
    expect(findings[0]!.fix).toMatch(/networkPolicy\.enabled: true/);
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([expect.stringContaining("[no-network-policy]")]);
  });

  it("catches a credential in plain text in chart values, and accepts references", async () => {
    const { findings } = await findingsOf({}, [], { "grafana.ini": { security: { admin_password: "hunter2" }, smtp: { password: "$__file{/etc/secrets/smtp}" } } });
    expect(findings.map((f) => [f.rule, f.file, f.message])).toEqual([["plaintext-secret", "monitoring/grafana/values.yaml", "grafana.ini.security.admin_password holds a credential in plain text"]]);
    // With Flux the values live in a HelmRelease: still reported once.
    const flux = await findingsOf({ gitops: { target: "flux" } }, [], { "grafana.ini": { security: { admin_password: "hunter2" } } });
    expect(flux.findings.map((f) => [f.rule, f.file])).toEqual([["plaintext-secret", "monitoring/grafana/helmrelease-grafana.yaml"]]);
  });

  it("every VictoriaMetrics operator resource runs with the operator's strict security (non-root, seccomp, no capabilities)", async () => {
    const g = await generate(parsedConfig({}), { source: "test" });
    const values = g.output.releases.find((r) => r.chart === "victoria-metrics-k8s-stack")!.values as Record<string, any>;
    const specs = ["vmsingle", "vmagent", "vmalert", "alertmanager"].map((k) => [k, values[k].spec.useStrictSecurity]);
    const crs = g.output.objects.filter((o) => o.object.apiVersion.startsWith("operator.victoriametrics.com") && (o.object as any).spec?.resources);
    expect(crs.map((o) => o.object.kind)).toEqual(["VMAlert"]);
    expect([...specs, ...crs.map((o) => [o.object.kind, (o.object as any).spec.useStrictSecurity])]).toEqual([
      ["vmsingle", true],
      ["vmagent", true],
      ["vmalert", true],
      ["alertmanager", true],
      ["VMAlert", true],
    ]);
  });

  it("vigil check prints the report and exits 0 on the default tree", async () => {
    const r = await vigil(tempDir(), "check");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "1 workload(s) and 1 RBAC role(s) of vigil, 6 pod(s) and 5 role(s) of 4 chart release(s) (from vigil's tables) checked: 0 finding(s); documented exceptions: ClusterRole/vm-operator (wildcard-rbac, cluster-secrets), DaemonSet/node-exporter (host-access), DaemonSet/vector (host-access, root).",
    );
  });
});
