// The fleet above the Stack: one config becomes one Stack per cluster (the hub and the agent-only
// spokes) and a set of hosts. Pure: the pipeline (src/pipeline.ts) renders each member.
//
// Every top-level key is the fleet's shared default; a cluster's entry overrides any of them. The
// merged settings are parsed again by the one config schema, so a cluster's entry is checked as
// strictly as a single-cluster config, and its errors name the entry's path.
import { configSchema, type VigilConfig } from "../config/schema/index.js";
import { NOT_PER_CLUSTER } from "../config/schema/fleet.js";
import { didYouMean, issuesToDiagnostics, type Diagnostic } from "../config/diagnostics.js";
import type { ScrapeJob } from "./parts.js";
import { bytesOf } from "./resources.js";

export type FleetRole = "standalone" | "hub" | "spoke";

export interface FleetMember {
  /** The cluster's name: the `cluster` label of everything it sends. */
  name: string;
  role: FleetRole;
  config: VigilConfig;
}

export interface FleetHost {
  name: string;
  os: "nixos" | "debian";
  journald: boolean;
}

/** Who pushes to the hub: each spoke cluster and each host, with credentials of its own. */
export interface Sender {
  name: string;
  kind: "cluster" | "host";
}

/** What a Stack knows of the fleet it is part of (undefined: a single cluster). */
export interface StackFleet {
  role: "hub" | "spoke";
  /** The hub's ingest as spokes and hosts reach it, e.g. http://100.64.0.2:8427. */
  ingestUrl: string;
  ingest: { address: string; port: number; allowFrom: string[] };
  /** Every spoke and host (the hub's users; on a spoke, for its docs). */
  senders: Sender[];
  /** Spoke: the Secret with its password, and its user name at the hub. */
  credentials: { secret: string; key: "password"; username: string };
  /** Size of each spoke's on-disk remote-write buffer. */
  buffer: string;
  stoppedSendingAfter: string;
  /** Hub: the scrape jobs of the spokes and hosts, so rules and dashboards cover the whole fleet. */
  remoteScrapes: ScrapeJob[];
}

export interface ResolvedFleet {
  members: FleetMember[];
  hosts: FleetHost[];
  senders: Sender[];
  diagnostics: Diagnostic[];
}

/**
 * The cap of a sender's vmagent queue (-remoteWrite.maxDiskUsagePerURL, in bytes): 90% of its
 * buffer, so the queue never fills the disk it lives on.
 */
export const queueCapBytes = (buffer: string) => Math.floor(bytesOf(buffer) * 0.9);

/** The Secret that holds a sender's ingest password, by the same name on the hub and on the sender. */
export const senderSecret = (name: string) => `vigil-ingest-${name}`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Maps merge, everything else (lists included) is replaced: how an entry overrides the shared settings. */
export function mergeSettings(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? mergeSettings(out[k] as Record<string, unknown>, v) : v;
  return out;
}

const hasPath = (value: unknown, path: string[]): boolean => {
  let v = value;
  for (const p of path) {
    if (!isObject(v) || !(p in v)) return false;
    v = v[p];
  }
  return true;
};

/** Parts a spoke does not run: the hub stores, evaluates, alerts and shows for the whole fleet. */
const HUB_ONLY_COMPONENTS = ["logs", "grafana", "alertmanager", "vmalert", "traces"] as const;
/** Sections that configure what only the hub runs. */
const HUB_ONLY_SECTIONS = ["access", "backup", "alerting", "grafana", "retention"] as const;

/**
 * The fleet's members. `check` runs the config's cross-field rules on each cluster's merged
 * settings (config/parse.ts passes them; the pipeline gets an already checked config).
 */
export function resolveFleet(config: VigilConfig, check?: (config: VigilConfig) => Diagnostic[]): ResolvedFleet {
  const fleet = config.fleet;
  if (!fleet) return { members: [{ name: config.cluster.name, role: "standalone", config }], hosts: [], senders: [], diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const error = (path: string, message: string) => diagnostics.push({ severity: "error", path, message: `${path}: ${message}` });
  const names = Object.keys(fleet.clusters);
  // Without fleet.hub the hub is outside this config: every cluster is a spoke.
  if (fleet.hub !== undefined && !names.includes(fleet.hub)) {
    const guess = didYouMean(fleet.hub, names);
    error("fleet.hub", `"${fleet.hub}" is not a cluster of fleet.clusters${guess ? `; did you mean "${guess}"?` : ""} (clusters: ${names.join(", ") || "none"})`);
    return { members: [], hosts: [], senders: [], diagnostics };
  }
  // One kubeconfig context for every cluster would check one cluster under every name.
  if (config.cluster.context !== undefined) error("cluster.context", `names one kubeconfig context for every cluster of the fleet; set it per cluster, e.g. fleet.clusters.${names[0] ?? "<name>"}.cluster.context`);
  const { fleet: _fleet, $schema: _s, ...shared } = config;
  const members: FleetMember[] = [];
  const hubName = fleet.hub ?? "the hub outside this config";
  // The hub first: the spokes take its log store.
  for (const name of [...(fleet.hub ? [fleet.hub] : []), ...names.filter((n) => n !== fleet.hub)]) {
    const entry = fleet.clusters[name]!;
    const at = `fleet.clusters.${name}`;
    const role = name === fleet.hub ? "hub" : "spoke";
    let bad = false;
    for (const key of Object.keys(entry)) {
      if ((NOT_PER_CLUSTER as readonly string[]).includes(key)) {
        error(`${at}.${key}`, "is set once for the whole fleet, at the top level");
        bad = true;
      } else if (!(key in configSchema.shape)) {
        const guess = didYouMean(key, Object.keys(configSchema.shape).filter((k) => !(NOT_PER_CLUSTER as readonly string[]).includes(k)));
        error(`${at}.${key}`, `is not a setting${guess ? `; did you mean "${guess}"?` : ""}`);
        bad = true;
      }
    }
    if (hasPath(entry, ["cluster", "name"])) {
      error(`${at}.cluster.name`, `the cluster's name is its key in fleet.clusters ("${name}"); remove cluster.name`);
      bad = true;
    }
    if (role === "spoke") {
      for (const c of HUB_ONLY_COMPONENTS) {
        if (isObject(entry.components) && entry.components[c] === true) {
          error(`${at}.components.${c}`, `a spoke runs agents only; ${c} runs on the hub (${fleet.hub ? `fleet.hub: ${fleet.hub}` : hubName}) for the whole fleet`);
          bad = true;
        }
      }
      for (const s of HUB_ONLY_SECTIONS) {
        if (s in entry) {
          error(`${at}.${s}`, `configures what only the hub runs; set it at the top level${fleet.hub ? ` or in fleet.clusters.${fleet.hub}` : ""}`);
          bad = true;
        }
      }
      if (hasPath(entry, ["storage", "metrics", "size"])) {
        error(`${at}.storage.metrics.size`, "a spoke's only metrics volume is vmagent's buffer; its size is fleet.senders.buffer");
        bad = true;
      }
      // The stores' modes are the hub's: a spoke's collector and log agent push there.
      const pushes = { metrics: "its vmagent pushes to the hub", logs: "its log agent ships to the hub" } as const;
      for (const [section, how] of Object.entries(pushes)) {
        for (const key of ["mode", "cluster"]) {
          if (hasPath(entry, [section, key])) {
            error(`${at}.${section}.${key}`, `a spoke stores nothing: ${how}; ${section}.mode and ${section}.cluster configure the hub's store`);
            bad = true;
          }
        }
      }
      if (hasPath(entry, ["logs", "backend"])) {
        error(`${at}.logs.backend`, `a spoke ships to the hub's log store; set logs.backend at the top level${fleet.hub ? ` or in fleet.clusters.${fleet.hub}` : ""}`);
        bad = true;
      }
    }
    if (bad) continue;
    const gitopsPath = hasPath(entry, ["gitops", "path"]) ? {} : { gitops: { path: `clusters/${name}/${config.gitops.path}` } };
    // A spoke does not inherit what only the hub runs: those sections take their defaults there.
    const base: Record<string, unknown> = { ...shared };
    if (role === "spoke") {
      for (const s of HUB_ONLY_SECTIONS) delete base[s];
      base.metrics = { ...shared.metrics, retentionSize: undefined, mode: "single", cluster: undefined };
      base.logs = { ...shared.logs, mode: "single", cluster: undefined };
    }
    const merged = mergeSettings(mergeSettings(base, entry), { cluster: { name }, ...gitopsPath });
    // A problem of a value the entry set is reported at the entry's path; one of a shared value names the cluster.
    const blame = (d: Diagnostic): Diagnostic =>
      d.path !== "" && hasPath(entry, d.path.split("."))
        ? { ...d, path: `${at}.${d.path}`, message: d.message.startsWith(d.path) ? `${at}.${d.message}` : `${at}: ${d.message}` }
        : { ...d, message: `cluster ${name}: ${d.message}` };
    const parsed = configSchema.safeParse(merged);
    if (!parsed.success) {
      diagnostics.push(...issuesToDiagnostics(configSchema, parsed.error.issues, merged).map(blame));
      continue;
    }
    const crossErrors = check?.(parsed.data) ?? [];
    diagnostics.push(...crossErrors.map(blame));
    if (crossErrors.length) continue;
    members.push({ name, role, config: parsed.data });
  }
  // The hub's settings: its cluster's, or (a hub outside this config) the shared ones.
  const hub = members.find((m) => m.role === "hub") ?? (fleet.hub === undefined ? { name: hubName, role: "hub" as const, config } : undefined);
  if (hub) {
    for (const m of members) {
      // The hub may run either backend, and so may a spoke: its collector is vmagent, or Prometheus
      // in agent mode; both remote-write to either hub.
      if (m.role === "spoke") {
        const hubLogs = hub.config.components.logs;
        // Agents only; logs go to the hub's store, in its format.
        m.config = {
          ...m.config,
          components: {
            ...m.config.components,
            logs: false,
            grafana: false,
            alertmanager: false,
            vmalert: false,
            traces: false,
            logAgent: hubLogs && m.config.components.logAgent,
          },
          logs: { ...m.config.logs, backend: hub.config.logs.backend },
          // The spoke's one volume is its collector's buffer of what the hub has not taken yet.
          storage: { ...m.config.storage, metrics: { ...m.config.storage.metrics, size: config.fleet!.senders.buffer } },
        };
      }
    }
  }
  const paths = members.map((m) => ({ name: m.name, path: m.config.gitops.path }));
  for (const a of paths) {
    for (const b of paths) {
      if (a.name < b.name && (a.path === b.path || a.path.startsWith(`${b.path}/`) || b.path.startsWith(`${a.path}/`))) {
        // Blamed on the entry that chose its path.
        const [mine, other] = hasPath(fleet.clusters[a.name], ["gitops", "path"]) ? [a, b] : [b, a];
        error(`fleet.clusters.${mine.name}.gitops.path`, `"${mine.path}" and the tree of ${other.name} ("${other.path}") overlap; give each cluster a folder of its own`);
      }
    }
  }
  const hosts = Object.entries(fleet.hosts).map(([name, h]) => ({ name, os: h.os, journald: h.journald }));
  for (const h of hosts) {
    if (names.includes(h.name)) error(`fleet.hosts.${h.name}`, `"${h.name}" is also a cluster; hosts and clusters share the \`cluster\` label, give the host another name`);
  }
  const senders: Sender[] = [...members.filter((m) => m.role === "spoke").map((m) => ({ name: m.name, kind: "cluster" as const })), ...hosts.map((h) => ({ name: h.name, kind: "host" as const }))];
  return { members, hosts, senders, diagnostics };
}

/** The hub's ingest as spokes and hosts reach it, e.g. http://100.64.0.2:8427. */
export function ingestUrlOf(config: VigilConfig): string {
  const { address, port } = config.fleet!.ingest;
  return `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
}

/** The fleet as the Stack of `member` sees it. */
export function stackFleet(config: VigilConfig, member: FleetMember, senders: Sender[], remoteScrapes: ScrapeJob[] = []): StackFleet | undefined {
  const fleet = config.fleet;
  if (!fleet || member.role === "standalone") return undefined;
  return {
    role: member.role,
    ingestUrl: ingestUrlOf(config),
    ingest: { address: fleet.ingest.address, port: fleet.ingest.port, allowFrom: fleet.ingest.allowFrom },
    senders,
    credentials: { secret: senderSecret(member.name), key: "password", username: member.name },
    buffer: fleet.senders.buffer,
    stoppedSendingAfter: fleet.senders.stoppedSendingAfter,
    remoteScrapes,
  };
}

/** The scrape jobs whose series reach this cluster's store: its own, and on a hub the spokes' and hosts'. */
export const scrapesInStore = (stack: { fleet?: StackFleet }, own: readonly ScrapeJob[]): ScrapeJob[] => [...own, ...(stack.fleet?.role === "hub" ? stack.fleet.remoteScrapes : [])];
