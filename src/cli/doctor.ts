import { defineCommand } from "citty";
import { connect, getJson, gitopsApps, probe, type Cluster } from "../live/cluster.js";
import { exposedUis } from "../components/vmauth.js";
import { dashboardFindings } from "../live/dashboards.js";
import { DATASOURCES } from "../dashboards/build.js";
import { DEFAULT_DENY_POLICY } from "../components/network-policies.js";
import { accessFindings, alertFindings, fleetFindings, foreignPodFindings, FLEET_QUERIES, gitopsFindings, podFindings, policyEngineFindings, secretFindings, targetFindings, volumeFindings, type LiveFinding, type TargetsResponse } from "../live/findings.js";
import { EXIT, type Io } from "./io.js";
import { configArg, formatData, generateClusters, loadOrReport, outputArgs, outputFormat, reportDiagnostics, sourceName } from "./shared.js";
import type { GeneratedMember } from "../pipeline.js";

interface DoctorArgs {
  "skip-cluster"?: boolean;
  "vmagent-url"?: string;
  "vmsingle-url"?: string;
}

const FIRING = `ALERTS{alertstate="firing"}`;
const MARK = { ok: "✔", warn: "⚠", fail: "✖" } as const;

export const doctorCommand = (io: Io) =>
  defineCommand({
    meta: { name: "doctor", description: "Check the deployed stack on a live cluster: GitOps apps synced, Secrets, pods, volumes, the public addresses, scrape targets up, alerts firing, dashboard panels without data" },
    args: {
      ...configArg,
      cluster: { type: "string", description: "In a fleet: the cluster to check (default: the hub); its kubeconfig context is --context" },
      context: { type: "string", description: "kubeconfig context (default: the config's cluster.context, or the current one)" },
      all: { type: "boolean", description: "In a fleet: check every cluster, each through its own context (cluster.context, or the context named like the cluster)" },
      "skip-cluster": { type: "boolean", description: "Do not read the cluster; check only the URLs given" },
      "vmagent-url": { type: "string", description: "the scraper's address: vmagent (e.g. a port-forward: http://127.0.0.1:8429), or Prometheus with metrics.backend prometheus (:9090); default: through the API server's service proxy" },
      "vmsingle-url": { type: "string", description: "the store's address: VMSingle (e.g. http://127.0.0.1:8428), the VMCluster's vmselect (:8481; vigil adds /select/0/prometheus), or Prometheus (:9090); default: through the API server's service proxy" },
      ...outputArgs,
    },
    async run({ args }) {
      const format = outputFormat(io, "doctor", args);
      if (typeof format === "number") return format;
      const loaded = await loadOrReport(io, args.config);
      if (typeof loaded === "number") return loaded;
      const fleetConfig = loaded.config.fleet;
      if (args.all && !fleetConfig) {
        io.err("vigil: --all: checks every cluster of a fleet, and this config is one cluster (no fleet:); run vigil doctor without it");
        return EXIT.badConfig;
      }
      if (args.all && (args.cluster || args.context)) {
        io.err("vigil: --all checks every cluster, each with its own context (cluster.context, or the context named like the cluster); leave out --cluster and --context");
        return EXIT.badConfig;
      }
      const fleet = await generateClusters(io, { cluster: args.all ? undefined : (args.cluster ?? fleetConfig?.hub) }, loaded, sourceName(loaded));
      if (typeof fleet === "number") return fleet;
      if (!fleet.members[0]) {
        reportDiagnostics(io, fleet.diagnostics);
        return EXIT.badConfig;
      }
      const findings: LiveFinding[] = [];
      for (const member of fleet.members) {
        // --all: each cluster through its own context; otherwise --context, the config's, or the current one.
        const context = args.all ? (member.stack.cluster.context ?? member.member.name) : (args.context ?? member.stack.cluster.context);
        if (fleetConfig && !format) io.out(`${findings.length ? "\n" : ""}Cluster ${member.member.name} (fleet ${member.member.role})${args.all || args.cluster ? "" : "; --cluster <name> checks another, --all every one"}:`);
        const mine = await checkMember(member, context, args, fleetConfig?.hub);
        if (!format) for (const f of mine) io.out(`${MARK[f.status]} ${f.area}: ${f.message}`);
        findings.push(...(fleetConfig ? mine.map((f) => ({ ...f, cluster: member.member.name })) : mine));
      }
      const count = (s: LiveFinding["status"]) => findings.filter((f) => f.status === s).length;
      if (format) io.out(formatData(format, { findings, ok: count("ok"), warnings: count("warn"), failures: count("fail") }));
      else io.out(`${fleet.members.length > 1 ? "\n" : ""}${count("ok")} ok, ${count("warn")} warning(s), ${count("fail")} failure(s)${fleet.members.length > 1 ? ` over ${fleet.members.length} clusters` : ""}`);
      return count("fail") ? EXIT.failed : EXIT.ok;
    },
  });

/** Every check of one cluster: the cluster itself (through `context`), its scraper, its store. */
async function checkMember(member: GeneratedMember, context: string | undefined, args: DoctorArgs, hub: string | undefined): Promise<LiveFinding[]> {
  const { stack, parts } = member;
  const ns = stack.namespace;
  const findings: LiveFinding[] = [];
  const attempt = async (area: LiveFinding["area"], what: string, step: () => Promise<LiveFinding[]>) => {
    try {
      findings.push(...(await step()));
    } catch (e) {
      findings.push({ area, status: "fail", message: `${what}: ${(e as Error).message}` });
    }
  };

  let cluster: Cluster | undefined;
  if (!args["skip-cluster"]) {
    await attempt("cluster", "kubeconfig", async () => {
      const c = connect(context);
      const exists = await c.namespaceExists(ns);
      // Reachable: the later checks go through it (a cluster that is not answers once, here).
      cluster = c;
      if (!exists) return [{ area: "cluster", status: "fail", message: `namespace ${ns} does not exist: apply the bootstrap (vigil build prints the steps)` }];
      return [{ area: "cluster", status: "ok", message: `namespace ${ns} on ${c.server}` }];
    });
    if (cluster && findings.every((f) => f.status === "ok")) {
      const c = cluster;
      await attempt("gitops", "GitOps apps", async () => gitopsFindings(await gitopsApps(c, stack), `apply ${stack.config.gitops.target === "argocd" ? "the ApplicationSet" : "the Kustomizations"} (vigil build prints the bootstrap steps)`));
      await attempt("cluster", "Secrets", async () => secretFindings(parts.secrets, await c.secretKeys(ns)));
      await attempt("cluster", "pods", async () => {
        const pods = await c.pods(ns);
        const foreign = stack.config.networkPolicy.enabled
          ? foreignPodFindings(pods, { apps: [...new Set(Object.values(stack.apps))], selectors: Object.values(stack.pods) as Record<string, string>[], policyName: DEFAULT_DENY_POLICY })
          : [];
        return [...podFindings(pods), ...foreign];
      });
      await attempt("cluster", "volumes", async () => volumeFindings(await c.volumeClaims(ns)));
      if (stack.config.networkPolicy.enabled) await attempt("cluster", "policy engine", async () => policyEngineFindings(await c.kubeletVersions(), await c.daemonSets("kube-system")));
    }
  }
  // The public addresses, from here: DNS, TLS, the route, and the login in front of each UI.
  const grafanaUrl = stack.config.access.grafana?.url;
  if (grafanaUrl || exposedUis(stack).length) {
    await attempt("access", "public addresses", async () =>
      accessFindings(
        grafanaUrl ? { url: grafanaUrl, answer: await probe(new URL("/api/health", grafanaUrl).href) } : undefined,
        await Promise.all(exposedUis(stack).map(async ({ ui, url }) => ({ ui, url: url.href, answer: await probe(url.href) }))),
      ),
    );
  }
  // No cluster to go through and no URL given: one finding, not one per API read.
  if (!cluster && !args["vmagent-url"] && !args["vmsingle-url"]) {
    const { scraper, query } = stack.services;
    const forward = (svc: typeof scraper) => `kubectl -n ${ns} port-forward svc/${svc.name} ${svc.port}`;
    findings.push({
      area: "targets",
      status: "fail",
      message: `the scraper (${scraper.name}) and the store (${query.name}): not checked; without a cluster, give their URLs with --vmagent-url and --vmsingle-url (e.g. \`${forward(scraper)}\`${query.name === scraper.name ? "" : `, \`${forward(query)}\``})`,
    });
    return findings;
  }
  const { scraper: vmagent, query: store } = stack.services;
  // The Prometheus API's path on the store's Service: "" (VMSingle, Prometheus), or vmselect's /select/0/prometheus.
  const storePath = stack.metricsApi.query.slice(store.url.length);
  const viaCluster = (svc: typeof vmagent, path: string, flag: string) =>
    cluster ? cluster.serviceGet(ns, svc.name, svc.port, path) : Promise.reject(new Error(`no cluster to reach ${svc.name} through; give its URL with ${flag} (e.g. a kubectl port-forward to port ${svc.port})`));
  // The scraper's API answers --vmagent-url, the store's --vmsingle-url (one Prometheus may be both).
  const read = (url: string | undefined, svc: typeof vmagent, path: string) =>
    url ? getJson(`${url.replace(/\/$/, "")}${path}`) : viaCluster(svc, path, svc === vmagent && path.startsWith("/api/v1/targets") ? "--vmagent-url" : "--vmsingle-url");
  await attempt("targets", `${stack.services.scraper.name}'s targets`, async () => targetFindings(parts.scrapes, (await read(args["vmagent-url"], vmagent, "/api/v1/targets")) as TargetsResponse));
  if (member.member.role === "spoke") {
    findings.push({ area: "alerts", status: "ok", message: `a spoke stores nothing: its alerts and dashboards are the hub's${hub ? ` (vigil doctor --cluster ${hub})` : ""}` });
  } else {
    if (member.member.role === "hub") {
      await attempt("fleet", "the fleet's senders", async () => {
        const query = async (expr: string) => ((await read(args["vmsingle-url"], store, `${storePath}/api/v1/query?query=${encodeURIComponent(expr)}`)) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
        return fleetFindings(stack.fleet!.senders, Date.now() / 1000, await query(FLEET_QUERIES.lastSample), await query(FLEET_QUERIES.writeErrors));
      });
    }
    await attempt("alerts", "firing alerts", async () => {
      const answer = (await read(args["vmsingle-url"], store, `${storePath}/api/v1/query?query=${encodeURIComponent(FIRING)}`)) as { data: { result: { metric: Record<string, string> }[] } };
      return alertFindings(answer.data.result);
    });

    await attempt("dashboards", "dashboards", async () => {
      const get = (path: string) => read(args["vmsingle-url"], store, `${storePath}${path}`);
      return dashboardFindings(parts.dashboards, DATASOURCES.metrics.uid, {
        query: async (expr) => ((await get(`/api/v1/query?query=${encodeURIComponent(expr)}`)) as { data: { result: unknown[] } }).data.result.length,
        labelValues: async (label, selector) => ((await get(`/api/v1/label/${encodeURIComponent(label)}/values?match[]=${encodeURIComponent(selector)}`)) as { data: string[] }).data.sort(),
      });
    });
  }

  return findings;
}
