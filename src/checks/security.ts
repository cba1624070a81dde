// The security report of a generated tree (`vigil check`, also run by `vigil build`): every pod
// runs with limits, as non-root, without privileges or host access; RBAC names its verbs and
// resources; nothing secret is written in plain text; a namespace that runs pods has a
// default-deny ingress NetworkPolicy. A finding names the file, the object and the fix. Pods that
// need host access are exceptions listed below, with the reason.
//
// Scope: the objects vigil writes (and objects embedded in chart values); the charts' pods, as
// their values and defaults make them (chart-pods.ts); the VictoriaMetrics operator's pods, as
// their custom resources ask for them.
import type { KubeObject, Values } from "../model/parts.js";
import type { Diagnostic } from "../config/diagnostics.js";
import type { LocatedObject } from "./schema.js";
import { CHART_PODS, chartPodSpec } from "./chart-pods.js";
import { CHART_ROLES, chartRole } from "./chart-rbac.js";

export type SecurityRule =
  | "no-limits"
  | "privileged"
  | "privilege-escalation"
  | "root"
  | "capabilities"
  | "seccomp"
  | "host-access"
  | "wildcard-rbac"
  | "cluster-secrets"
  | "plaintext-secret"
  | "no-network-policy";

export interface Finding {
  rule: SecurityRule;
  file: string;
  /** Kind/name, and the container when the finding is about one. */
  object: string;
  message: string;
  fix: string;
}

/** Workloads that need what the rules forbid, and why: documented in docs/security.md. */
export const EXCEPTIONS: { kind: string; name: string; rules: SecurityRule[]; reason: string }[] = [
  {
    kind: "ClusterRole",
    name: "vm-operator",
    rules: ["wildcard-rbac", "cluster-secrets"],
    reason:
      "the VictoriaMetrics operator creates, updates and deletes the Deployments, StatefulSets, Services, Secrets and RBAC of every VictoriaMetrics resource (vmagent's ClusterRole among them), in any namespace; its chart offers no narrower rules",
  },
  {
    kind: "ClusterRole",
    name: "kps-operator",
    rules: ["wildcard-rbac", "cluster-secrets"],
    reason:
      "the prometheus-operator writes the StatefulSets, generated configs (Secrets) and ConfigMaps of every Prometheus and Alertmanager, and reads the Secrets ServiceMonitors and AlertmanagerConfigs of any namespace reference; its chart offers no narrower rules",
  },
  {
    kind: "DaemonSet",
    name: "node-exporter",
    rules: ["host-access"],
    reason: "node metrics: reads the host's /proc, /sys and root filesystem, in the host's network and PID namespaces (as user 65534, without capabilities)",
  },
  {
    kind: "DaemonSet",
    name: "vector",
    rules: ["host-access", "root"],
    reason: "pod logs: reads every container's log under /var/log/pods (and the journal), files owned by root with mode 0640, and keeps its read positions in /var/lib/vector on the host; as root but without capabilities",
  },
  {
    kind: "DaemonSet",
    name: "alloy",
    rules: ["host-access", "root"],
    reason: "pod logs: reads every container's log under /var/log/pods (and the journal), files owned by root with mode 0640; as root but without capabilities",
  },
];

import { isWorkload, podTemplateOf } from "../model/pod-security.js";

export { isWorkload, podTemplateOf };

type Any = Record<string, any>;

export function podFindings(file: string, object: KubeObject, pod: Any): Finding[] {
  const out: Finding[] = [];
  const id = `${object.kind}/${object.metadata.name}`;
  const add = (rule: SecurityRule, where: string, message: string, fix: string) => out.push({ rule, file, object: where, message, fix });
  const podSc: Any = pod.securityContext ?? {};

  for (const flag of ["hostNetwork", "hostPID", "hostIPC"] as const) {
    if (pod[flag]) add("host-access", id, `${flag} is on`, `remove spec.${flag}`);
  }
  for (const v of (pod.volumes ?? []) as Any[]) {
    if (v.hostPath) add("host-access", id, `volume "${v.name}" mounts the host path ${v.hostPath.path}`, "use a PersistentVolumeClaim, ConfigMap or emptyDir instead");
  }
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])] as Any[]) {
    const where = `${id} container ${c.name}`;
    const sc: Any = c.securityContext ?? {};
    if (!c.resources?.limits?.memory || !c.resources?.limits?.cpu) add("no-limits", where, "has no CPU and memory limits", "set resources.limits.cpu and resources.limits.memory");
    if (sc.privileged) add("privileged", where, "runs privileged", "remove securityContext.privileged");
    if (sc.allowPrivilegeEscalation !== false) add("privilege-escalation", where, "may gain privileges (allowPrivilegeEscalation is not false)", "set securityContext.allowPrivilegeEscalation: false");
    const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    const user = sc.runAsUser ?? podSc.runAsUser;
    if (nonRoot !== true || user === 0) add("root", where, "may run as root", "set runAsNonRoot: true and a non-zero runAsUser in the pod's securityContext");
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes("ALL") || (sc.capabilities?.add ?? []).length) add("capabilities", where, "keeps Linux capabilities", "set securityContext.capabilities.drop: [ALL] and add none");
    const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") add("seccomp", where, "runs without a seccomp profile", "set seccompProfile.type: RuntimeDefault in the pod's securityContext");
  }
  return out;
}

const READS = ["get", "list", "watch", "*"];

function rbacFindings(file: string, object: { kind: string; metadata: { name: string }; rules?: unknown }): Finding[] {
  const rules = (object.rules ?? []) as Any[];
  const id = `${object.kind}/${object.metadata.name}`;
  const wildcards = rules.flatMap((r, i) =>
    (["verbs", "resources", "apiGroups"] as const)
      .filter((field) => (r[field] ?? []).includes("*"))
      .map((field) => ({ rule: "wildcard-rbac" as const, file, object: id, message: `rules[${i}].${field} is "*"`, fix: `name the ${field} the component needs` })),
  );
  // Reading Secrets is the one read that gives away credentials: never for the whole cluster.
  const secrets = object.kind !== "ClusterRole" ? [] : rules.flatMap((r, i) =>
    (r.apiGroups ?? []).some((g: string) => g === "" || g === "*") && (r.resources ?? []).some((x: string) => x === "secrets" || x === "*") && (r.verbs ?? []).some((v: string) => READS.includes(v))
      ? [{ rule: "cluster-secrets" as const, file, object: id, message: `rules[${i}] reads every Secret of the cluster`, fix: "scope the rule to a Role in the namespace that needs it, or drop it" }]
      : [],
  );
  return [...wildcards, ...secrets];
}

/** Keys whose value is a credential; their values must be references, never the secret itself. */
const SECRET_KEY = /^(password|passwd|admin_?password|adminPassword|token|bearer_token|api_?key|apiKey|api_token|user_key|bot_token|secret_access_key|access_key_id|client_secret|webhook_url|routing_key|service_key|auth_password)$/i;
/** A reference instead of a value: environment expansion, a file, or a Secret's name elsewhere. */
const REFERENCE = /^(\$\{[^}]+\}|\$__file\{[^}]+\}|\/[^\s]*)$/;

function literalSecrets(file: string, where: string, value: unknown, path: string[] = []): Finding[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => literalSecrets(file, where, v, [...path, String(i)]));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Values).flatMap(([k, v]) => {
    const here = [...path, k];
    if (typeof v === "string" && v !== "" && SECRET_KEY.test(k) && !REFERENCE.test(v)) {
      return [{ rule: "plaintext-secret" as const, file, object: where, message: `${here.join(".")} holds a credential in plain text`, fix: "reference a Secret (secretKeyRef, *_file, or ${ENV} from a Secret) and deliver it with SOPS, SealedSecrets or ExternalSecrets" }];
    }
    return literalSecrets(file, where, v, here);
  });
}

/**
 * Kinds whose pods the VictoriaMetrics operator runs, and whether they carry its config-reloader.
 * With useStrictSecurity the operator runs them as 65534 with fsGroup, seccomp RuntimeDefault, no
 * privilege escalation and no capabilities (operator v0.74); without it, as the image's user.
 */
const OPERATOR_PODS: Record<string, { reloader: boolean }> = { VMSingle: { reloader: false }, VMAgent: { reloader: true }, VMAlert: { reloader: true }, VMAlertmanager: { reloader: true }, VMAuth: { reloader: true } };
/** Where victoria-metrics-k8s-stack takes the spec of the resources it creates. */
const K8S_STACK_RESOURCES: Record<string, string> = { vmsingle: "VMSingle", vmagent: "VMAgent", vmalert: "VMAlert", alertmanager: "VMAlertmanager" };

function operatorSpecFindings(file: string, where: string, kind: string, spec: Any | undefined): Finding[] {
  const out: Finding[] = [];
  if (spec?.useStrictSecurity !== true) out.push({ rule: "root", file, object: where, message: "runs with the image's own user and settings (useStrictSecurity is not true)", fix: "set spec.useStrictSecurity: true" });
  if (!spec?.resources?.limits?.cpu || !spec?.resources?.limits?.memory) out.push({ rule: "no-limits", file, object: where, message: "has no CPU and memory limits", fix: "set spec.resources.limits" });
  if (OPERATOR_PODS[kind]!.reloader && (!spec?.configReloaderResources?.limits?.cpu || !spec?.configReloaderResources?.limits?.memory)) {
    out.push({ rule: "no-limits", file, object: `${where} container config-reloader`, message: "has no CPU and memory limits", fix: "set spec.configReloaderResources.limits" });
  }
  return out;
}

/**
 * kube-prometheus-stack's Prometheus and Alertmanager: the operator writes their containers'
 * securityContext itself (no privilege escalation, no capabilities, read-only root; v0.93
 * statefulset.go), the pod's comes from the spec, the chart's default being non-root with seccomp
 * RuntimeDefault (values.yaml prometheusSpec/alertmanagerSpec.securityContext).
 */
const KPS_RESOURCES: Record<string, { kind: string; spec: string }> = { prometheus: { kind: "Prometheus", spec: "prometheusSpec" }, alertmanager: { kind: "Alertmanager", spec: "alertmanagerSpec" } };
const KPS_POD_DEFAULT = { runAsGroup: 2000, runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } };

function prometheusOperatorFindings(file: string, values: Values): Finding[] {
  const reloader = (values.prometheusOperator as Any | undefined)?.prometheusConfigReloader?.resources;
  return Object.entries(KPS_RESOURCES)
    .filter(([key]) => (values[key] as Any | undefined)?.enabled !== false)
    .flatMap(([key, { kind, spec: specKey }]) => {
      const where = `${kind} (values ${key}.${specKey})`;
      const spec = (values[key] as Any | undefined)?.[specKey] as Any | undefined;
      const pod = { ...KPS_POD_DEFAULT, ...(spec?.securityContext ?? {}) };
      const out: Finding[] = [];
      if (pod.runAsNonRoot !== true) out.push({ rule: "root", file, object: where, message: "may run as root (securityContext.runAsNonRoot is not true)", fix: `keep ${key}.${specKey}.securityContext.runAsNonRoot: true` });
      if (pod.seccompProfile?.type !== "RuntimeDefault") out.push({ rule: "seccomp", file, object: where, message: "has no RuntimeDefault seccomp profile", fix: `set ${key}.${specKey}.securityContext.seccompProfile.type: RuntimeDefault` });
      if (!spec?.resources?.limits?.cpu || !spec?.resources?.limits?.memory) out.push({ rule: "no-limits", file, object: where, message: "has no CPU and memory limits", fix: `set ${key}.${specKey}.resources.limits` });
      if (!reloader?.limits?.cpu || !reloader?.limits?.memory) out.push({ rule: "no-limits", file, object: `${where} container config-reloader`, message: "has no CPU and memory limits", fix: "set prometheusOperator.prometheusConfigReloader.resources.limits" });
      return out;
    });
}

function operatorResourceFindings(file: string, chart: string, values: Values): Finding[] {
  if (chart === "kube-prometheus-stack") return prometheusOperatorFindings(file, values);
  if (chart !== "victoria-metrics-k8s-stack") return [];
  return [
    ...Object.entries(K8S_STACK_RESOURCES)
      .filter(([key]) => (values[key] as Any | undefined)?.enabled !== false)
      .flatMap(([key, kind]) => operatorSpecFindings(file, `${kind} (values ${key}.spec)`, kind, (values[key] as Any).spec)),
    ...vmClusterFindings(file, values.vmcluster as Any | undefined),
  ];
}

/** The chart's VMCluster (off unless enabled): strict security for all its parts (the operator passes the cluster's useStrictSecurity down), limits on each. */
function vmClusterFindings(file: string, vmcluster: Any | undefined): Finding[] {
  if (vmcluster?.enabled !== true) return [];
  const spec = vmcluster.spec ?? {};
  const out: Finding[] = [];
  if (spec.useStrictSecurity !== true) out.push({ rule: "root", file, object: "VMCluster (values vmcluster.spec)", message: "runs with the image's own user and settings (useStrictSecurity is not true)", fix: "set vmcluster.spec.useStrictSecurity: true" });
  for (const part of ["vmstorage", "vminsert", "vmselect"]) {
    const limits = spec[part]?.resources?.limits;
    if (!limits?.cpu || !limits?.memory) out.push({ rule: "no-limits", file, object: `VMCluster ${part} (values vmcluster.spec.${part})`, message: "has no CPU and memory limits", fix: `set vmcluster.spec.${part}.resources.limits` });
  }
  return out;
}

type Release = SecurityInput["releases"][number];

/** The pods the charts render with these values (chart-pods.ts), with the file of their values. */
export const chartWorkloads = (releases: readonly Release[]) =>
  releases.flatMap((r) =>
    CHART_PODS.filter((p) => p.chart === r.chart).flatMap((p) => {
      const spec = chartPodSpec(p, r.values);
      const [kind, name] = p.workload.split("/") as [string, string];
      return spec ? [{ file: r.file, kind, name, spec }] : [];
    }),
  );

/** The Roles and ClusterRoles the charts render with these values (chart-rbac.ts). */
export const chartRoles = (releases: readonly Release[]) =>
  releases.flatMap((r) => CHART_ROLES.filter((x) => x.chart === r.chart).flatMap((x) => chartRole(x, r.values) ?? []).map((role) => ({ file: r.file, ...role })));

export interface SecurityInput {
  objects: LocatedObject[];
  releases: { file: string; chart: string; values: Values }[];
  /** Namespace of the chart releases: their pods need a default-deny policy too. */
  namespace?: string;
  /**
   * The charts' objects as Helm rendered them (`vigil check --render`), by the file of their
   * release's values: those releases' pods, roles and operator resources are checked as rendered;
   * the others from the tables of chart-pods.ts and chart-rbac.ts.
   */
  rendered?: ReadonlyMap<string, LocatedObject[]>;
}

/** A policy that selects every pod of its namespace and allows no incoming connection. */
const isDefaultDenyIngress = (o: KubeObject) => {
  const { podSelector, policyTypes = ["Ingress"], ingress = [] }: Any = (o as Any).spec ?? {};
  const selectsAll = podSelector !== undefined && Object.keys(podSelector.matchLabels ?? {}).length === 0 && (podSelector.matchExpressions ?? []).length === 0;
  return o.kind === "NetworkPolicy" && selectsAll && policyTypes.includes("Ingress") && ingress.length === 0;
};

/** Namespaces that run pods without a default-deny ingress NetworkPolicy. */
function networkPolicyFindings({ objects, releases, namespace }: SecurityInput): Finding[] {
  const protectedNs = new Set(objects.filter((o) => isDefaultDenyIngress(o.object)).map((o) => o.object.metadata.namespace));
  const podFiles = new Map<string, string>();
  for (const { file, object } of objects) {
    if (isWorkload(object.kind) && object.metadata.namespace && !podFiles.has(object.metadata.namespace)) podFiles.set(object.metadata.namespace, file);
  }
  if (namespace && releases.length && !podFiles.has(namespace)) podFiles.set(namespace, releases[0]!.file);
  return [...podFiles]
    .filter(([ns]) => !protectedNs.has(ns))
    .map(([ns, file]) => ({
      rule: "no-network-policy" as const,
      file,
      object: `Namespace/${ns}`,
      message: "no default-deny ingress NetworkPolicy: every pod of the namespace accepts connections from anywhere in the cluster",
      fix: "set networkPolicy.enabled: true (or add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress])",
    }));
}

export function securityFindings(input: SecurityInput): Finding[] {
  const { objects, releases } = input;
  const findings: Finding[] = networkPolicyFindings(input);
  for (const { file, object } of objects) {
    const pod = podTemplateOf(object)?.spec;
    if (pod) findings.push(...podFindings(file, object, pod));
    if (object.kind === "Role" || object.kind === "ClusterRole") findings.push(...rbacFindings(file, object));
    if (object.kind === "Secret" && ((object as Any).data || (object as Any).stringData)) {
      findings.push({ rule: "plaintext-secret", file, object: `Secret/${object.metadata.name}`, message: "a Secret with its data is written to the tree", fix: "commit it encrypted (SOPS), as a SealedSecret or an ExternalSecret, or create it with kubectl" });
    } else if (object.kind !== "HelmRelease") {
      // (A Flux HelmRelease's values are read below, as a release.)
      findings.push(...literalSecrets(file, `${object.kind}/${object.metadata.name}`, object));
    }
  }
  for (const r of releases) findings.push(...literalSecrets(r.file, `values of ${r.chart}`, r.values));
  const rendered = [...(input.rendered?.values() ?? [])].flat();
  // What Helm really renders: the same rules as for vigil's own objects (the chart's generated
  // Secrets, such as the webhook's certificate, are not in the tree and not judged here).
  for (const { file, object } of rendered) {
    const pod = podTemplateOf(object);
    if (pod) findings.push(...podFindings(file, object, pod.spec));
    if (object.kind === "Role" || object.kind === "ClusterRole") findings.push(...rbacFindings(file, object));
  }
  // The releases not rendered: from the tables.
  const fromTables = releases.filter((r) => !input.rendered?.has(r.file));
  for (const r of fromTables) findings.push(...operatorResourceFindings(r.file, r.chart, r.values));
  for (const w of chartWorkloads(fromTables)) findings.push(...podFindings(w.file, { apiVersion: "v1", kind: w.kind, metadata: { name: w.name } }, w.spec));
  for (const role of chartRoles(fromTables)) findings.push(...rbacFindings(role.file, { kind: role.kind, metadata: { name: role.name }, rules: role.rules }));
  for (const { file, object } of [...objects, ...rendered]) {
    if (object.apiVersion.startsWith("operator.victoriametrics.com/") && OPERATOR_PODS[object.kind]) findings.push(...operatorSpecFindings(file, `${object.kind}/${object.metadata.name}`, object.kind, (object as Any).spec));
  }
  const excepted = (f: Finding, e: (typeof EXCEPTIONS)[number]) => (f.object === `${e.kind}/${e.name}` || f.object.startsWith(`${e.kind}/${e.name} `)) && e.rules.includes(f.rule);
  return findings.filter((f) => !EXCEPTIONS.some((e) => excepted(f, e)));
}

export const formatFinding = (f: Finding) => `${f.file}: ${f.object}: ${f.message} [${f.rule}]; fix: ${f.fix}`;

/**
 * Findings as build errors: a tree with one is not written. Rules the user switched off on purpose
 * (networkPolicy.enabled: false) are warnings: reported, but the user's decision.
 */
export const checkSecurity = (input: SecurityInput, accepted: readonly SecurityRule[] = []): Diagnostic[] =>
  securityFindings(input).map((f) => ({ severity: accepted.includes(f.rule) ? "warning" : "error", path: "", message: `security: ${formatFinding(f)}` }));

/** Rules the config switches off on purpose. */
export const acceptedRules = (config: { networkPolicy: { enabled: boolean } }): SecurityRule[] => (config.networkPolicy.enabled ? [] : ["no-network-policy"]);
