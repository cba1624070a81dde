// Parse an already-loaded config object: schema validation, then the rules that span several
// options. Pure: no file access.
import { FORMER_GROUPS } from "./schema/exporters.js";
import { namedReceivers } from "../alerting/alertmanager-config.js";
import { configSchema, type VigilConfig } from "./schema/index.js";
import { PLACEHOLDER_REPO_URL } from "./schema/gitops.js";
import { isSupported, KNOWN_CHARTS, OWN_IMAGES, supportedRange } from "../model/chart-versions.js";
import { type Diagnostic, didYouMean, issuesToDiagnostics } from "./diagnostics.js";
import { CONTAINERS } from "../model/resources.js";
import { LOG_STORES } from "../backends/logs.js";
import { resolveFleet } from "../model/fleet.js";
import { metricsClusterSettings } from "./schema/metrics.js";
import { logsClusterSettings } from "./schema/logs.js";

export type ParseResult = { ok: true; config: VigilConfig; warnings: Diagnostic[] } | { ok: false; errors: Diagnostic[] };

const error = (path: string, message: string): Diagnostic => ({ severity: "error", path, message: `${path}: ${message}` });

/**
 * A store's mode `cluster` (metrics.mode, logs.mode): settings only with the mode, a store that has
 * a cluster, at least two nodes, and a node of its own for each storage replica.
 */
function storeModeChecks(s: {
  section: "metrics" | "logs";
  mode: "single" | "cluster";
  settingsGiven: boolean;
  /** Why this store cannot be clustered, if it cannot. */
  refused?: string;
  nodes: number;
  /** Why one node is not enough. */
  oneNode: string;
  storage: { part: string; count: number; why: string };
}): Diagnostic[] {
  const { section } = s;
  if (s.mode !== "cluster") return s.settingsGiven ? [error(`${section}.cluster`, `only with ${section}.mode: "cluster"; set the mode, or remove ${section}.cluster`)] : [];
  if (s.refused) return [error(`${section}.mode`, s.refused)];
  if (s.nodes < 2) return [error(`${section}.mode`, `"cluster" needs cluster.nodes of at least 2 (it is ${s.nodes}): ${s.oneNode}; keep mode "single" on one node`)];
  const { part, count, why } = s.storage;
  return count > s.nodes
    ? [error(`${section}.cluster.${part}`, `${count} ${part} nodes, but cluster.nodes is ${s.nodes}: each ${part} runs on a node of its own (${why}); at most ${s.nodes}`)]
    : [];
}

/** metrics.mode cluster: a VMCluster whose replication protects something and can be scheduled. */
function clusterModeChecks(config: VigilConfig): Diagnostic[] {
  const { mode, cluster, backend } = config.metrics;
  const { replicationFactor, vmstorage } = metricsClusterSettings(cluster);
  const out = storeModeChecks({
    section: "metrics",
    mode,
    settingsGiven: cluster !== undefined,
    ...(backend !== "victoria-metrics" ? { refused: '"cluster" is the VictoriaMetrics cluster (VMCluster); with metrics.backend: prometheus use mode "single" (or a fleet hub, docs/fleet.md)' } : {}),
    nodes: config.cluster.nodes,
    oneNode: "replication across one node protects nothing, and the cluster's parts cost more than one VMSingle",
    storage: { part: "vmstorage", count: vmstorage, why: "two on one node would lose both copies with it" },
  });
  if (mode === "cluster" && backend === "victoria-metrics" && config.cluster.nodes >= 2 && replicationFactor > vmstorage) {
    out.unshift(error("metrics.cluster.replicationFactor", `${replicationFactor} copies of each sample need at least as many vmstorage nodes (metrics.cluster.vmstorage is ${vmstorage})`));
  }
  return out;
}

/** logs.mode cluster: VictoriaLogs' cluster, on enough nodes for a vlstorage each. */
function logsModeChecks(config: VigilConfig): Diagnostic[] {
  const { mode, cluster, backend } = config.logs;
  const refused =
    backend !== "victorialogs"
      ? '"cluster" is the VictoriaLogs cluster; Loki\'s simple-scalable mode is not built yet: use logs.backend "victorialogs", or mode "single" (Loki on S3 with logs.lokiS3 already keeps its chunks off the node)'
      : !config.components.logs
        ? '"cluster" needs components.logs: true (there is no log store to cluster)'
        : undefined;
  return storeModeChecks({
    section: "logs",
    mode,
    settingsGiven: cluster !== undefined,
    ...(refused ? { refused } : {}),
    nodes: config.cluster.nodes,
    oneNode: "its vlstorage nodes would share one node's disk, and the parts cost more than one VictoriaLogs",
    storage: { part: "vlstorage", count: logsClusterSettings(cluster).vlstorage, why: "two on one node share its disk and fail with it" },
  });
}

/** Rules between options that the per-field schema cannot express. */
function crossChecks(config: VigilConfig): Diagnostic[] {
  const errors: Diagnostic[] = [];
  if (config.components.logAgent && !config.components.logs) {
    errors.push({
      severity: "error",
      path: "components.logAgent",
      message: 'components.logAgent: true needs components.logs: true (the agent ships to the log store); set "logAgent: false" or "logs: true"',
    });
  }
  const prometheusOnly: [boolean, string, string][] = [
    [
      config.metrics.retentionSize !== undefined,
      "metrics.retentionSize",
      "VictoriaMetrics deletes by age only (retention.metrics) and has no size limit: near a full volume it stops taking samples (-storage.minFreeDiskSpaceBytes), and VictoriaMetricsDiskFull fires days before; shorten retention.metrics or grow storage.metrics.size",
    ],
  ];
  errors.push(...clusterModeChecks(config), ...logsModeChecks(config));
  // Parts built on the VictoriaMetrics operator's resources (vmbackup, VMAuth, vmalert).
  const victoriaMetricsOnly: [boolean, string, string][] = [
    [config.backup.metrics !== undefined, "backup.metrics", "the backup is vmbackup; Prometheus's snapshots are not backed up by vigil yet, remove backup.metrics (or back up the volume itself, e.g. with Longhorn or Velero)"],
    [config.access.uis !== undefined, "access.uis", "the login in front of the UIs is VMAuth; with Prometheus expose Grafana only (access.grafana), or put your own proxy with a login in front"],
    [!config.components.vmalert, "components.vmalert", "Prometheus evaluates the rules itself; remove components.vmalert"],
  ];
  if (config.metrics.backend === "victoria-metrics") {
    for (const [set, path, why] of prometheusOnly) {
      if (set) errors.push({ severity: "error", path, message: `${path}: only with metrics.backend: prometheus; ${why}` });
    }
  } else {
    for (const [set, path, why] of victoriaMetricsOnly) {
      if (set) errors.push({ severity: "error", path, message: `${path}: not with metrics.backend: prometheus; ${why}` });
    }
  }
  if (config.gitops.argocd.namespace === config.namespace) {
    errors.push({
      severity: "error",
      path: "namespace",
      message: `namespace: "${config.namespace}" is Argo CD's namespace (gitops.argocd.namespace); use a namespace of its own, e.g. "monitoring"`,
    });
  }
  const { gateway, ingress, grafana } = config.access;
  if (gateway && ingress) {
    errors.push({ severity: "error", path: "access.ingress", message: "access.ingress: set either access.gateway or access.ingress, not both" });
  }
  if (grafana && !gateway && !ingress) {
    errors.push({ severity: "error", path: "access.grafana", message: "access.grafana: needs access.gateway (an HTTPRoute on your Gateway) or access.ingress (e.g. K3s's Traefik)" });
  }
  if (config.secrets.externalSecrets && config.secrets.onePassword) {
    errors.push({ severity: "error", path: "secrets.onePassword", message: "secrets.onePassword: set either secrets.externalSecrets or secrets.onePassword, not both" });
  }
  const { uis } = config.access;
  if (uis && !gateway && !ingress) {
    errors.push({ severity: "error", path: "access.uis", message: "access.uis: needs access.gateway (an HTTPRoute on your Gateway) or access.ingress (e.g. K3s's Traefik)" });
  }
  const uiNeeds: [keyof NonNullable<typeof uis>, boolean, string][] = [
    ["logs", config.components.logs && LOG_STORES[config.logs.backend].ui, "needs VictoriaLogs (components.logs with logs.backend: victorialogs); Loki has no UI of its own"],
    ["alerts", config.components.vmalert, "needs vmalert (components.vmalert)"],
    ["alertmanager", config.components.alertmanager, "needs Alertmanager (components.alertmanager)"],
  ];
  for (const [ui, ok, why] of uiNeeds) {
    if (uis?.[ui] && !ok) errors.push({ severity: "error", path: `access.uis.${ui}`, message: `access.uis.${ui}: ${why}` });
  }
  if (uis && !(["metrics", "logs", "alerts", "alertmanager"] as const).some((ui) => uis[ui])) {
    errors.push({ severity: "error", path: "access.uis", message: "access.uis: names no UI; set at least one of metrics, logs, alerts, alertmanager" });
  }
  const hosts = [grafana?.url, uis?.metrics, uis?.logs, uis?.alerts, uis?.alertmanager].filter((u): u is string => u !== undefined && URL.canParse(u)).map((u) => new URL(u).host);
  const twice = hosts.find((h, i) => hosts.indexOf(h) !== i);
  if (twice) errors.push({ severity: "error", path: "access.uis", message: `access.uis: host "${twice}" is used by two UIs; each UI needs a host of its own` });
  if (config.grafana.sso && !grafana) {
    errors.push({ severity: "error", path: "grafana.sso", message: "grafana.sso: needs access.grafana.url: the identity provider redirects the browser to <url>/login/generic_oauth" });
  }
  if (grafana && !config.components.grafana) {
    errors.push({ severity: "error", path: "access.grafana", message: "access.grafana: Grafana is switched off (components.grafana: false); remove access.grafana or switch Grafana on" });
  }
  if (config.cluster.distribution === "talos" && config.cluster.datastore) {
    errors.push({
      severity: "error",
      path: "cluster.datastore",
      message: `cluster.datastore: "${config.cluster.datastore}" applies to K3s only; Talos always runs etcd on its control-plane nodes, remove the option`,
    });
  }
  errors.push(...receiverChecks(config), ...versionChecks(config));
  if (config.logs.lokiS3 && config.logs.backend !== "loki") {
    errors.push({ severity: "error", path: "logs.lokiS3", message: 'logs.lokiS3: set only with logs.backend: "loki" (VictoriaLogs keeps its data on its volume)' });
  }
  const servers = config.cluster.controlPlane.addresses.length;
  if (config.cluster.distribution === "k3s" && (config.cluster.datastore ?? "sqlite") === "sqlite" && servers > 1) {
    errors.push({
      severity: "error",
      path: "cluster.controlPlane.addresses",
      message: `cluster.controlPlane.addresses: ${servers} servers, but K3s on SQLite (cluster.datastore: sqlite, the default) has exactly one; set cluster.datastore: embedded-etcd (or external) for several servers`,
    });
  }
  for (const id of Object.keys(config.resources.overrides)) {
    if ((CONTAINERS as readonly string[]).includes(id)) continue;
    const guess = didYouMean(id, [...CONTAINERS]);
    errors.push({
      severity: "error",
      path: `resources.overrides.${id}`,
      message: `resources.overrides.${id}: unknown container${guess ? `; did you mean "${guess}"?` : ""} (allowed: ${CONTAINERS.join(", ")})`,
    });
  }
  return errors;
}

/** A pinned chart version: a chart vigil deploys, and a release it supports. */
function versionChecks(config: VigilConfig): Diagnostic[] {
  const names = [...KNOWN_CHARTS.keys()];
  return Object.entries(config.versions.charts).flatMap(([name, version]) => {
    const chart = KNOWN_CHARTS.get(name);
    const at = `versions.charts.${name}`;
    if (!chart) {
      const guess = didYouMean(name, names);
      return [error(at, `is not a chart vigil deploys${guess ? `; did you mean "${guess}"?` : ""} (charts: ${names.join(", ")})`)];
    }
    if (isSupported(chart, version)) return [];
    return [error(at, `"${version}" is not a version this vigil supports: ${supportedRange(chart)}, from its pin ${chart.version} on (vigil's values are checked against that chart); a newer minor needs a newer vigil`)];
  }).concat(
    Object.keys(config.versions.images)
      .filter((repo) => !OWN_IMAGES.has(repo))
      .map((repo) => {
        const guess = didYouMean(repo, [...OWN_IMAGES.keys()]);
        return error(`versions.images.${repo}`, `is not an image of vigil's own objects${guess ? `; did you mean "${guess}"?` : ""} (images: ${[...OWN_IMAGES.keys()].join(", ")}); a chart's images follow versions.charts`);
      }),
  );
}

/** Receiver names are unique, and every list and route names configured receivers. */
function receiverChecks(config: VigilConfig): Diagnostic[] {
  const errors: Diagnostic[] = [];
  const { alerting } = config;
  const receivers = namedReceivers(alerting);
  const names = receivers.map((r) => r.name);
  const error = (path: string, message: string) => errors.push({ severity: "error", path, message: `${path}: ${message}` });
  for (const [i, r] of receivers.entries()) {
    const first = names.indexOf(r.name);
    if (first !== i) error(`${r.path}.name`, `"${r.name}" is also the name of ${receivers[first]!.path}; give each receiver a name of its own`);
  }
  const known = (path: string, list: string[] | undefined) => {
    for (const [i, name] of (list ?? []).entries()) {
      if (names.includes(name)) continue;
      const guess = didYouMean(name, names);
      error(`${path}[${i}]`, `"${name}" is not configured under alerting.receivers${guess ? `; did you mean "${guess}"?` : ""} (configured: ${names.join(", ") || "none"})`);
    }
  };
  known("alerting.critical", alerting.critical);
  known("alerting.warning", alerting.warning);
  for (const [i, s] of alerting.silences.entries()) {
    const at = `alerting.silences[${i}]`;
    if (alerting.silences.findIndex((x) => x.name === s.name) !== i) error(`${at}.name`, `"${s.name}" names two silences; give each a name of its own`);
    if (s.weekdays && s.start && s.end && s.start >= s.end) error(`${at}.end`, `ends at ${s.end}, not after its start ${s.start}, on the given weekdays; a window across midnight is two silences (one to 24:00, one from 00:00 the next day)`);
  }
  for (const [i, route] of alerting.routes.entries()) {
    const at = `alerting.routes[${i}]`;
    if (alerting.routes.findIndex((r) => r.name === route.name) !== i) error(`${at}.name`, `"${route.name}" names two routes; give each route a name of its own`);
    if (!route.clusters && !route.namespaces && !route.alerts) error(at, "matches every alert; give it clusters, namespaces or alerts (or change alerting.critical and alerting.warning instead)");
    if (!route.critical && !route.warning) error(at, "sends to the top-level receivers all the same; give it critical or warning receivers");
    known(`${at}.critical`, route.critical);
    known(`${at}.warning`, route.warning);
  }
  return errors;
}

/** The clusters alerting.routes names carry alerts: this config's cluster, or the fleet's clusters and hosts. */
function routeClusterChecks(config: VigilConfig): Diagnostic[] {
  const fleet = config.fleet;
  const clusters = fleet ? [...Object.keys(fleet.clusters), ...Object.keys(fleet.hosts)] : [config.cluster.name];
  return config.alerting.routes.flatMap((route, i) =>
    (route.clusters ?? [])
      .map((c, j) => [c, j] as const)
      .filter(([c]) => !clusters.includes(c))
      .map(([c, j]) => {
        const guess = didYouMean(c, clusters);
        const why = fleet ? `not a cluster or host of the fleet${guess ? `; did you mean "${guess}"?` : ""} (${clusters.join(", ")})` : `not this config's cluster (cluster.name: "${config.cluster.name}"); routes by cluster are for a fleet (fleet.clusters, fleet.hosts)`;
        return error(`alerting.routes[${i}].clusters[${j}]`, `"${c}" is ${why}`);
      }),
  );
}

/** Argo CD reads the tree from gitops.repoURL: the placeholder would point every Application at nothing. */
function placeholderWarnings(config: VigilConfig): Diagnostic[] {
  // Each cluster's target and URL: its entry's, or the shared ones.
  const entries = config.fleet ? (Object.values(config.fleet.clusters) as { gitops?: { target?: string; repoURL?: string } }[]) : [{}];
  const placeholder = entries.some((e) => (e.gitops?.target ?? config.gitops.target) === "argocd" && (e.gitops?.repoURL ?? config.gitops.repoURL) === PLACEHOLDER_REPO_URL);
  if (!placeholder) return [];
  return [{ severity: "warning", path: "gitops.repoURL", message: `gitops.repoURL: not set, so the ApplicationSet reads the placeholder ${PLACEHOLDER_REPO_URL}; set it to the URL Argo CD reaches your repository at (\`git remote get-url origin\`)` }];
}

/** Keys that would reach an object's prototype instead of becoming an option: refused wherever they appear. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function prototypeKeys(value: unknown, path: string[] = [], out: Diagnostic[] = []): Diagnostic[] {
  if (Array.isArray(value)) value.forEach((v, i) => prototypeKeys(v, [...path, `[${i}]`], out));
  else if (value && typeof value === "object") {
    for (const key of Object.getOwnPropertyNames(value)) {
      const at = [...path, key].join(".").replace(/\.\[/g, "[");
      if (PROTOTYPE_KEYS.has(key)) out.push({ severity: "error", path: at, message: `${at}: "${key}" is not allowed as an option name` });
      else prototypeKeys((value as Record<string, unknown>)[key], [...path, key], out);
    }
  }
  return out;
}

export function parseConfig(input: unknown): ParseResult {
  const unsafe = prototypeKeys(input);
  if (unsafe.length) return { ok: false, errors: unsafe };
  const result = configSchema.safeParse(input ?? {});
  if (!result.success) return { ok: false, errors: issuesToDiagnostics(configSchema, result.error.issues, input) };
  const errors = [...crossChecks(result.data), ...routeClusterChecks(result.data)];
  if (errors.length) return { ok: false, errors };
  // A fleet: each cluster's merged settings are parsed and checked like a config of their own.
  const fleet = result.data.fleet ? resolveFleet(result.data, crossChecks).diagnostics : [];
  if (fleet.some((d) => d.severity === "error")) return { ok: false, errors: fleet };
  return { ok: true, config: result.data, warnings: [...placeholderWarnings(result.data), ...deprecationWarnings(result.data)] };
}

/** Switches that moved: still read, with the new place. */
function deprecationWarnings(config: VigilConfig): Diagnostic[] {
  return FORMER_GROUPS.filter((e) => config.alerting.groups[e] !== undefined).map((e) => ({
    severity: "warning" as const,
    path: `alerting.groups.${e}`,
    message: `alerting.groups.${e}: moved to exporters.${e}, which switches the scrape, the alerts and the dashboards together; it is still read, but write "exporters: { ${e}: ${config.alerting.groups[e]} }" instead`,
  }));
}
