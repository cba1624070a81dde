// The whole pipeline in one place: config -> stack -> component parts -> GitOps layout -> checks.
// Pure up to here; writing the tree is the CLI's job (emit/write.ts).
import { chartAsConfigured } from "./model/chart-versions.js";
import type { VigilConfig } from "./config/schema/index.js";
import type { Diagnostic } from "./config/diagnostics.js";
import { resolveStack, type Stack } from "./model/stack.js";
import { renderComponents } from "./components/render.js";
import type { Component, KubeObject, Parts } from "./components/types.js";
import type { GitOpsTarget, TargetOutput } from "./targets/types.js";
import { argocd } from "./targets/argocd/index.js";
import { flux } from "./targets/flux/index.js";
import { checkChartSpecs, checkSchemas, type LocatedObject } from "./checks/schema.js";
import { checkBudget, computePlan, type Plan } from "./checks/budget.js";
import { sortedTree } from "./emit/tree.js";
import { catalogOf, checkRuleQueries } from "./checks/promql.js";
import { applyKeepLists, metricUse, type MetricUse } from "./scrape/keep.js";
import { checkDashboards } from "./checks/dashboards.js";
import { placeImages } from "./model/place-images.js";
import { acceptedRules, checkSecurity } from "./checks/security.js";
import type { UserDashboard } from "./config/user-dashboards.js";
import type { RenderResult } from "./render/index.js";
import { checkRendered, renderedByRelease, selfScrapeProblems } from "./checks/rendered.js";
import { resolveFleet, scrapesInStore, stackFleet, type FleetMember, type StackFleet } from "./model/fleet.js";
import { hostFiles } from "./hosts/index.js";

const TARGETS: Record<VigilConfig["gitops"]["target"], GitOpsTarget> = { argocd, flux };

export interface Generated {
  stack: Stack;
  parts: Parts;
  output: TargetOutput;
  plan: Plan;
  /** Errors and warnings of every check; any error means nothing may be written. */
  diagnostics: Diagnostic[];
  /** The charts as Helm rendered them, when `withRender` was given a render. */
  render?: RenderResult;
}

/** Kubernetes objects a chart renders verbatim from its values (`extraObjects`). */
function objectsInValues(output: TargetOutput): LocatedObject[] {
  return output.releases.flatMap((r) => {
    const extra = r.values.extraObjects;
    return Array.isArray(extra) ? extra.map((object, i) => ({ file: r.file, object: object as KubeObject, at: `${r.chart}.extraObjects[${i}]` })) : [];
  });
}

export interface GenerateOptions {
  source: string;
  components?: Component[];
  userDashboards?: UserDashboard[];
  /**
   * What the consumers of this stack's series read (scrape/keep.ts): by default its own rules and
   * dashboards; a fleet's spoke takes its hub's, or keeps everything when the hub is elsewhere.
   */
  metricUse?: MetricUse | "keep-all";
  /** Where the tree's root lies in its git repository ("" by default: at the root). */
  treeInRepo?: string;
}

export async function generate(config: VigilConfig, options: GenerateOptions & { fleet?: StackFleet }): Promise<Generated> {
  const target = TARGETS[config.gitops.target];
  const stack = resolveStack(config, target, options.fleet);
  const parts = renderComponents(stack, options.components);
  // The chart versions the config pins (versions.charts), within what vigil supports.
  parts.releases = parts.releases.map((r) => ({ ...r, chart: chartAsConfigured(r.chart, config.versions.charts) }));
  // Where the images come from (images: a mirror, pull secrets, other images), and the list of them.
  const placed = placeImages(stack, parts);
  parts.images = placed.images;
  parts.diagnostics.push(...placed.diagnostics);
  // The user's own dashboards join vigil's (read by the CLI: src/config/user-dashboards.ts).
  if (stack.enabled.grafana) {
    for (const d of options.userDashboards ?? []) {
      parts.dashboards.push({ uid: String(d.json.uid), title: String(d.json.title ?? d.json.uid), folder: config.grafana.dashboards?.grafanaFolder ?? "Homelab", component: "user", json: d.json, fromUser: d.file });
    }
  }
  // Keep what is used: every scrape drops the names no consumer reads.
  const use = options.metricUse ?? (stack.fleet?.role === "spoke" ? "keep-all" : metricUse(parts, catalogOf(parts, scrapesInStore(stack, []))));
  if (use !== "keep-all") applyKeepLists(stack, parts, use);
  const output = target.layout(stack, parts, options.source, options.treeInRepo ?? "");
  output.files = sortedTree(output.files);
  const plan = computePlan(stack, parts);
  return { stack, parts, output, plan, diagnostics: await verify(stack, parts, output, plan) };
}

/**
 * Every check of a generated tree. With a render of its charts (`vigil check --render`), the
 * charts' pods, roles, Services and scrapes are checked as Helm rendered them; without, from
 * vigil's tables of what each chart renders.
 */
async function verify(stack: Stack, parts: Parts, output: TargetOutput, plan: Plan, render?: RenderResult): Promise<Diagnostic[]> {
  const located = [...output.objects, ...objectsInValues(output)];
  const remoteScrapes = scrapesInStore(stack, []);
  const rendered = render ? renderedByRelease(render) : undefined;
  return [
    ...parts.diagnostics,
    ...output.problems.map((message) => ({ severity: "error" as const, path: "", message })),
    ...(await checkSchemas(located)),
    ...checkChartSpecs(output.releases),
    ...checkRuleQueries(parts, stack.config.metrics.backend, remoteScrapes),
    ...checkDashboards(parts, stack.config.metrics.backend, remoteScrapes),
    ...checkBudget(stack, plan),
    ...checkSecurity({ objects: located, releases: output.releases, namespace: stack.namespace, rendered }, acceptedRules(stack.config)),
    ...selfScrapeProblems(output.objects),
    ...(render ? checkRendered(stack, parts, output, render) : []),
  ];
}

/** The generated tree checked again, with its charts as Helm rendered them. */
export async function withRender(gen: Generated, render: RenderResult): Promise<Generated> {
  return { ...gen, render, diagnostics: await verify(gen.stack, gen.parts, gen.output, gen.plan, render) };
}

/** One cluster of a fleet, generated. */
export interface GeneratedMember extends Generated {
  member: FleetMember;
}

export interface GeneratedFleet {
  /** Every cluster's tree (one, the standalone cluster, without a fleet). */
  members: GeneratedMember[];
  /** The whole tree: every cluster's files and every host's. */
  files: Map<string, string>;
  /** The fleet's own problems (its resolution, files of two owners). */
  own: Diagnostic[];
  /** The fleet's own problems and every member's, each member's named. */
  diagnostics: Diagnostic[];
}

/** A member's diagnostics, named after its cluster when the config is a fleet. */
export const memberDiagnostics = (m: GeneratedMember): Diagnostic[] =>
  m.member.role === "standalone" ? m.diagnostics : m.diagnostics.map((d) => ({ ...d, message: `cluster ${m.member.name}: ${d.message}` }));

/**
 * The whole config: without `fleet`, exactly `generate` of the one cluster. With it, the spokes
 * first (agent-only), then the hub, whose rules and dashboards cover the spokes' and hosts' jobs,
 * then the hosts' files; each cluster's tree lies in its own folder.
 */
export async function generateFleet(config: VigilConfig, options: GenerateOptions): Promise<GeneratedFleet> {
  const fleet = resolveFleet(config);
  if (!config.fleet) {
    const gen = await generate(config, options);
    return { members: [{ ...gen, member: fleet.members[0]! }], files: gen.output.files, own: [], diagnostics: gen.diagnostics };
  }
  const own: Diagnostic[] = [...fleet.diagnostics];
  if (own.some((d) => d.severity === "error")) return { members: [], files: new Map(), own, diagnostics: own };
  let members: GeneratedMember[] = [];
  const spokes = fleet.members.filter((m) => m.role === "spoke");
  const spokeOf = async (member: FleetMember, use?: MetricUse) => ({ ...(await generate(member.config, { ...options, userDashboards: [], fleet: stackFleet(config, member, fleet.senders), ...(use ? { metricUse: use } : {}) })), member });
  for (const member of spokes) members.push(await spokeOf(member));
  const hosts = hostFiles(config, fleet);
  // The hub, when it is in this config (without fleet.hub it is elsewhere: every cluster is a spoke).
  const hub = fleet.members.find((m) => m.role === "hub");
  // The hub's rules and dashboards see every spoke's jobs as they are scraped before any keep list.
  const remoteScrapes = [...members.flatMap((m) => m.parts.scrapes), ...hosts.scrapes];
  if (hub) {
    const generated = { ...(await generate(hub.config, { ...options, fleet: stackFleet(config, hub, fleet.senders, remoteScrapes) })), member: hub };
    // Then each spoke keeps what the hub's consumers read.
    const use = metricUse(generated.parts, catalogOf(generated.parts, remoteScrapes));
    members = [generated, ...(await Promise.all(spokes.map((m) => spokeOf(m, use))))];
  } else own.push({ severity: "warning", path: "fleet.hub", message: `fleet.hub: not set, so the hub is not in this config: it must serve vigil's ingest at ${config.fleet.ingest.address}:${config.fleet.ingest.port} (a user per sender: ${fleet.senders.map((s) => s.name).join(", ")}) and alert on silent senders itself (docs/fleet.md)` });
  const files = new Map<string, string>();
  for (const m of members) {
    for (const [path, content] of m.output.files) {
      if (files.has(path)) own.push({ severity: "error", path: `fleet.clusters.${m.member.name}.gitops.path`, message: `fleet.clusters.${m.member.name}.gitops.path: ${path} is also a file of another cluster's tree; give each cluster a folder of its own` });
      files.set(path, content);
    }
  }
  for (const [path, content] of hosts.files) {
    if (files.has(path)) own.push({ severity: "error", path: "fleet.hosts", message: `fleet.hosts: ${path} is also a file of a cluster's tree; give the cluster's gitops.path another folder than hosts/` });
    files.set(path, content);
  }
  return { members, files: sortedTree(files), own, diagnostics: [...own, ...members.flatMap(memberDiagnostics)] };
}
