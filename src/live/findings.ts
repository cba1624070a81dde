// What `vigil doctor` concludes from a live cluster, as pure functions of what it read: the
// Secrets the stack needs, the pods and volumes of the namespace, vmagent's targets against the
// scrape jobs vigil generated, and the alerts that fire. The reading is in cluster.ts.
import { PROMETHEUS_AGENT_JOB } from "../backends/spoke.js";
import type { RequiredSecret, ScrapeJob } from "../model/parts.js";

export type Status = "ok" | "warn" | "fail";
export interface LiveFinding {
  area: "gitops" | "cluster" | "access" | "targets" | "alerts" | "dashboards" | "fleet";
  status: Status;
  message: string;
  /** In a fleet: the cluster it is about. */
  cluster?: string;
}

const ok = (area: LiveFinding["area"], message: string): LiveFinding => ({ area, status: "ok", message });
const warn = (area: LiveFinding["area"], message: string): LiveFinding => ({ area, status: "warn", message });
const fail = (area: LiveFinding["area"], message: string): LiveFinding => ({ area, status: "fail", message });

/** Every Secret the stack reads exists with every key (only key names are read, never values). */
export function secretFindings(required: readonly RequiredSecret[], present: ReadonlyMap<string, readonly string[]>): LiveFinding[] {
  return required.map((s) => {
    const keys = present.get(s.name);
    if (!keys) return fail("cluster", `Secret ${s.name} is missing (${s.purpose}); \`vigil secrets\` prints how to create it`);
    const missing = s.keys.filter((k) => !keys.includes(k));
    return missing.length ? fail("cluster", `Secret ${s.name} lacks the key(s) ${missing.join(", ")} (${s.purpose})`) : ok("cluster", `Secret ${s.name} has ${s.keys.join(", ")}`);
  });
}

export interface PodState {
  name: string;
  phase: string;
  /** Containers not ready, with the reason their state gives (CrashLoopBackOff, CreateContainerConfigError...). */
  waiting: { container: string; reason: string; message?: string }[];
  ready: boolean;
  /** Its labels (who owns it). */
  labels?: Record<string, string>;
}

/** The operators and tools whose pods in the namespace are the stack's (app.kubernetes.io/managed-by). */
const STACK_MANAGERS = ["vigil", "vm-operator", "prometheus-operator"];

/**
 * Pods in the namespace that are not the stack's: a chart release of its apps (instance or release
 * label), a pod of its operators or of vigil's own objects, or one its selectors name. The
 * namespace's default-deny NetworkPolicy cuts them off from every connection.
 */
export function foreignPodFindings(pods: readonly PodState[], own: { apps: readonly string[]; selectors: readonly Record<string, string>[]; policyName: string }): LiveFinding[] {
  const ours = (labels: Record<string, string>) =>
    STACK_MANAGERS.includes(labels["app.kubernetes.io/managed-by"] ?? "") ||
    own.apps.includes(labels["app.kubernetes.io/instance"] ?? "") ||
    own.apps.includes(labels.release ?? "") ||
    own.selectors.some((sel) => Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels[k] === v));
  return pods
    .filter((p) => p.labels && !ours(p.labels))
    .map((p) => warn("cluster", `pod ${p.name} is not part of the stack: the namespace's default-deny NetworkPolicy (${own.policyName}) blocks every connection to it; run it in a namespace of its own`));
}

/** Pods that do not run, with why; Jobs that completed are fine. */
export function podFindings(pods: readonly PodState[]): LiveFinding[] {
  const bad = pods.filter((p) => p.phase !== "Succeeded" && !p.ready);
  if (!pods.length) return [fail("cluster", "no pod runs in the namespace: has the GitOps tool synced the tree?")];
  const out = bad.map((p) => {
    const why = p.waiting.map((w) => `${w.container}: ${w.reason}${w.message ? ` (${w.message})` : ""}`).join("; ");
    const hint = p.waiting.some((w) => w.reason === "CreateContainerConfigError") ? "; a Secret or ConfigMap it reads is probably missing" : "";
    return fail("cluster", `pod ${p.name} is not ready (${p.phase}${why ? `, ${why}` : ""})${hint}`);
  });
  return out.length ? out : [ok("cluster", `${pods.length} pod(s) ready`)];
}

/** An Application (Argo CD), or a Kustomization or HelmRelease (Flux), as its controller sees it. */
export interface AppState {
  kind: string;
  name: string;
  ready: boolean;
  /** "Synced, Healthy" or "Ready=False". */
  state: string;
  message?: string;
}

/** Every app the GitOps tool made from the tree is synced and healthy. */
export function gitopsFindings(apps: readonly AppState[], bootstrapHint: string): LiveFinding[] {
  if (!apps.length) return [fail("gitops", `no app of the stack found: ${bootstrapHint}`)];
  const bad = apps.filter((a) => !a.ready);
  return bad.length
    ? bad.map((a) => fail("gitops", `${a.kind} ${a.name} is ${a.state}${a.message ? `: ${a.message}` : ""}`))
    : [ok("gitops", `${apps.length} ${apps[0]!.kind === "Application" ? "Application(s) synced and healthy" : "Kustomization(s) and HelmRelease(s) ready"}`)];
}

/** DaemonSets of policy engines that enforce NetworkPolicies (in kube-system). */
const POLICY_ENGINES = [/^cilium$/, /^calico-node$/, /^kube-router$/, /^kube-network-policies$/, /^canal$/, /^antrea-agent$/, /^weave-net$/];

/**
 * Whether something enforces the generated NetworkPolicies: K3s runs kube-router's policy
 * controller inside its own process (unless started with --disable-network-policy), others a
 * DaemonSet; Flannel alone enforces nothing.
 */
export function policyEngineFindings(kubeletVersions: readonly string[], daemonSets: readonly string[]): LiveFinding[] {
  const engine = daemonSets.find((d) => POLICY_ENGINES.some((re) => re.test(d)));
  if (engine) return [ok("cluster", `NetworkPolicies enforced by ${engine}`)];
  if (kubeletVersions.length && kubeletVersions.every((v) => v.includes("+k3s"))) return [ok("cluster", "NetworkPolicies enforced by K3s's built-in controller (unless K3s runs with --disable-network-policy)")];
  return [warn("cluster", `no NetworkPolicy engine found (DaemonSets in kube-system: ${daemonSets.join(", ") || "none"}): the generated policies are not enforced; Talos 1.13+: cluster.network.cni.flannel.kubeNetworkPoliciesEnabled, or run Cilium or Calico`)];
}

export function volumeFindings(pvcs: readonly { name: string; phase: string }[]): LiveFinding[] {
  const unbound = pvcs.filter((p) => p.phase !== "Bound");
  return unbound.length
    ? unbound.map((p) => fail("cluster", `PersistentVolumeClaim ${p.name} is ${p.phase}: check its StorageClass (storage.*.storageClass)`))
    : pvcs.length
      ? [ok("cluster", `${pvcs.length} volume(s) bound`)]
      : [];
}

/** vmagent's /api/v1/targets (the Prometheus API). */
export interface TargetsResponse {
  data: { activeTargets: { labels: Record<string, string>; health: string; lastError?: string; scrapeUrl?: string }[] };
}

/** Each scrape job vigil generated has targets in vmagent, and every target is up. */
export function targetFindings(jobs: readonly Pick<ScrapeJob, "job" | "scrape" | "target">[], targets: TargetsResponse): LiveFinding[] {
  const active = targets.data.activeTargets;
  // Jobs without a scrape share another job's endpoint (K3s): they have no targets of their own.
  // Several scrapes may feed one job (the kubelet's /metrics, /metrics/cadvisor, /metrics/probes).
  const byJob = [...new Map(jobs.filter((j) => j.scrape).map((j) => [j.job, j])).values()];
  return byJob.flatMap((j) => {
    const mine = active.filter((t) => t.labels.job === j.job);
    if (!mine.length) return [fail("targets", `job ${j.job}: no target (${j.target.where}); is its exporter deployed? \`vigil plan --targets\` shows where it scrapes`)];
    const down = mine.filter((t) => t.health !== "up");
    if (!down.length) return [ok("targets", `job ${j.job}: ${mine.length} target(s) up`)];
    return down.map((t) => fail("targets", `job ${j.job}: ${t.scrapeUrl ?? t.labels.instance ?? "a target"} is ${t.health}${t.lastError ? `: ${t.lastError}` : ""}`));
  });
}

/** What answered at a public address: an HTTP status and the header that asks for a login, or the error. */
export type Answer = { status: number; wwwAuthenticate?: string } | { error: string };

/**
 * The UIs from where the user is: Grafana answers its health check, and every UI behind vmauth
 * asks for the login (401 with a Basic challenge) rather than opening without one.
 */
export function accessFindings(grafana: { url: string; answer: Answer } | undefined, uis: readonly { ui: string; url: string; answer: Answer }[]): LiveFinding[] {
  const out: LiveFinding[] = [];
  if (grafana) {
    const a = grafana.answer;
    out.push("error" in a ? fail("access", `Grafana at ${grafana.url}: ${a.error} (DNS, TLS or the route)`) : a.status === 200 ? ok("access", `Grafana at ${grafana.url} answers`) : fail("access", `Grafana at ${grafana.url}: HTTP ${a.status}`));
  }
  for (const { ui, url, answer: a } of uis) {
    if ("error" in a) out.push(fail("access", `the ${ui} UI at ${url}: ${a.error} (DNS, TLS or the route)`));
    else if (a.status === 401 && /^basic/i.test(a.wwwAuthenticate ?? "")) out.push(ok("access", `the ${ui} UI at ${url} asks for the login`));
    else if (a.status < 300) out.push(fail("access", `the ${ui} UI at ${url} opens without a login (HTTP ${a.status}): is it routed around vmauth?`));
    else out.push(fail("access", `the ${ui} UI at ${url}: HTTP ${a.status}`));
  }
  return out;
}

/** Alerts that only say the alerting works. */
const SILENT_ALERTS = new Set(["Watchdog", "InfoInhibitor"]);

/** The answer of `ALERTS{alertstate="firing"}`: every firing alert is a warning to read. */
export function alertFindings(result: readonly { metric: Record<string, string> }[]): LiveFinding[] {
  const firing = result.filter((r) => !SILENT_ALERTS.has(r.metric.alertname ?? ""));
  if (!firing.length) return [ok("alerts", "no alert fires (besides Watchdog)")];
  return firing.map((r) => {
    const { alertname, severity, ...labels } = r.metric;
    const where = ["namespace", "node", "pod", "job", "instance"].filter((k) => labels[k]).map((k) => `${k}=${labels[k]}`).join(" ");
    return warn("alerts", `${alertname} (${severity ?? "no severity"}) fires${where ? `: ${where}` : ""}`);
  });
}

/** The queries the hub answers about its senders (one series per cluster label). */
export const FLEET_QUERIES = {
  /** The newest sample of each sender, within the store's lookback (5 minutes). */
  lastSample: "max by (cluster) (timestamp(up))",
  /**
   * Remote writes a sender failed, per second over 5 minutes (its own metrics, pushed like any
   * series): vmagent's failed requests, or the samples a Prometheus agent lost.
   */
  writeErrors: `sum by (cluster) (rate(vmagent_remotewrite_requests_total{status_code!~"2.."}[5m])) or sum by (cluster) (rate(prometheus_remote_storage_samples_failed_total{job="${PROMETHEUS_AGENT_JOB}"}[5m]))`,
} as const;

type Vector = { metric: Record<string, string>; value: [number, string] }[];

/** Which spokes and hosts are sending, their last sample, and their remote-write errors (`vigil doctor` on a hub). */
export function fleetFindings(senders: readonly { name: string; kind: "cluster" | "host" }[], now: number, lastSample: Vector, writeErrors: Vector): LiveFinding[] {
  const value = (v: Vector, name: string) => {
    const s = v.find((r) => r.metric.cluster === name);
    return s ? Number(s.value[1]) : undefined;
  };
  return senders.map((s) => {
    const last = value(lastSample, s.name);
    const errors = value(writeErrors, s.name);
    const what = `${s.kind} ${s.name}`;
    if (last === undefined) return fail("fleet", `${what}: no sample in the last 5 minutes; check its collector (vmagent, or the Prometheus agent), the link (tailscale ping) and its password (Secret vigil-ingest-${s.name})`);
    const age = Math.max(0, Math.round(now - last));
    if (errors !== undefined && errors > 0) return warn("fleet", `${what}: last sample ${age}s ago, but ${errors.toFixed(2)} failed remote writes/s: it sends part of its data; its collector's log (vmagent, or the Prometheus agent) tells why`);
    return ok("fleet", `${what}: sending, last sample ${age}s ago`);
  });
}
