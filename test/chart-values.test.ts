// The chart-values contract: every Helm value vigil sets exists in the pinned chart version's
// own values.yaml (subcharts included), and every custom-resource spec passed through values
// fits the operator's CRD. Reference data: ../shared/reference (see helpers.ts).
import { describe, expect, it } from "vitest";
import { SUBCHARTS } from "../src/model/versions.js";
import { buildCluster, referenceAvailable } from "./helpers.js";
import { chartDependencies, chartValues, validateSpec } from "./reference.js";
import { CLUSTER_CASES } from "./variants.js";

type Map_ = Record<string, unknown>;
const isMap = (v: unknown): v is Map_ => typeof v === "object" && v !== null && !Array.isArray(v);

function deepMerge(a: Map_, b: Map_): Map_ {
  const out: Map_ = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isMap(v) && isMap(out[k]) ? deepMerge(out[k] as Map_, v) : v;
  return out;
}

/** Maps whose keys are the user's own (labels, args, config files such as alertmanager.config...): any key is fine below them. */
const USER_KEYED = new Set(["config", "annotations", "labels", "podAnnotations", "podLabels", "nodeSelector", "extraArgs", "customConfig", "grafana.ini", "datasources", "env", "externalLabels", "commonLabels"]);

/**
 * Values a chart's templates read that its values.yaml only shows in a comment: the loki chart
 * requires loki.storage.bucketNames with object storage (templates/_helpers.tpl, `required "Please
 * define loki.storage.bucketNames.chunks"`), and documents it commented out. test/render.test.ts
 * proves the render fails without it.
 */
const COMMENTED_VALUES: Record<string, string[]> = { loki: ["loki.storage.bucketNames"] };

/** Custom-resource specs the k8s-stack passes through to the operator, with their kind. */
const CR_SPECS: Record<string, Record<string, string>> = {
  "victoria-metrics-k8s-stack": { "vmsingle.spec": "VMSingle", "vmcluster.spec": "VMCluster", "vmagent.spec": "VMAgent", "vmalert.spec": "VMAlert", "alertmanager.spec": "VMAlertmanager" },
};

function checkResources(value: unknown, at: string, problems: string[]) {
  if (!isMap(value)) return problems.push(`${at}: resources must be a map`);
  for (const [k, v] of Object.entries(value)) {
    if (k !== "requests" && k !== "limits") problems.push(`${at}.${k}: not requests or limits`);
    else if (!isMap(v) || Object.keys(v).some((r) => r !== "cpu" && r !== "memory")) problems.push(`${at}.${k}: only cpu and memory`);
  }
}

/**
 * Keys charts render whole as a pod's or a container's securityContext (which one depends on the
 * chart): any field of Kubernetes' PodSecurityContext or SecurityContext (core/v1), and the
 * `enabled` switch of the VictoriaMetrics charts.
 */
const SECURITY_CONTEXT_KEYS = new Set(["securityContext", "podSecurityContext", "containerSecurityContext"]);
const SECURITY_CONTEXT_FIELDS = new Set([
  "enabled",
  // SecurityContext
  "allowPrivilegeEscalation", "appArmorProfile", "capabilities", "privileged", "procMount", "readOnlyRootFilesystem", "runAsGroup", "runAsNonRoot", "runAsUser", "seLinuxOptions", "seccompProfile", "windowsOptions",
  // PodSecurityContext
  "fsGroup", "fsGroupChangePolicy", "seLinuxChangePolicy", "supplementalGroups", "supplementalGroupsPolicy", "sysctls",
]);

function checkSecurityContext(value: unknown, at: string, problems: string[]) {
  if (!isMap(value)) return problems.push(`${at}: a securityContext must be a map`);
  for (const k of Object.keys(value)) if (!SECURITY_CONTEXT_FIELDS.has(k)) problems.push(`${at}.${k}: not a field of a (pod) securityContext`);
}

export function contractProblems(chart: string, version: string, values: Map_): string[] {
  const problems: string[] = [];
  const defaults = chartValues(chart, version);
  const subcharts = new Map(
    chartDependencies(chart, version).map((d) => {
      const name = d.alias ?? d.name;
      const v = SUBCHARTS[chart]?.[d.name];
      return [name, v ? chartValues(d.name, v) : undefined] as const;
    }),
  );
  const walk = (vals: Map_, defs: Map_, path: string) => {
    for (const [k, v] of Object.entries(vals)) {
      const at = path ? `${path}.${k}` : k;
      const crKind = CR_SPECS[chart]?.[at];
      if (crKind) {
        for (const e of validateSpec(crKind, v)) {
          const [pointer, ...message] = e.split(" ");
          problems.push(`${at}${pointer === "/" ? "" : pointer!.replaceAll("/", ".")} ${message.join(" ")} (${crKind} spec)`);
        }
        continue;
      }
      if (k === "resources" || k === "configReloaderResources") {
        checkResources(v, at, problems);
        continue;
      }
      if (SECURITY_CONTEXT_KEYS.has(k) && k in defs) {
        checkSecurityContext(v, at, problems);
        continue;
      }
      if (COMMENTED_VALUES[chart]?.includes(at)) continue;
      if (!(k in defs)) {
        problems.push(`${at}: not a value of ${chart} ${version}`);
        continue;
      }
      if (USER_KEYED.has(k)) continue;
      const d = defs[k];
      if (isMap(v) && isMap(d) && Object.keys(d).length > 0) walk(v, d, at);
    }
  };
  const top: Map_ = { ...defaults };
  for (const [name, subDefaults] of subcharts) if (subDefaults) top[name] = deepMerge(subDefaults, isMap(defaults[name]) ? defaults[name] : {});
  walk(values, top, "");
  return problems;
}

describe.runIf(referenceAvailable("the chart-values contract"))("chart-values contract", () => {
  for (const [name, input, cluster] of CLUSTER_CASES) {
    it(`${name}: every value exists in the pinned chart`, async () => {
      const gen = await buildCluster(input, cluster);
      expect(gen.output.releases.length).toBeGreaterThan(0);
      const problems = gen.output.releases.flatMap((r) => contractProblems(r.chart, r.version, r.values).map((p) => `${r.file}: ${p}`));
      expect(problems).toEqual([]);
    });
  }

  it("catches a value the chart does not have, and a bad CR spec field", () => {
    const problems = contractProblems("victoria-metrics-k8s-stack", "0.91.2", {
      vmsingle: { spec: { retentionPeriod: "15d", retention: "15d" } },
      syncJob: { enable: false },
      grafana: { sidecar: { resourcez: {} } },
      "kube-state-metrics": { resources: { requests: { memory: "1Mi", disk: "1Gi" } }, securityContext: { seccompProfil: {} } },
    });
    expect(problems).toEqual([
      "vmsingle.spec must NOT have additional properties 'retention' (VMSingle spec)",
      "syncJob.enable: not a value of victoria-metrics-k8s-stack 0.91.2",
      "grafana.sidecar.resourcez: not a value of victoria-metrics-k8s-stack 0.91.2",
      "kube-state-metrics.resources.requests: only cpu and memory",
      "kube-state-metrics.securityContext.seccompProfil: not a field of a (pod) securityContext",
    ]);
  });
});
