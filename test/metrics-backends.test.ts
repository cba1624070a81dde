// The two metrics backends on one neutral core: the same scrape jobs and rules become each backend's
// own objects, the folder order follows the CRDs each folder installs and uses, options of one
// backend are refused on the other with their path, and PromQL that only VictoriaMetrics runs is caught.
import { describe, expect, it } from "vitest";
import { generate } from "../src/pipeline.js";
import { parseConfig } from "../src/config/parse.js";
import { COMPONENTS } from "../src/components/index.js";
import { defineComponent } from "../src/components/types.js";
import { METRICS_BACKENDS } from "../src/backends/index.js";
import { parsedConfig, referenceAvailable } from "./helpers.js";
import { chartValues } from "./reference.js";

type Any = Record<string, any>;
const build = async (input: unknown, extra = COMPONENTS) => generate(parsedConfig(input), { source: "test", components: extra });
const objectsOf = (g: Awaited<ReturnType<typeof build>>, kind: string) => g.output.objects.map((o) => o.object as Any).filter((o) => o.kind === kind);
const errors = (g: Awaited<ReturnType<typeof build>>) => g.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);

describe("metrics backends", () => {
  it("both build the same scrape jobs, each in its own objects", async () => {
    const [vm, prom] = await Promise.all([build({}), build({ metrics: { backend: "prometheus" } })]);
    const jobs = (g: typeof vm) => g.parts.scrapes.map((s) => s.job).filter((j) => !["victoriametrics", "vmagent", "vmalert", "vmalert-logs", "prometheus"].includes(j)).sort();
    expect(jobs(prom)).toEqual(jobs(vm));
    expect(new Set(objectsOf(vm, "VMNodeScrape").map((o) => o.metadata.name))).toEqual(new Set(objectsOf(prom, "ScrapeConfig").map((o) => o.metadata.name)));
    // Services and pods alike, but for each backend's own parts.
    const names = (g: typeof vm, kinds: string[], own: string[]) => kinds.flatMap((k) => objectsOf(g, k).map((o) => o.metadata.name)).filter((n) => !own.includes(n)).sort();
    expect(names(prom, ["ServiceMonitor", "PodMonitor"], ["prometheus"])).toEqual(names(vm, ["VMServiceScrape", "VMPodScrape"], ["victoriametrics", "vmagent", "vmalert", "vmalert-logs"]));
    expect(errors(prom)).toEqual([]);
  });

  it("Prometheus: the kubelet through the ServiceAccount scrape class, its certificate unverified; the job label set last", async () => {
    const prom = await build({ metrics: { backend: "prometheus" } });
    const kubelet = objectsOf(prom, "ScrapeConfig").find((o) => o.metadata.name === "kubelet")!;
    expect(kubelet.spec).toMatchObject({ scrapeClass: "service-account", jobName: "kubelet", kubernetesSDConfigs: [{ role: "Node" }], metricsPath: "/metrics", scheme: "https", tlsConfig: { insecureSkipVerify: true } });
    expect(kubelet.spec.relabelings).toEqual([
      { action: "replace", targetLabel: "job", replacement: "kubelet" },
      { action: "replace", targetLabel: "metrics_path", replacement: "/metrics" },
      { action: "replace", sourceLabels: ["__meta_kubernetes_node_name"], targetLabel: "node" },
    ]);
    const classes = (prom.output.releases.find((r) => r.chart === "kube-prometheus-stack")!.values as Any).prometheus.prometheusSpec.scrapeClasses;
    expect(classes).toEqual([
      { name: "vigil", default: true, relabelings: [{ action: "replace", targetLabel: "cluster", replacement: prom.stack.cluster.name }] },
      {
        name: "service-account",
        tlsConfig: { caFile: "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt" },
        authorization: { credentialsFile: "/var/run/secrets/kubernetes.io/serviceaccount/token" },
        relabelings: [{ action: "replace", targetLabel: "cluster", replacement: prom.stack.cluster.name }],
      },
    ]);
  });

  it("Prometheus on Talos: control-plane components on their own port of the control-plane nodes, or at the given addresses", async () => {
    const nodes = await build({ metrics: { backend: "prometheus" }, cluster: { distribution: "talos" } });
    const scheduler = objectsOf(nodes, "ScrapeConfig").find((o) => o.metadata.name === "kube-scheduler")!;
    expect(scheduler.spec.relabelings.slice(0, 2)).toEqual([
      { action: "keep", sourceLabels: ["__meta_kubernetes_node_labelpresent_node_role_kubernetes_io_control_plane"], regex: "true" },
      { action: "replace", sourceLabels: ["__address__"], regex: "(.+):\\d+", targetLabel: "__address__", replacement: "$1:10259" },
    ]);
    const fixed = await build({ metrics: { backend: "prometheus" }, cluster: { distribution: "talos", controlPlane: { addresses: ["10.0.0.2"] } } });
    expect(objectsOf(fixed, "ScrapeConfig").find((o) => o.metadata.name === "kube-scheduler")!.spec.staticConfigs).toEqual([{ targets: ["10.0.0.2:10259"] }]);
  });

  it("Flux: every folder with the operator's objects waits for the CRDs app, which is awaited; Argo CD applies it server-side", async () => {
    const flux = await build({ metrics: { backend: "prometheus" }, gitops: { target: "flux" } });
    const kustomizations = objectsOf(flux, "Kustomization");
    const dependsOn = Object.fromEntries(kustomizations.map((k) => [k.metadata.name, (k.spec.dependsOn ?? []).map((d: Any) => d.name)]));
    expect(dependsOn).toMatchObject({
      "monitoring-kube-prometheus-stack": ["monitoring-prometheus-operator-crds"],
      "monitoring-scrapes": ["monitoring-prometheus-operator-crds"],
      "monitoring-alert-rules": ["monitoring-prometheus-operator-crds"],
      "monitoring-prometheus-operator-crds": [],
      "monitoring-grafana": [],
    });
    expect(kustomizations.find((k) => k.metadata.name === "monitoring-prometheus-operator-crds")!.spec).toMatchObject({ wait: true });
    const argo = await build({ metrics: { backend: "prometheus" } });
    expect(argo.output.files.get("monitoring/prometheus-operator-crds/Chart.yaml")).toContain("prometheus-operator-crds");
    expect((objectsOf(argo, "ApplicationSet")[0]!.spec.template.spec.syncPolicy.syncOptions as string[])).toContain("ServerSideApply=true");
  });

  it("the CRDs outlive the app (deleting them would delete every ServiceMonitor of the cluster); texts name the backend's parts", async () => {
    const argo = await build({ metrics: { backend: "prometheus" } });
    const crds = argo.output.releases.find((r) => r.chart === "prometheus-operator-crds")!.values as Any;
    expect(crds.crds.annotations).toEqual({ "helm.sh/resource-policy": "keep", "argocd.argoproj.io/sync-options": "Prune=false,Delete=false" });
    const flux = await build({ metrics: { backend: "prometheus" }, gitops: { target: "flux" } });
    expect((flux.output.releases.find((r) => r.chart === "prometheus-operator-crds")!.values as Any).crds.annotations).toEqual({ "helm.sh/resource-policy": "keep" });
    const rule = (g: typeof argo, alert: string) => g.parts.ruleGroups.flatMap((x) => x.rules).find((r) => r.alert === alert)!;
    expect(rule(argo, "TargetDown").annotations!.runbook).toContain("port-forward svc/kps-prometheus 9090, /targets");
    expect(rule(await build({}), "TargetDown").annotations!.runbook).toContain("port-forward svc/vmagent-vm 8429, /targets");
    // No ignoreDifferences for a webhook certificate that is not there.
    expect(objectsOf(argo, "ApplicationSet")[0]!.spec.template.spec.ignoreDifferences).toBeUndefined();
    expect(argo.output.files.get("monitoring/README.md")).toContain("| `scrapes/` | vigil's scrape jobs (ServiceMonitor, PodMonitor, ScrapeConfig) |");
  });

  it("VictoriaMetrics with scrape.serviceMonitors: the CRDs app, the operator waits for it and keeps its converter", async () => {
    const g = await build({ scrape: { serviceMonitors: true }, gitops: { target: "flux" } });
    expect(g.output.releases.map((r) => r.chart)).toContain("prometheus-operator-crds");
    const metrics = objectsOf(g, "Kustomization").find((k) => k.metadata.name === "monitoring-victoria-metrics")!;
    expect(metrics.spec.dependsOn).toEqual([{ name: "monitoring-prometheus-operator-crds" }]);
    const operator = (g.output.releases.find((r) => r.chart === "victoria-metrics-k8s-stack")!.values as Any)["victoria-metrics-operator"];
    expect(operator.operator?.disable_prometheus_converter).toBeUndefined();
    const without = await build({});
    expect(without.output.releases.map((r) => r.chart)).not.toContain("prometheus-operator-crds");
    const argo = await build({ scrape: { serviceMonitors: true } });
    expect(argo.parts.notes.some((n) => n.includes("rollout restart deployment/vm-operator"))).toBe(true);
  });

  it.runIf(referenceAvailable("the operator's converter default"))("the VictoriaMetrics operator chart converts prometheus-operator objects by default", () => {
    expect((chartValues("victoria-metrics-operator", "0.67.2") as Any).operator.disable_prometheus_converter).toBe(false);
  });

  it("Prometheus without Alertmanager: no flow to it, and a warning that alerts go nowhere", async () => {
    const g = await build({ metrics: { backend: "prometheus" }, components: { alertmanager: false } });
    expect(g.parts.flows.filter((f) => f.to === "alertmanager")).toEqual([]);
    expect(g.diagnostics.filter((d) => d.path === "components.alertmanager").map((d) => d.message)).toEqual(["components.alertmanager: false: Prometheus evaluates the rules but sends alerts nowhere"]);
    expect(errors(g)).toEqual([]);
  });

  it("options of one backend are refused on the other, with their path", () => {
    const messages = (input: unknown) => {
      const r = parseConfig(input);
      return r.ok ? [] : r.errors.map((e) => e.message);
    };
    expect(messages({ metrics: { retentionSize: "8GiB" } })).toEqual(["metrics.retentionSize: only with metrics.backend: prometheus; VictoriaMetrics deletes by age only (retention.metrics) and has no size limit: near a full volume it stops taking samples (-storage.minFreeDiskSpaceBytes), and VictoriaMetricsDiskFull fires days before; shorten retention.metrics or grow storage.metrics.size"]);
    expect(messages({ metrics: { backend: "prometheus" }, backup: { metrics: { s3: { endpoint: "nas.lan:9000", bucket: "backups" } } } })[0]).toMatch(/^backup\.metrics: not with metrics\.backend: prometheus; /);
    expect(messages({ metrics: { backend: "prometheus" }, components: { vmalert: false } })[0]).toMatch(/^components\.vmalert: not with metrics\.backend: prometheus/);
    expect(messages({ metrics: { backend: "prometheus", retentionSize: "8 GB" } })[0]).toMatch(/^metrics\.retentionSize: .*"8GiB"/);
    expect(messages({ metrics: { backend: "thanos" } })[0]).toMatch(/metrics\.backend/);
  });

  it("Prometheus keeps 85% of its volume by default, or metrics.retentionSize", async () => {
    const size = async (input: Any) => ((await build({ metrics: { backend: "prometheus", ...input.metrics }, storage: input.storage }) as any).output.releases.find((r: Any) => r.chart === "kube-prometheus-stack").values.prometheus.prometheusSpec.retentionSize);
    expect(await size({ storage: { metrics: { size: "10Gi" } } })).toBe("8704MiB");
    expect(await size({ metrics: { retentionSize: "5GiB" } })).toBe("5GiB");
  });

  it("PromQL only VictoriaMetrics runs is an error: a range function without a range on both, an experimental function on Prometheus", async () => {
    const rules = defineComponent({
      name: "planted",
      description: "plants MetricsQL",
      enabledWhen: () => true,
      render(ctx) {
        ctx.ruleGroup({ name: "planted", rules: [{ alert: "NoRange", expr: 'rate(up{job="kubelet"}) > 0' }, { alert: "Experimental", expr: 'limitk(1, up{job="kubelet"}) > 0' }] });
      },
    });
    const vm = errors(await build({}, [...COMPONENTS, rules])).filter((m) => m.includes("planted"));
    expect(vm).toEqual(['rule planted/NoRange (planted): invalid PromQL, rate() needs a range, e.g. rate(x[5m]) (without one it is MetricsQL, not PromQL): "rate(up{job="kubelet"})"']);
    const prom = errors(await build({ metrics: { backend: "prometheus" } }, [...COMPONENTS, rules])).filter((m) => m.includes("planted"));
    expect(prom).toEqual([
      'rule planted/NoRange (planted): invalid PromQL, rate() needs a range, e.g. rate(x[5m]) (without one it is MetricsQL, not PromQL): "rate(up{job="kubelet"})"',
      "rule planted/Experimental (planted): uses limitk, which Prometheus evaluates only with --enable-feature=promql-experimental-functions (metrics.backend: prometheus)",
    ]);
  });

  it("a backend is one unit of the registry: every one names its roles' pods and makes objects of a scrape", () => {
    for (const [name, backend] of Object.entries(METRICS_BACKENDS)) {
      expect(backend.name).toBe(name);
      for (const mode of ["single", "cluster"] as const) {
        const facts = backend.facts("monitoring", { backend: name as never, mode }, false);
        for (const role of ["query", "write", "scraper", "ruler", "alertmanager"] as const) expect(facts.pods[facts.roles[role].pods], `${name} ${mode} ${role}`).toBeDefined();
        for (const url of [facts.roles.queryUrl, facts.roles.writeUrl]) expect(url.startsWith(facts.roles.query.url) || url.startsWith(facts.roles.write.url)).toBe(true);
      }
    }
  });
});
