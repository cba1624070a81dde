import { defineCommand } from "citty";
import { chartRoles, chartWorkloads, formatFinding, isWorkload, securityFindings, EXCEPTIONS } from "../checks/security.js";
import { renderedByRelease } from "../checks/rendered.js";
import { formatDiagnostic } from "../config/diagnostics.js";
import { EXIT, type Io } from "./io.js";
import { clusterArg, configArg, generateClusters, loadOrReport, renderArgs, sourceName } from "./shared.js";

export const checkCommand = (io: Io) =>
  defineCommand({
    meta: {
      name: "check",
      description:
        "Security report of the generated tree and the charts' pods and roles: limits, root and privileged pods, host access, wildcard RBAC, ClusterRoles reading Secrets, plaintext secrets, missing NetworkPolicy; with --render, of the charts as Helm renders them, and their wiring (Services, scrapes, NetworkPolicy connections)",
    },
    args: { ...configArg, ...clusterArg, ...renderArgs },
    async run({ args }) {
      const loaded = await loadOrReport(io, args.config);
      if (typeof loaded === "number") return loaded;
      const fleet = await generateClusters(io, args, loaded, sourceName(loaded));
      if (typeof fleet === "number") return fleet;
      let failed = false;
      for (const gen of fleet.members) {
        if (loaded.config.fleet) io.out(`Cluster "${gen.member.name}" (${gen.member.role}):`);
        const objects = gen.output.objects;
        const releases = gen.output.releases;
        const rendered = gen.render ? renderedByRelease(gen.render) : new Map<string, never[]>();
        const findings = securityFindings({ objects, releases, namespace: gen.stack.namespace, rendered });
        for (const f of findings) io.out(`✖ ${formatFinding(f)}`);
        // What the render showed beyond security: releases that fail, broken wiring, tables that disagree.
        const problems = gen.diagnostics.filter((d) => /^(render|wiring): /.test(d.message));
        for (const d of problems) io.out(`${d.severity === "error" ? "✖" : "⚠"} ${formatDiagnostic(d)}`);
        const workloads = objects.filter((o) => isWorkload(o.object.kind)).length;
        const roles = objects.filter((o) => o.object.kind.endsWith("Role")).length;
        const id = (o: { kind: string; name: string }) => `${o.kind}/${o.name}`;
        // Each release as rendered where Helm rendered it, else from vigil's tables.
        const fromTables = releases.filter((r) => !rendered.has(r.file));
        const renderedIds = (keep: (kind: string) => boolean) => [...rendered.values()].flat().filter((o) => keep(o.object.kind)).map((o) => id({ kind: o.object.kind, name: o.object.metadata.name }));
        const chartPods = [...renderedIds(isWorkload), ...chartWorkloads(fromTables).map(id)];
        const roleNames = [...renderedIds((k) => k === "Role" || k === "ClusterRole"), ...chartRoles(fromTables).map(id)];
        const how = rendered.size === 0 ? "from vigil's tables" : fromTables.length === 0 ? "as Helm rendered them" : `${rendered.size} as Helm rendered them, ${fromTables.length} from vigil's tables`;
        const exceptions = EXCEPTIONS.filter((e) => [...chartPods, ...roleNames].includes(`${e.kind}/${e.name}`));
        const errors = problems.filter((d) => d.severity === "error").length;
        io.out(
          `${workloads} workload(s) and ${roles} RBAC role(s) of vigil, ${chartPods.length} pod(s) and ${roleNames.length} role(s) of ${releases.length} chart release(s) (${how}) checked: ${findings.length} finding(s)` +
            (gen.render || errors ? `, ${errors} wiring problem(s)` : "") +
            (exceptions.length ? `; documented exceptions: ${exceptions.map((e) => `${e.kind}/${e.name} (${e.rules.join(", ")})`).join(", ")}` : "") +
            ".",
        );
        if (findings.length || errors) failed = true;
      }
      return failed ? EXIT.failed : EXIT.ok;
    },
  });
