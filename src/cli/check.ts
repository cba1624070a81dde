import { defineCommand } from "citty";
import { generate } from "../pipeline.js";
import { chartRoles, chartWorkloads, formatFinding, isWorkload, securityFindings, EXCEPTIONS } from "../checks/security.js";
import { EXIT, type Io } from "./io.js";
import { configArg, loadOrReport, sourceName } from "./shared.js";

export const checkCommand = (io: Io) =>
  defineCommand({
    meta: { name: "check", description: "Security report of the generated tree and the charts' pods and roles: limits, root and privileged pods, host access, wildcard RBAC, ClusterRoles reading Secrets, plaintext secrets, missing NetworkPolicy" },
    args: { ...configArg },
    async run({ args }) {
      const loaded = await loadOrReport(io, args.config);
      if (typeof loaded === "number") return loaded;
      const gen = await generate(loaded.config, { source: sourceName(loaded), userDashboards: loaded.userDashboards });
      const objects = gen.output.objects;
      const findings = securityFindings({ objects, releases: gen.output.releases, namespace: gen.stack.namespace });
      for (const f of findings) io.out(`✖ ${formatFinding(f)}`);
      const workloads = objects.filter((o) => isWorkload(o.object.kind)).length;
      const roles = objects.filter((o) => o.object.kind.endsWith("Role")).length;
      const releases = gen.output.releases;
      const chartPods = chartWorkloads(releases).map((w) => `${w.kind}/${w.name}`);
      const roleNames = chartRoles(releases).map((x) => `${x.kind}/${x.name}`);
      const exceptions = EXCEPTIONS.filter((e) => [...chartPods, ...roleNames].includes(`${e.kind}/${e.name}`));
      io.out(
        `${workloads} workload(s) and ${roles} RBAC role(s) of vigil, ${chartPods.length} pod(s) and ${roleNames.length} role(s) of ${releases.length} chart release(s) checked: ${findings.length} finding(s)` +
          (exceptions.length ? `; documented exceptions: ${exceptions.map((e) => `${e.kind}/${e.name} (${e.rules.join(", ")})`).join(", ")}` : "") +
          ".",
      );
      return findings.length ? EXIT.failed : EXIT.ok;
    },
  });
