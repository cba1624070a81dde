import { defineCommand } from "citty";
import { runToolChecks } from "../checks/tool-tests.js";
import { EXIT, type Io } from "./io.js";
import { clusterArg, configArg, generateClusters, loadOrReport, reportDiagnostics, sourceName } from "./shared.js";

export const testCommand = (io: Io) =>
  defineCommand({
    meta: { name: "test", description: "Check the generated alerting with the real tools: promtool (rules, unit tests) and amtool (config, routing)" },
    args: { ...configArg, ...clusterArg },
    async run({ args }) {
      const loaded = await loadOrReport(io, args.config);
      if (typeof loaded === "number") return loaded;
      const fleet = await generateClusters(io, args, loaded, sourceName(loaded));
      if (typeof fleet === "number") return fleet;
      reportDiagnostics(io, fleet.diagnostics.filter((d) => d.severity === "error"));
      if (fleet.diagnostics.some((d) => d.severity === "error")) return EXIT.failed;
      // A fleet's spokes evaluate no rules and route no alerts: the hub's are the fleet's.
      const results: ReturnType<typeof runToolChecks>["results"] = [];
      const missing = new Set<string>();
      for (const gen of fleet.members.filter((m) => m.member.role !== "spoke")) {
        const tests = gen.parts.ruleGroups.reduce((n, g) => n + g.rules.filter((r) => r.alert).length, 0);
        io.progress?.(`vigil test: promtool on ${gen.parts.ruleGroups.length} rule groups and ${tests} alerts' unit tests, amtool on the routing${fleet.members.length > 1 ? ` (cluster ${gen.member.name})` : ""}; this takes a while...`);
        const run = runToolChecks(gen.stack, gen.parts);
        results.push(...run.results);
        for (const m of run.missing) missing.add(m);
      }
      for (const r of results) {
        io.out(`${r.ok ? "✔" : "✖"} ${r.check}`);
        if (!r.ok) io.out(r.output.replace(/^/gm, "    "));
      }
      for (const m of missing) io.err(`vigil test: ${m} is not installed; its checks did NOT run.`);
      const failed = results.filter((r) => !r.ok).length;
      io.out(`${results.length - failed} of ${results.length} checks passed${missing.size ? `; ${missing.size} tool(s) missing` : ""}.`);
      return failed || missing.size ? EXIT.failed : EXIT.ok;
    },
  });
