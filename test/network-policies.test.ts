// NetworkPolicies: every connection the generated tree makes inside the namespace is allowed, and
// nothing else is. The connections are read from the tree itself (every in-cluster URL in chart
// values and objects, every scrape object, every route), not from the flows the components
// declared, so a component that starts talking to another without declaring it fails here.
import { describe, expect, it } from "vitest";
import { generate } from "../src/pipeline.js";
import type { KubeObject, Values } from "../src/components/types.js";
import type { PodKey, Stack } from "../src/model/stack.js";
import { securityFindings } from "../src/checks/security.js";
import { parseConfig } from "../src/config/parse.js";
import { FLUX_NOTIFICATION_PODS } from "../src/components/network-policies.js";
import { allowed, selects, type Endpoint } from "../src/checks/netpol.js";
import { buildCluster } from "./helpers.js";
import { CLUSTER_CASES } from "./variants.js";

interface Connection {
  what: string;
  src: Endpoint;
  dst: { namespace: string; labels: Record<string, string> };
  port: number;
}

/** Who opens the connections a release's values or an object configure. */
const SOURCE_OF_RELEASE: Record<string, PodKey> = { grafana: "grafana", vector: "vector", alloy: "alloy", loki: "loki", tempo: "tempo", "trace-collector": "traceCollector" };
const SOURCE_OF_OBJECT: Record<string, PodKey> = { "VMAlert/vm-logs": "vmalertLogs", "CronJob/vmbackup": "backup", "VMUser/vigil-ui": "vmauth", "ConfigMap/fleet-ingest": "vmauthIngest", "Job/vmsingle-to-cluster": "migrate" };
const sourceOfObject = (id: string): PodKey | undefined => SOURCE_OF_OBJECT[id] ?? (id.startsWith("CronJob/vmbackup-vmstorage-") ? "backup" : undefined);
/** A spoke or host on the tailnet. */
const TAILNET_SENDER: Endpoint = { ip: "100.101.102.103" };
/** Where the operator points a VMUser's crd target (v0.74 AsURL): the Service of the resource. */
const SERVICE_OF_CRD: Record<string, keyof Stack["services"]> = { VMSingle: "query", VMAlert: "ruler", VMAlertmanager: "alertmanager" };

const TRAEFIK: Endpoint = { namespace: "kube-system", labels: { "app.kubernetes.io/name": "traefik", "app.kubernetes.io/instance": "traefik-kube-system" } };
const GATEWAY_PROXY: Endpoint = { namespace: "gateway", labels: { "gateway.envoyproxy.io/owning-gateway-name": "homelab" } };
const API_SERVER: Endpoint = { ip: "10.42.1.0" };

function urlsIn(value: unknown, namespace: string, out: string[] = []): string[] {
  if (typeof value === "string") {
    // With a scheme, or an Alloy gRPC `endpoint = "host:port"` (the trace collector's exporter).
    for (const m of value.matchAll(new RegExp(`(https?://|endpoint = ")(([a-z0-9-]+\\.)?[a-z0-9-]+\\.${namespace}\\.svc:\\d+)`, "g"))) out.push(m[1] === 'endpoint = "' ? m[2]! : m[0]);
  } else if (value && typeof value === "object") for (const v of Object.values(value)) urlsIn(v, namespace, out);
  return out;
}

/** Every connection inside the namespace the generated tree makes. */
function connectionsOf(stack: Stack, g: Awaited<ReturnType<typeof generate>>): Connection[] {
  const ns = stack.namespace;
  const pod = (key: PodKey) => ({ namespace: ns, labels: stack.pods[key] });
  const conns: Connection[] = [];
  const toUrl = (what: string, src: Endpoint, url: string) => {
    // One pod of a VMCluster's vmstorage StatefulSet, by its DNS name below the headless Service.
    if (new RegExp(`^http://vmstorage-vm-\\d+\\.vmstorage-vm\\.${ns}\\.svc:8482`).test(url)) {
      conns.push({ what: `${what} → ${url}`, src, dst: pod("vmstorage"), port: 8482 });
      return;
    }
    const bare = (u: string) => u.replace(/^https?:\/\//, "");
    const service = Object.values(stack.services).find((s) => bare(url).startsWith(bare(s.url)));
    if (service) {
      conns.push({ what: `${what} → ${url}`, src, dst: pod(service.pods), port: service.targetPort });
      return;
    }
    // Another port of a Service of the stack (Tempo's OTLP receiver beside its HTTP port): the same port on its pods.
    const [host, port] = bare(url).split(":") as [string, string];
    const byHost = Object.values(stack.services).find((s) => bare(s.url).split(":")[0] === host);
    if (!byHost) throw new Error(`${what}: ${url} is not a Service of the stack`);
    conns.push({ what: `${what} → ${url}`, src, dst: pod(byHost.pods), port: Number(port) });
  };
  for (const r of g.output.releases) {
    const urls = urlsIn(r.values, ns);
    if (r.chart === "victoria-metrics-k8s-stack" || r.chart === "kube-prometheus-stack") continue; // the backend's wiring is below
    const source = SOURCE_OF_RELEASE[r.file.split("/").at(-2)!];
    if (urls.length && !source) throw new Error(`${r.file} holds ${urls.join(", ")}: add who opens them to SOURCE_OF_RELEASE`);
    for (const url of urls) toUrl(r.file, pod(source!), url);
  }
  // HelmReleases (Flux) hold a chart's values: read above, as releases.
  for (const { file, object } of g.output.objects.filter((o) => o.object.kind !== "HelmRelease")) {
    const id = `${object.kind}/${object.metadata.name}`;
    const urls = urlsIn(object, ns);
    // Flux's notification-controller opens the Providers' addresses, from Flux's namespace.
    if (object.kind === "Provider" && object.apiVersion.startsWith("notification.toolkit.fluxcd.io/")) {
      for (const url of urls) toUrl(id, { namespace: stack.config.gitops.flux.namespace, labels: FLUX_NOTIFICATION_PODS }, url);
      continue;
    }
    if (urls.length && !sourceOfObject(id)) throw new Error(`${file} (${id}) holds ${urls.join(", ")}: add who opens them to SOURCE_OF_OBJECT`);
    for (const url of urls) toUrl(id, pod(sourceOfObject(id)!), url);
  }
  for (const { object } of g.output.objects.filter((o) => o.object.kind === "VMUser")) {
    for (const ref of (object.spec as any).targetRefs.filter((r: any) => r.crd)) {
      toUrl(`VMUser ${ref.crd.kind} target`, pod(sourceOfObject(`VMUser/${object.metadata.name}`)!), stack.services[SERVICE_OF_CRD[ref.crd.kind]!]!.url);
    }
  }
  // The fleet's senders reach the hub's ingest over the link.
  if (stack.fleet?.role === "hub") conns.push({ what: "a sender on the tailnet → ingest", src: TAILNET_SENDER, dst: pod("vmauthIngest"), port: stack.fleet.ingest.port });
  if (stack.config.metrics.backend === "victoria-metrics") {
    // What the k8s-stack chart wires by default: vmagent writes to VMSingle (on a spoke: to the hub,
    // outside the cluster), vmalert reads it and notifies Alertmanager.
    if (stack.fleet?.role !== "spoke") toUrl("vmagent remote write", pod("vmagent"), stack.metricsApi.write);
    if (stack.enabled.vmalert) {
      toUrl("vmalert datasource", pod("vmalert"), stack.metricsApi.query);
      toUrl("vmalert remote write", pod("vmalert"), stack.metricsApi.write);
      // The chart points the store's vmui at vmalert (-vmalert.proxyURL).
      toUrl("the store's proxy to vmalert", pod(stack.services.query.pods), stack.services.ruler.url);
      if (stack.enabled.alertmanager) toUrl("vmalert notifier", pod("vmalert"), stack.services.alertmanager.url);
    }
    conns.push({ what: "API server → operator webhook", src: API_SERVER, dst: pod("operator"), port: 9443 });
    // Inside a VMCluster (operator v0.74 vmcluster.go: -storageNode of vminsert and vmselect, -selectNode).
    if (stack.metricsCluster) {
      conns.push({ what: "vminsert → vmstorage", src: pod("vminsert"), dst: pod("vmstorage"), port: 8400 });
      conns.push({ what: "vmselect → vmstorage", src: pod("vmselect"), dst: pod("vmstorage"), port: 8401 });
      conns.push({ what: "vmselect → vmselect", src: pod("vmselect"), dst: pod("vmselect"), port: 8481 });
    }
  } else if (stack.enabled.alertmanager) {
    // kube-prometheus-stack points Prometheus at its Alertmanager (alerting.alertmanagers).
    toUrl("Prometheus notifier", pod("prometheus"), stack.services.alertmanager.url);
  }
  // vmagent scrapes every target in the namespace; the selector's labels are on the target pods.
  for (const job of g.parts.scrapes) {
    const d = job.scrape?.discover;
    const selector = d && (d.by === "service" || d.by === "pod") ? d.selector : undefined;
    const namespaces = d && (d.by === "service" || d.by === "pod") ? [d.namespace] : undefined;
    if (!selector || !namespaces?.includes(ns) || job.job === "node-exporter") continue; // node-exporter: hostNetwork
    // The stack's own parts: the job names its pods (a chart's Service may carry other labels than its pods).
    const target = job.pods ? [stack.pods[job.pods]] : Object.values(stack.pods).filter((labels) => selects({ matchLabels: selector }, labels));
    if (target.length !== 1) throw new Error(`scrape ${job.job} selects ${target.length} of the stack's pods`);
    conns.push({ what: `scrape ${job.job}`, src: pod(stack.services.scraper.pods), dst: { namespace: ns, labels: target[0]! }, port: job.target.port });
  }
  for (const { object } of g.output.objects.filter((o) => o.object.kind === "HTTPRoute" || o.object.kind === "Ingress")) {
    const backend: any = object.kind === "HTTPRoute" ? (object.spec as any).rules[0].backendRefs[0] : (object.spec as any).rules[0].http.paths[0].backend.service;
    const service = Object.values(stack.services).find((s) => s.name === backend.name)!;
    conns.push({ what: `${object.kind}/${object.metadata.name}`, src: object.kind === "HTTPRoute" ? GATEWAY_PROXY : TRAEFIK, dst: pod(service.pods), port: service.targetPort });
  }
  return conns;
}

const build = async (input: unknown, cluster?: string) => {
  const g = await buildCluster(input, cluster);
  const policies = g.output.objects.map((o) => o.object).filter((o) => o.kind === "NetworkPolicy");
  return { g, stack: g.stack, policies };
};

describe("NetworkPolicies", () => {
  it.each(CLUSTER_CASES)("every connection the tree makes is allowed: %s", async (_, input, cluster) => {
    const { g, stack, policies } = await build(input, cluster);
    const conns = connectionsOf(stack, g);
    // A spoke with Alloy (not scraped) has the fewest: vmagent to kube-state-metrics and to itself, the webhook.
    expect(conns.length).toBeGreaterThanOrEqual(stack.fleet?.role === "spoke" ? 3 : 4);
    expect(conns.filter((c) => !allowed(policies, c.src, c.dst, c.port)).map((c) => c.what)).toEqual([]);
  });

  it.each(CLUSTER_CASES)("nothing else gets in: %s", async (_, input, cluster) => {
    const { g, stack, policies } = await build(input, cluster);
    const conns = connectionsOf(stack, g);
    const ns = stack.namespace;
    const receivers = [...new Map(conns.map((c) => [`${JSON.stringify(c.dst)}:${c.port}`, c])).values()];
    const strangers: [string, Endpoint][] = [
      ["a pod of another namespace", { namespace: "default", labels: { app: "curious" } }],
      ["an unlabelled pod of the namespace", { namespace: ns, labels: {} }],
      ["the event exporter", { namespace: ns, labels: { "app.kubernetes.io/name": "kubernetes-event-exporter", "app.kubernetes.io/managed-by": "vigil" } }],
      ["an address outside the cluster", { ip: "192.168.1.77" }],
    ];
    const leaks = receivers.flatMap((r) =>
      strangers.filter(([, src]) => allowed(policies, src, r.dst, r.port) && !(r.port === 9443 && selects({ matchLabels: stack.pods.operator }, r.dst.labels))).map(([who]) => `${who} reaches ${r.what} (port ${r.port})`),
    );
    expect(leaks).toEqual([]);
    // Each pod accepts on a port only the sources that really connect there.
    const sources = [...new Map(conns.filter((c) => c.src.labels).map((c) => [JSON.stringify(c.src), c.src])).values()];
    for (const r of receivers) {
      const expected = new Set(conns.filter((c) => c.port === r.port && JSON.stringify(c.dst) === JSON.stringify(r.dst)).map((c) => JSON.stringify(c.src)));
      for (const src of sources) {
        if (expected.has(JSON.stringify(src)) || (r.port === 9443 && r.dst.labels === stack.pods.operator)) continue;
        if (JSON.stringify(r.dst.labels) !== JSON.stringify(src.labels) && allowed(policies, src, r.dst, r.port)) {
          // Scrapes select pods by a Service's labels: the same pod can be reached under two descriptions.
          const same = conns.some((c) => JSON.stringify(c.src) === JSON.stringify(src) && c.port === r.port && selects({ matchLabels: c.dst.labels }, r.dst.labels));
          expect(same, `${JSON.stringify(src.labels)} may reach ${r.what} on ${r.port} but never connects there`).toBe(true);
        }
      }
    }
  });

  it("every policy selects one of the stack's pods, and the default deny selects them all", async () => {
    const { stack, policies } = await build({ access: { ingress: {}, grafana: { url: "https://grafana.lab.example.com" } } });
    const names = policies.map((p) => p.metadata.name);
    expect(names).toContain("vigil-default-deny-ingress");
    for (const p of policies.filter((p) => p.metadata.name !== "vigil-default-deny-ingress")) {
      const matching = Object.entries(stack.pods).filter(([, labels]) => selects((p.spec as any).podSelector, labels)).map(([k]) => k);
      expect(matching, p.metadata.name).toHaveLength(1);
    }
  });

  it("the UIs: Traefik and the allow-list reach Grafana; Traefik reaches nothing else", async () => {
    const { stack, policies } = await build({ access: { ingress: {}, grafana: { url: "https://grafana.lab.example.com" } }, networkPolicy: { allowFrom: ["10.8.0.0/24"] } });
    const grafana = { namespace: "monitoring", labels: stack.pods.grafana };
    expect(allowed(policies, TRAEFIK, grafana, 3000)).toBe(true);
    expect(allowed(policies, { ip: "10.8.0.12" }, grafana, 3000)).toBe(true);
    expect(allowed(policies, { ip: "10.9.0.12" }, grafana, 3000)).toBe(false);
    expect(allowed(policies, TRAEFIK, { namespace: "monitoring", labels: stack.pods.vmsingle }, 8428)).toBe(false);
    expect(allowed(policies, { namespace: "default", labels: TRAEFIK.labels }, grafana, 3000)).toBe(false);
  });

  it('ingressController "any" opens only the UI ports to every source', async () => {
    const { stack, policies } = await build({ access: { gateway: { name: "homelab", namespace: "gateway" }, grafana: { url: "https://grafana.lab.example.com" } }, networkPolicy: { ingressController: "any" } });
    expect(allowed(policies, { ip: "10.0.0.9" }, { namespace: "monitoring", labels: stack.pods.grafana }, 3000)).toBe(true);
    expect(allowed(policies, { ip: "10.0.0.9" }, { namespace: "monitoring", labels: stack.pods.vmsingle }, 8428)).toBe(false);
  });

  it("switched off: no policies, and the security report warns (not fails) about the open namespace", async () => {
    const { g, policies } = await build({ networkPolicy: { enabled: false } });
    expect(policies).toEqual([]);
    const finding = securityFindings({ objects: g.output.objects, releases: g.output.releases, namespace: "monitoring" });
    expect(finding.map((f) => [f.rule, f.object])).toEqual([["no-network-policy", "Namespace/monitoring"]]);
    expect(g.diagnostics.filter((d) => d.message.includes("no-network-policy")).map((d) => d.severity)).toEqual(["warning"]);
  });

  it("on Talos the build says that Flannel alone does not enforce them", async () => {
    const { g } = await build({ cluster: { distribution: "talos" } });
    expect(g.parts.notes.filter((n) => n.startsWith("NetworkPolicies:"))).toEqual([expect.stringContaining("kubeNetworkPoliciesEnabled")]);
    expect((await build({})).g.parts.notes.some((n) => n.startsWith("NetworkPolicies:"))).toBe(false);
  });

  it("a bad CIDR is refused with its path and an example", () => {
    const r = parseConfig({ networkPolicy: { allowFrom: ["10.8.0.0/33"] } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.path, e.message])).toEqual([["networkPolicy.allowFrom[0]", expect.stringMatching(/is not a CIDR; use e\.g\. "10\.8\.0\.0\/24"/)]]);
  });
});

export type { KubeObject };

describe("the NetworkPolicy reader, on policies charts may render", () => {
  const policy = (ports: unknown[]) => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "p", namespace: "ns" }, spec: { podSelector: {}, ingress: [{ ports }] } }) as unknown as KubeObject;
  const dst = { namespace: "ns", labels: { app: "x" }, ports: { http: 8080 } };
  it("a port entry without a port is every port of its protocol; a named port is the destination's container port of that name", () => {
    expect(allowed([policy([{ protocol: "TCP" }])], { namespace: "ns", labels: {} }, dst, 1234)).toBe(true);
    expect(allowed([policy([{ protocol: "UDP" }])], { namespace: "ns", labels: {} }, dst, 1234)).toBe(false);
    expect(allowed([policy([{ port: "http" }])], { namespace: "ns", labels: {} }, dst, 8080)).toBe(true);
    expect(allowed([policy([{ port: "http" }])], { namespace: "ns", labels: {} }, dst, 9090)).toBe(false);
    expect(allowed([policy([{ port: "metrics" }])], { namespace: "ns", labels: {} }, dst, 8080)).toBe(false);
    expect(allowed([policy([{ port: 8000, endPort: 8100 }])], { namespace: "ns", labels: {} }, dst, 8080)).toBe(true);
  });
});
