import { defineCommand } from "citty";
import type { Plan } from "../checks/budget.js";
import type { Parts } from "../model/parts.js";
import { DEFAULT_STORAGE_CLASS, NO_VOLUME_STATS } from "../model/stack.js";
import { EXIT, type Io } from "./io.js";
import { clusterArg, configArg, formatData, generateClusters, loadOrReport, outputArgs, outputFormat, reportDiagnostics, sourceName } from "./shared.js";
import { readersOf } from "../scrape/keep.js";
import { formatTable, wrap } from "./table.js";

const mi = (n: number) => `${Math.round(n)}Mi`;
const cpu = (m: number) => (m >= 1000 && m % 1000 === 0 ? `${m / 1000}` : `${Math.round(m)}m`);

/** Every image the stack runs and where it is pulled from (config `images`; overrides by name). */
export function formatImages(plan: Plan, width?: number): string {
  const rows = plan.images.map((i) => [i.id, i.where, i.image]);
  return ["Images (images.overrides takes the names):", ...formatTable(["name", "app", "image"], rows, { shrink: [1, 2], width }), ""].join("\n");
}

export function formatPlan(plan: Plan, nodes: number, width?: number): string {
  const header = ["container", "component", "workload", "copies", "cpu req", "cpu lim", "mem req", "mem lim"];
  const rows = plan.rows.map((r) => [r.id, r.component, r.workload, String(r.copies), cpu(r.requests.cpuMillis), cpu(r.limits.cpuMillis), mi(r.requests.memoryMiB), mi(r.limits.memoryMiB)]);
  const total = ["TOTAL", "", `${nodes} node(s)`, "", cpu(plan.totals.requests.cpuMillis), cpu(plan.totals.limits.cpuMillis), mi(plan.totals.requests.memoryMiB), mi(plan.totals.limits.memoryMiB)];
  const out = [...formatTable(header, [...rows, total], { right: [3, 4, 5, 6, 7], shrink: [1, 2, 0], width }, [rows.length]), ""];
  if (plan.budgetMiB !== undefined) {
    const ok = plan.totals.requests.memoryMiB <= plan.budgetMiB;
    out.push(`Memory requests: ${mi(plan.totals.requests.memoryMiB)} of the profile's ${plan.budgetMiB}Mi budget${ok ? "" : " (OVER BUDGET)"}.`, "");
  }
  const vh = ["volume", "component", "storage class", "size", "volume stats"];
  const stats = (v: Plan["volumes"][number]) => (v.storageClass === DEFAULT_STORAGE_CLASS ? "the class's" : v.volumeStats ? "yes" : "no (local-path)");
  const vrows = plan.volumes.map((v) => [v.volume, v.component, v.storageClass, v.count > 1 ? `${v.count} × ${v.size}` : v.size, stats(v)]);
  out.push(...formatTable(vh, vrows, { shrink: [1, 2], width }), `Total storage: ${Math.round(plan.storageTotalGiB * 10) / 10}Gi`);
  const local = plan.volumes.filter((v) => !v.volumeStats);
  if (local.length) {
    const all = plan.volumes.every((v) => !v.volumeStats || v.storageClass === DEFAULT_STORAGE_CLASS);
    out.push(
      ...wrap(
        `Volume stats: ${NO_VOLUME_STATS} (${local.map((v) => v.volume).join(", ")}); the Persistent volumes dashboard shows the stores' own disk use and the nodes' filesystems for them` +
          (all ? ", and the PVC alerts are left out." : "; the PVC alerts watch the other volumes."),
        width,
      ),
    );
  }
  return out.join("\n") + "\n";
}

/** Alert rules per group, and the alerts left out because what they watch is not scraped. */
export function formatAlertCounts(parts: Parts): string {
  const rows = parts.ruleGroups.map((g) => `  ${g.name.padEnd(22)} ${String(g.rules.filter((r) => r.alert).length).padStart(3)} alerts`);
  const total = parts.ruleGroups.reduce((n, g) => n + g.rules.filter((r) => r.alert).length, 0);
  const left = parts.skipped.filter((s) => s.job.startsWith("alert ")).length;
  return ["Alert rules:", ...rows, `  ${"total".padEnd(22)} ${String(total).padStart(3)} alerts${left ? ` (${left} left out: vigil plan --targets says why)` : ""}`, ""].join("\n");
}

/** The Secrets the stack reads, which the user (or an ExternalSecret) creates. */
export function formatSecrets(parts: Parts): string {
  if (!parts.secrets.length) return "";
  return ["Secrets the stack reads (vigil never writes their values):", ...parts.secrets.map((s) => `  ${s.name}: ${s.keys.join(", ")} (${s.purpose})`), ""].join("\n");
}

/** Who may connect to which pod and port: what the NetworkPolicies allow, besides the node itself. */
export function formatFlows(parts: Parts): string {
  if (!parts.flows.length) return "";
  const receivers = [...new Map(parts.flows.map((f) => [`${f.to}:${f.port}`, f])).keys()].sort();
  const rows = receivers.map((r) => {
    const from = parts.flows.filter((f) => `${f.to}:${f.port}` === r).map((f) => f.from);
    return `  ${r.padEnd(24)} ← ${[...new Set(from)].sort().join(", ")}`;
  });
  return ["Connections the NetworkPolicies allow (all other incoming traffic is denied):", ...rows, ""].join("\n");
}

/** Series per target, and what the keep list left of the names and of the series (measured on the reference dumps, or estimated). */
const keptColumns = (s: Parts["scrapes"][number]) =>
  s.keep ? [`${s.keep.names} of ${s.keep.of}`, `~${s.seriesPerTarget} of ~${s.keep.seriesBefore}${s.keep.measured ? "" : "*"}`] : ["all", `~${s.seriesPerTarget}`];

/**
 * `vigil plan --targets`: every scrape job, where it scrapes, what its keep list keeps, and what is
 * not scraped and why. With `kept`, the names each job keeps and who reads them.
 */
export function formatTargets(parts: Parts, kept?: ReadonlyMap<string, readonly string[]>, width?: number): string {
  const header = ["job", "component", "endpoint", "port", "path", "scheme", "targets", "names kept", "series/target"];
  const rows = parts.scrapes.map((s) => [s.job, s.component, s.target.where, String(s.target.port), s.target.path, s.target.scheme, `one per ${s.per}`, ...keptColumns(s)]);
  const out = formatTable(header, rows, { shrink: [2, 1, 6, 4], width });
  if (parts.scrapes.some((s) => s.keep)) {
    out.push(
      "",
      ...wrap(
        "Each job keeps only the names vigil's rules and dashboards, your dashboards and vigil doctor read (scrape.keepAll: true keeps everything; scrape.keep adds names). Series are measured on real /metrics dumps of each component; * marks an estimate (no dump: the share of names kept).",
        width ?? 140,
      ),
    );
  }
  if (kept) {
    out.push("", "Names kept, and who reads them:");
    for (const s of parts.scrapes.filter((x) => x.keep)) {
      out.push(`  ${s.job} ${s.target.path}:`);
      for (const name of s.metrics) out.push(`    ${name}  ← ${(kept.get(name) ?? []).slice(0, 3).join("; ")}${(kept.get(name)?.length ?? 0) > 3 ? `; and ${kept.get(name)!.length - 3} more` : ""}`);
    }
  }
  if (parts.skipped.length) {
    out.push("", "Not scraped, and no rules or panels for them:");
    for (const s of parts.skipped) out.push(...wrap(`  ${s.job}: ${s.reason}`, width));
  }
  const nodeFiles = parts.nodeFiles.filter((f) => (f.dir ?? "node-config") === "node-config");
  if (nodeFiles.length) {
    out.push("", "Node-side configuration these targets need:");
    for (const f of nodeFiles) out.push(`  ${f.apply}`);
  }
  return out.join("\n") + "\n";
}

export const planCommand = (io: Io) =>
  defineCommand({
    meta: { name: "plan", description: "Show what the stack will run: containers with CPU/memory requests and limits, volumes, totals" },
    args: {
      ...configArg,
      ...clusterArg,
      ...outputArgs,
      targets: { type: "boolean", description: "List the scrape targets instead: job, endpoint, port, scheme, the names and series each keeps, and what is not scraped and why" },
      why: { type: "boolean", description: "With --targets: every name each job keeps, and the rules and dashboards that read it" },
    },
    async run({ args }) {
      const loaded = await loadOrReport(io, args.config);
      if (typeof loaded === "number") return loaded;
      const fleet = await generateClusters(io, args, loaded, sourceName(loaded));
      if (typeof fleet === "number") return fleet;
      const inFleet = loaded.config.fleet !== undefined;
      const format = outputFormat(io, "plan", args);
      if (typeof format === "number") return format;
      const json: Record<string, unknown> = {};
      for (const gen of fleet.members) {
        const { config } = gen.stack;
        if (format) {
          json[gen.member.name] = args.targets ? { scrapes: gen.parts.scrapes.map(({ scrape: _s, metrics: _m, ...s }) => s), skipped: gen.parts.skipped } : gen.plan;
          continue;
        }
        if (args.targets) {
          if (inFleet) io.out(`Cluster "${gen.member.name}" (${gen.member.role}):`);
          io.out(formatTargets(gen.parts, args.why ? readersOf(gen.parts) : undefined, io.columns));
          continue;
        }
        const role = inFleet ? `, fleet ${gen.member.role}` : "";
        io.out(`Plan for cluster "${config.cluster.name}" (${config.cluster.distribution}, profile "${config.resources.profile}"${role}) from ${sourceName(loaded)}:\n`);
        io.out(formatPlan(gen.plan, config.cluster.nodes, io.columns));
        // A spoke evaluates no rules: the hub does, for the whole fleet.
        if (gen.member.role !== "spoke") io.out(formatAlertCounts(gen.parts));
        const secrets = formatSecrets(gen.parts);
        if (secrets) io.out(secrets);
        if (config.networkPolicy.enabled) io.out(formatFlows(gen.parts));
        io.out(formatImages(gen.plan, io.columns));
      }
      if (format) io.out(formatData(format, inFleet ? json : Object.values(json)[0]));
      else if (!args.targets && loaded.config.fleet && args.cluster === undefined) {
        const hosts = Object.entries(loaded.config.fleet.hosts);
        if (hosts.length) io.out(`Hosts (files in hosts/<name>/, installed by hand or your configuration management): ${hosts.map(([n, h]) => `${n} (${h.os}: node-exporter, vmagent${h.journald ? ", Vector" : ""})`).join(", ")}`);
      }
      reportDiagnostics(io, fleet.diagnostics);
      return fleet.diagnostics.some((d) => d.severity === "error") ? EXIT.failed : EXIT.ok;
    },
  });
