import { defineCommand } from "citty";
import { generate } from "../pipeline.js";
import { formatFinding, isWorkload, securityFindings, EXCEPTIONS } from "../checks/security.js";
import { CHART_PODS, chartPodSpec } from "../checks/chart-pods.js";
import { CHART_ROLES, chartRole } from "../checks/chart-rbac.js";
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
      const chartPods = releases.flatMap((r) => CHART_PODS.filter((p) => p.chart === r.chart && chartPodSpec(p, r.values)).map((p) => p.workload));
      const chartRoles = releases.flatMap((r) => CHART_ROLES.filter((x) => x.chart === r.chart).flatMap((x) => chartRole(x, r.values) ?? []).map((x) => `${x.kind}/${x.name}`));
      const exceptions = EXCEPTIONS.filter((e) => [...chartPods, ...chartRoles].includes(`${e.kind}/${e.name}`));
      io.out(
        `${workloads} workload(s) and ${roles} RBAC role(s) of vigil, ${chartPods.length} pod(s) and ${chartRoles.length} role(s) of ${releases.length} chart release(s) checked: ${findings.length} finding(s)` +
          (exceptions.length ? `; documented exceptions: ${exceptions.map((e) => `${e.kind}/${e.name} (${e.rules.join(", ")})`).join(", ")}` : "") +
          ".",
      );
      return findings.length ? EXIT.failed : EXIT.ok;
    },
  });
