// Checks of the charts as Helm really renders them (`vigil check --render`), against what the tree
// relies on: every release renders; each NetworkPolicy's pods and ports exist; each Service URL the
// stack uses names a rendered Service that reaches its pods; every scrape object selects Services
// (once each) whose ports exist; every connection the rendered pods and operator resources open
// is one the NetworkPolicies allow; and vigil's tables of the charts (chart-pods.ts,
// chart-rbac.ts), the fallback without Helm, agree with the render.
//
// The operators' own pods (VMSingle, vmagent, ..., or Prometheus and Alertmanager) are not rendered
// by Helm but created by the operator from the custom resources; they are added here as the
// metrics backend says its operator makes them (operatorPods).
import type { Diagnostic } from "../config/diagnostics.js";
import type { KubeObject, Parts } from "../model/parts.js";
import type { Stack } from "../model/stack.js";
import { metricsBackend } from "../backends/index.js";
import { victoriaMetricsPods } from "../backends/victoria-metrics/pods.js";
import type { TargetOutput } from "../targets/types.js";
import type { RenderResult } from "../render/index.js";
import { allowed, selects, type Endpoint } from "./netpol.js";
import { chartRoles, chartWorkloads, podTemplateOf } from "./security.js";
import type { LocatedObject } from "./schema.js";

type Any = Record<string, any>;
type Labels = Record<string, string>;

/** The rendered objects of every release that rendered, with the tree file of its values. */
export function renderedObjects(render: RenderResult): LocatedObject[] {
  return [...renderedByRelease(render).values()].flat();
}

/** Kinds without a namespace; every other object Helm renders lands in the release's namespace. */
const CLUSTER_SCOPED = new Set(["ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "Namespace", "PersistentVolume", "StorageClass", "PriorityClass", "APIService", "IngressClass"]);

/**
 * The same, by the file of each rendered release's values (releases that did not render are
 * absent). A template that writes no namespace deploys into the release's (Argo CD's destination,
 * Flux's targetNamespace), so the checks see it there.
 */
export function renderedByRelease(render: RenderResult): Map<string, LocatedObject[]> {
  const placed = (object: KubeObject, namespace: string): KubeObject =>
    object.metadata.namespace || CLUSTER_SCOPED.has(object.kind) ? object : { ...object, metadata: { ...object.metadata, namespace } };
  return new Map(render.releases.filter((r) => r.objects).map((r) => [r.release.file, r.objects!.map((o) => ({ file: r.release.file, object: placed(o.object, r.release.namespace), at: o.source }))]));
}

/** The VictoriaMetrics operator's resources that run pods: every one takes disableSelfServiceScrape (without it the operator adds a VMServiceScrape). */
const isOperatorWorkload = (o: KubeObject) => victoriaMetricsPods(o).length > 0;
/** Where a resource says it: its spec, or (a VMCluster) each part's spec. */
const selfScrapeOff = (o: KubeObject) => {
  const spec = (o as Any).spec ?? {};
  return o.kind === "VMCluster" ? ["vmstorage", "vminsert", "vmselect"].every((p) => spec[p]?.disableSelfServiceScrape === true) : spec.disableSelfServiceScrape === true;
};
const idOf = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;

/**
 * The operator adds a scrape of its own for each resource unless `disableSelfServiceScrape` is
 * true: a second scrape of what vigil scrapes under its own job, and a target the NetworkPolicies
 * block when vigil does not scrape it.
 */
export function selfScrapeProblems(objects: readonly LocatedObject[]): Diagnostic[] {
  return objects
    .filter(({ object }) => isOperatorWorkload(object) && !selfScrapeOff(object))
    .map(({ file, object }) => ({
      severity: "error" as const,
      path: "",
      message: `wiring: ${file}: ${idOf(object)}: the operator would scrape it itself (spec.disableSelfServiceScrape is not true); vigil scrapes the stack under its own jobs, so set it`,
    }));
}

interface Pod {
  id: string;
  file: string;
  labels: Labels;
  ports: { name?: string; port: number }[];
  /** Container ports by name, for NetworkPolicies that name them. */
  named: Record<string, number>;
  hostNetwork: boolean;
  /** Text of the pod spec and of the ConfigMaps and Secrets it mounts: where its URLs are. */
  config: unknown[];
}

interface Svc {
  name: string;
  file: string;
  labels: Labels;
  selector: Labels;
  ports: { name?: string; port: number; targetPort: number | string }[];
}

function mountedNames(spec: Any): Set<string> {
  const names = new Set<string>();
  for (const v of (spec.volumes ?? []) as Any[]) {
    if (v.configMap?.name) names.add(`ConfigMap/${v.configMap.name}`);
    if (v.secret?.secretName) names.add(`Secret/${v.secret.secretName}`);
    for (const s of (v.projected?.sources ?? []) as Any[]) {
      if (s.configMap?.name) names.add(`ConfigMap/${s.configMap.name}`);
      if (s.secret?.name) names.add(`Secret/${s.secret.name}`);
    }
  }
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])] as Any[]) {
    for (const e of (c.envFrom ?? []) as Any[]) {
      if (e.configMapRef?.name) names.add(`ConfigMap/${e.configMapRef.name}`);
      if (e.secretRef?.name) names.add(`Secret/${e.secretRef.name}`);
    }
  }
  return names;
}

/** The pods and Services of the render and of the tree, the operator's included. */
function inventory(stack: Stack, objects: readonly LocatedObject[]) {
  const byId = new Map(objects.map((o) => [idOf(o.object), o.object]));
  const pods: Pod[] = [];
  const services: Svc[] = [];
  for (const { file, object } of objects) {
    const pod = podTemplateOf(object);
    if (pod) {
      const mounted = [...mountedNames(pod.spec)].map((id) => byId.get(id)).filter((o) => o !== undefined);
      const ports = ((pod.spec.containers ?? []) as Any[]).flatMap((c) => ((c.ports ?? []) as Any[]).map((p) => ({ name: p.name as string | undefined, port: Number(p.containerPort) })));
      pods.push({
        id: idOf(object),
        file,
        labels: pod.labels,
        ports,
        named: Object.fromEntries(ports.filter((p) => p.name).map((p) => [p.name!, p.port])),
        hostNetwork: pod.spec.hostNetwork === true,
        config: [pod.spec, ...mounted],
      });
    }
    if (object.kind === "Service") {
      const spec = (object as Any).spec ?? {};
      services.push({
        name: object.metadata.name,
        file,
        labels: object.metadata.labels ?? {},
        selector: spec.selector ?? {},
        ports: ((spec.ports ?? []) as Any[]).map((p) => ({ name: p.name, port: Number(p.port), targetPort: p.targetPort ?? p.port })),
      });
    }
    for (const made of metricsBackend(stack).operatorPods(object)) {
      const { labels, ports } = made;
      pods.push({ id: `${made.what} (the operator's pods)`, file, labels, ports, named: Object.fromEntries(ports.map((p) => [p.name, p.port])), hostNetwork: false, config: ["spec" in made ? made.spec : (object as Any).spec] });
      services.push({ name: made.service, file, labels, selector: labels, ports: ports.map((p) => ({ ...p, targetPort: p.port })) });
    }
  }
  return { pods, services, namespace: stack.namespace };
}

const podsOf = (svc: Svc, pods: readonly Pod[]) => (Object.keys(svc.selector).length ? pods.filter((p) => selects({ matchLabels: svc.selector }, p.labels)) : []);

/** The container port a Service port forwards to, on this pod. */
function containerPort(svcPort: Svc["ports"][number], pod: Pod): number | undefined {
  const t = svcPort.targetPort;
  if (typeof t === "number" || /^\d+$/.test(String(t))) return Number(t);
  return pod.ports.find((p) => p.name === t)?.port;
}

const error = (message: string): Diagnostic => ({ severity: "error", path: "", message: `render: ${message}` });
const warning = (message: string): Diagnostic => ({ severity: "warning", path: "", message: `render: ${message}` });
const show = (labels: Labels) => JSON.stringify(labels);
/** Labels as a key: the same set in any order is the same key. */
const labelKey = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/** Each NetworkPolicy flow's receiving pods exist in the render with that container port. */
function flowTargets(stack: Stack, parts: Parts, pods: readonly Pod[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const f of parts.flows) {
    const key = `${f.to}:${f.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const labels = stack.pods[f.to];
    const matching = pods.filter((p) => selects({ matchLabels: labels }, p.labels));
    if (matching.length === 0) out.push(error(`the NetworkPolicy for ${f.to} admits port ${f.port} (${f.why}) on pods ${show(labels)}, but no rendered pod carries these labels`));
    else if (!matching.some((p) => p.ports.some((x) => x.port === f.port))) {
      out.push(error(`the NetworkPolicy for ${f.to} admits port ${f.port} (${f.why}), but ${matching.map((p) => p.id).join(", ")} listens on ${[...new Set(matching.flatMap((p) => p.ports.map((x) => x.port)))].join(", ") || "no declared port"}`));
    }
  }
  return out;
}

/** The stack's Services the tree relies on: by URL in values or objects, or as a route's backend. */
function usedServices(stack: Stack, output: TargetOutput): Stack["services"][keyof Stack["services"]][] {
  const text = JSON.stringify([output.releases.map((r) => r.values), output.objects.map((o) => o.object)]);
  return Object.values(stack.services).filter(
    (s) => text.includes(`//${s.name}.${stack.namespace}.svc`) || text.includes(`"name":"${s.name}","port":${s.port}`) || text.includes(`"service":{"name":"${s.name}"`),
  );
}

/**
 * Every Service of the stack exists in the render, on its port, and reaches its pods on the port
 * vigil expects: those the tree relies on, and those whose pods the render has (vigil doctor and
 * the docs name them too).
 */
function serviceUrls(stack: Stack, output: TargetOutput, pods: readonly Pod[], services: readonly Svc[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const used = usedServices(stack, output);
  const present = Object.values(stack.services).filter((s) => pods.some((p) => selects({ matchLabels: stack.pods[s.pods] }, p.labels)));
  for (const s of Object.values(stack.services).filter((x) => used.includes(x) || present.includes(x))) {
    const svc = services.find((x) => x.name === s.name);
    if (!svc) {
      out.push(error(`the stack uses ${s.url}, but the render has no Service ${s.name} (Services: ${services.map((x) => x.name).join(", ")})`));
      continue;
    }
    const port = svc.ports.find((p) => p.port === s.port);
    if (!port) {
      out.push(error(`the stack uses ${s.url}, but Service ${s.name} has ports ${svc.ports.map((p) => p.port).join(", ")}`));
      continue;
    }
    const expected = pods.filter((p) => selects({ matchLabels: stack.pods[s.pods] }, p.labels));
    const reached = podsOf(svc, pods);
    if (expected.length === 0) {
      out.push(error(`the stack uses ${s.url} and its NetworkPolicies expect the pods ${show(stack.pods[s.pods])}, but no rendered pod carries these labels (Service ${s.name} selects ${show(svc.selector)})`));
    } else if (!reached.some((p) => expected.includes(p))) {
      out.push(error(`Service ${s.name} selects ${show(svc.selector)}, not the pods ${expected.map((p) => p.id).join(", ")}`));
    }
    for (const pod of reached) {
      const cp = containerPort(port, pod);
      if (cp !== s.targetPort) out.push(error(`Service ${s.name}:${s.port} forwards to ${pod.id} port ${cp ?? port.targetPort}, but the NetworkPolicies and vigil expect ${s.targetPort}`));
    }
  }
  return out;
}

/** The namespaces a scrape object looks in. */
const scrapeNamespaces = (o: KubeObject): string[] => {
  const ns = (o as Any).spec?.namespaceSelector;
  return ns?.any ? ["*"] : (ns?.matchNames ?? [o.metadata.namespace]);
};

/** The port of a Service a scrape endpoint names: by port name, else by targetPort (a number or a pod port name). */
function servicePortOf(e: Any, s: Svc): Svc["ports"][number] | undefined {
  if (e.port !== undefined) return s.ports.find((p) => p.name === e.port);
  if (e.targetPort !== undefined) return s.ports.find((p) => String(p.targetPort) === String(e.targetPort));
  return undefined;
}

/** The container port a pod scrape endpoint names: port name, portNumber, or targetPort. */
function podPortOf(e: Any, pod: Pod): number | undefined {
  if (e.port !== undefined) return pod.named[e.port];
  if (e.portNumber !== undefined) return pod.ports.find((p) => p.port === Number(e.portNumber))?.port;
  if (e.targetPort !== undefined) return /^\d+$/.test(String(e.targetPort)) ? Number(e.targetPort) : pod.named[e.targetPort];
  return undefined;
}

const describePort = (e: Any) => (e.port !== undefined ? `port "${e.port}"` : e.portNumber !== undefined ? `port ${e.portNumber}` : `targetPort ${e.targetPort}`);

/** Scrape objects of Services and of pods, of either operator: the same selector, namespaceSelector and endpoint fields. */
const SERVICE_SCRAPES = new Set(["VMServiceScrape", "ServiceMonitor"]);
const POD_SCRAPES = new Set(["VMPodScrape", "PodMonitor"]);

/** Scrape objects select Services or pods of the stack, once each, on ports that exist, and the scraper may reach them. */
function scrapes(stack: Stack, objects: readonly LocatedObject[], pods: readonly Pod[], services: readonly Svc[], policies: readonly KubeObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const scraperName = metricsBackend(stack).words.scraper;
  const vmagent: Endpoint = { namespace: stack.namespace, labels: stack.pods[stack.services.scraper.pods] };
  const reach = (what: string, pod: Pod, port: number | undefined, via: string) => {
    if (port === undefined) return void out.push(error(`${what} scrapes ${pod.id} through ${via}, which names no container port of the pod: that target is always down`));
    if (pod.hostNetwork) return; // NetworkPolicies do not select hostNetwork pods
    if (!allowed(policies, vmagent, { namespace: stack.namespace, labels: pod.labels, ports: pod.named }, port)) {
      out.push(error(`${what} scrapes ${pod.id} on port ${port}, which the NetworkPolicies do not let ${scraperName} reach: that target is always down`));
    }
  };
  for (const { file, object } of objects) {
    const spec = (object as Any).spec ?? {};
    if (!SERVICE_SCRAPES.has(object.kind) && !POD_SCRAPES.has(object.kind)) continue;
    const namespaces = scrapeNamespaces(object);
    if (!namespaces.includes(stack.namespace) && !namespaces.includes("*")) continue;
    const what = `${file}: ${idOf(object)}`;
    if (SERVICE_SCRAPES.has(object.kind)) {
      const matched = services.filter((s) => selects(spec.selector, s.labels));
      if (matched.length === 0) {
        out.push(error(`${what} selects no Service of the render (${show(spec.selector?.matchLabels ?? {})})`));
        continue;
      }
      const twins = new Map<string, string[]>();
      for (const s of matched) twins.set(labelKey(s.selector), [...(twins.get(labelKey(s.selector)) ?? []), s.name]);
      for (const names of twins.values()) if (names.length > 1) out.push(error(`${what} selects the Services ${names.join(", ")}, which front the same pods: each pod is scraped ${names.length} times`));
      for (const e of (spec.endpoints ?? []) as Any[]) {
        // A Service without the port yields no target; only none having it is a scrape of nothing.
        const withPort = matched.flatMap((s) => {
          const port = servicePortOf(e, s);
          return port ? [{ s, port }] : [];
        });
        if (withPort.length === 0) out.push(error(`${what} scrapes ${describePort(e)}, which none of ${matched.map((s) => `${s.name} (${s.ports.map((p) => p.name ?? p.port).join(", ")})`).join(", ")} has`));
        for (const { s, port } of withPort) for (const pod of podsOf(s, pods)) reach(what, pod, containerPort(port, pod), `Service ${s.name} port ${port.name ?? port.port}`);
      }
    } else {
      const matched = pods.filter((p) => selects(spec.selector, p.labels));
      if (matched.length === 0) out.push(error(`${what} selects no pod of the render (${show(spec.selector?.matchLabels ?? {})})`));
      for (const e of (spec.podMetricsEndpoints ?? []) as Any[]) for (const pod of matched) reach(what, pod, podPortOf(e, pod), describePort(e));
    }
  }
  return out;
}

/**
 * In-cluster addresses in a value: `[http(s)://]<svc>.<ns>.svc[.cluster.local][.][:<port>]`, and
 * `<pod>.<svc>.<ns>.svc...` (a pod under a headless Service: the port is the pod's own). Short
 * names (`http://svc:port`) are not read: they cannot be told from other hosts.
 */
function urlsIn(value: unknown, namespace: string): { url: string; service: string; port: number; podAddress: boolean }[] {
  const text = JSON.stringify(value) ?? "";
  const ns = namespace.replace(/[.]/g, "\\.");
  const re = new RegExp(`(https?://)?((?:[a-z0-9-]+\\.)*?)([a-z0-9-]+)\\.${ns}\\.svc(?:\\.cluster\\.local)?\\.?(?::(\\d+))?`, "g");
  return [...text.matchAll(re)].flatMap((m) => {
    const port = m[4] ? Number(m[4]) : m[1] === "https://" ? 443 : m[1] === "http://" ? 80 : undefined;
    return port === undefined ? [] : [{ url: m[0], service: m[3]!, port, podAddress: m[2]!.length > 0 }];
  });
}

/** Every connection the rendered pods and the operator's resources are configured to open is allowed. */
function connections(stack: Stack, pods: readonly Pod[], services: readonly Svc[], policies: readonly KubeObject[]): Diagnostic[] {
  const out = new Map<string, Diagnostic>();
  for (const src of pods) {
    // A pod on the host network connects with the node's address: only ipBlock peers can match it.
    const from: Endpoint = src.hostNetwork ? {} : { namespace: stack.namespace, labels: src.labels };
    for (const { url, service, port, podAddress } of urlsIn(src.config, stack.namespace)) {
      const svc = services.find((s) => s.name === service);
      const svcPort = podAddress ? undefined : svc?.ports.find((p) => p.port === port);
      if (!svc || (!podAddress && !svcPort)) continue; // a Service vigil does not know (the user's own, or outside the stack)
      for (const dst of podsOf(svc, pods)) {
        const cp = podAddress ? port : containerPort(svcPort!, dst);
        if (cp === undefined || dst.hostNetwork || labelKey(dst.labels) === labelKey(src.labels)) continue; // a pod reaching itself is never isolated
        if (!allowed(policies, from, { namespace: stack.namespace, labels: dst.labels, ports: dst.named }, cp)) {
          out.set(`${src.id}→${dst.id}:${cp}`, error(`${src.file}: ${src.id} connects to ${url} (${dst.id} port ${cp}), which the NetworkPolicies do not allow`));
        }
      }
    }
  }
  return [...out.values()];
}

/** A stable text of a value with empty maps and lists left out, to compare tables with renders. */
function normal(value: unknown): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.length ? v.map(strip) : undefined;
    if (v && typeof v === "object") {
      const entries = Object.entries(v)
        .map(([k, x]) => [k, strip(x)] as const)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => a.localeCompare(b));
      return entries.length ? Object.fromEntries(entries) : undefined;
    }
    return v ?? undefined;
  };
  return JSON.stringify(strip(value) ?? null);
}

/** The rules the security report judges: wildcards and reading Secrets, as group/resource/verb triples. */
function judgedTriples(rules: readonly Any[]): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    for (const g of r.apiGroups ?? [""]) for (const res of r.resources ?? r.nonResourceURLs ?? []) for (const v of r.verbs ?? []) {
      if (g === "*" || res === "*" || v === "*" || res === "secrets") out.add(`${g || "core"}/${res}:${v}`);
    }
  }
  return [...out].sort();
}

/** Where vigil's tables of the charts (the fallback without Helm) disagree with the render. */
export function tableDisagreements(output: TargetOutput, rendered: readonly LocatedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const renderedById = new Map(rendered.map((o) => [idOf(o.object), o]));
  const tablePods = chartWorkloads(output.releases);
  for (const w of tablePods) {
    const r = renderedById.get(`${w.kind}/${w.name}`);
    const pod = r && podTemplateOf(r.object);
    if (!pod) {
      out.push(warning(`${w.file}: chart-pods.ts lists ${w.kind}/${w.name}, which the chart does not render with these values`));
      continue;
    }
    if (normal(w.spec.securityContext) !== normal(pod.spec.securityContext)) {
      out.push(warning(`${w.file}: ${w.kind}/${w.name}: chart-pods.ts gives the pod securityContext ${normal(w.spec.securityContext)}, the render ${normal(pod.spec.securityContext)}`));
    }
    for (const c of w.spec.containers as Any[]) {
      const rc = ([...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])] as Any[]).find((x) => x.name === c.name);
      if (!rc) {
        out.push(warning(`${w.file}: ${w.kind}/${w.name}: chart-pods.ts lists container ${c.name}, which the render does not have`));
        continue;
      }
      for (const field of ["securityContext", "resources"] as const) {
        if (normal(c[field]) !== normal(rc[field])) out.push(warning(`${w.file}: ${w.kind}/${w.name} container ${c.name}: chart-pods.ts gives ${field} ${normal(c[field])}, the render ${normal(rc[field])}`));
      }
    }
  }
  const listed = new Set(tablePods.map((w) => `${w.kind}/${w.name}`));
  for (const { file, object } of rendered) {
    if (podTemplateOf(object) && !listed.has(idOf(object))) out.push(warning(`${file}: the chart renders ${idOf(object)}, which chart-pods.ts does not list`));
  }
  const tableRoles = chartRoles(output.releases);
  for (const role of tableRoles) {
    const r = renderedById.get(`${role.kind}/${role.name}`);
    if (!r) {
      out.push(warning(`${role.file}: chart-rbac.ts lists ${role.kind}/${role.name}, which the chart does not render with these values`));
      continue;
    }
    const mine = judgedTriples(role.rules as Any[]);
    const theirs = judgedTriples(((r.object as Any).rules ?? []) as Any[]);
    const missing = theirs.filter((t) => !mine.includes(t));
    const extra = mine.filter((t) => !theirs.includes(t));
    if (missing.length || extra.length) {
      out.push(warning(`${role.file}: ${role.kind}/${role.name}: chart-rbac.ts ${[missing.length ? `lacks ${missing.join(", ")}` : "", extra.length ? `has ${extra.join(", ")} that the render does not` : ""].filter(Boolean).join(" and ")}`));
    }
  }
  const roles = new Set(tableRoles.map((r) => `${r.kind}/${r.name}`));
  for (const { file, object } of rendered) {
    if ((object.kind === "ClusterRole" || object.kind === "Role") && !roles.has(idOf(object))) out.push(warning(`${file}: the chart renders ${idOf(object)}, which chart-rbac.ts does not list`));
  }
  return out;
}

/** Every check of the render; pure: the render was made at the edge (src/render/). */
export function checkRendered(stack: Stack, parts: Parts, output: TargetOutput, render: RenderResult): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of render.releases) {
    if (r.error) out.push(error(`${r.release.file}: helm template of ${r.release.chart} ${r.release.version} fails, so the GitOps tool deploys nothing of it: ${r.error}`));
    // A folder of charts named on purpose (your CI's) that lacks a pinned one is out of date: an error.
    if (r.unavailable && render.charts && "folder" in render.charts) out.push(error(`${r.release.file}: ${r.unavailable}; add it (docs/render.md) or drop --charts to pull it`));
  }
  const rendered = renderedObjects(render);
  const complete = render.releases.length === output.releases.length && render.releases.every((r) => r.objects);
  if (!complete) {
    const missing = output.releases.filter((rel) => !render.releases.some((r) => r.release.file === rel.file && r.objects)).map((r) => r.chart);
    out.push(warning(`not checked against the render: the pods, Services and scrapes of ${missing.join(", ")} were not rendered`));
    return [...out, ...selfScrapeProblems(rendered)];
  }
  // vigil's own objects (scrapes, CronJobs, operator resources) and the charts' objects, together.
  const plain = output.objects.filter((o) => !["HelmRelease", "HelmRepository", "OCIRepository", "Kustomization", "ApplicationSet"].includes(o.object.kind));
  const all = [...plain, ...rendered];
  const { pods, services } = inventory(stack, all);
  const policies = all.map((o) => o.object).filter((o) => o.kind === "NetworkPolicy");
  out.push(
    ...selfScrapeProblems(rendered),
    ...flowTargets(stack, parts, pods),
    ...serviceUrls(stack, output, pods, services),
    ...scrapes(stack, all, pods, services, policies),
    ...connections(stack, pods, services, policies),
    ...tableDisagreements(output, rendered),
  );
  return out;
}
