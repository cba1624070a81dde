import { defineCommand } from "citty";
import { generate } from "../pipeline.js";
import { runToolChecks } from "../checks/tool-tests.js";
import { EXIT, type Io } from "./io.js";
import { configArg, loadOrReport, reportDiagnostics, sourceName } from "./shared.js";

export const testCommand = (io: Io) =>
  defineCommand({
    meta: { name: "test", description: "Check the generated alerting with the real tools: promtool (rules, unit tests) and amtool (config, routing)" },
    args: { ...configArg },
    async run({ args }) {
      const loaded = await loadOrReport(io, args.config);
      if (typeof loaded === "number") return loaded;
      const gen = await generate(loaded.config, { source: sourceName(loaded), userDashboards: loaded.userDashboards });
      reportDiagnostics(io, gen.diagnostics.filter((d) => d.severity === "error"));
      if (gen.diagnostics.some((d) => d.severity === "error")) return EXIT.failed;
      const { results, missing } = runToolChecks(gen.stack, gen.parts);
      for (const r of results) {
        io.out(`${r.ok ? "✔" : "✖"} ${r.check}`);
        if (!r.ok) io.out(r.output.replace(/^/gm, "    "));
      }
      for (const m of missing) io.err(`vigil test: ${m} is not installed; its checks did NOT run.`);
      const failed = results.filter((r) => !r.ok).length;
      io.out(`${results.length - failed} of ${results.length} checks passed${missing.length ? `; ${missing.length} tool(s) missing` : ""}.`);
      return failed || missing.length ? EXIT.failed : EXIT.ok;
    },
  });
