// vigil build: the default tree, determinism, ownership of files, --out and --check.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { parsedConfig, readTree, tempDir, vigil, writeFiles } from "./helpers.js";
import { generate } from "../src/pipeline.js";

const DEFAULT_TREE = [
  ".vigil/manifest.json",
  "bootstrap/monitoring-applicationset.yaml",
  "bootstrap/monitoring-namespace.yaml",
  "monitoring/README.md",
  "monitoring/alert-rules/vmalert-vm-logs.yaml",
  "monitoring/alert-rules/vmrule-vigil-alert-rules.yaml",
  "monitoring/alert-rules/vmrule-vigil-log-alerts-logs.yaml",
  "monitoring/dashboards/configmap-dashboard-vigil-alerts.yaml",
  "monitoring/dashboards/configmap-dashboard-vigil-cluster.yaml",
  "monitoring/dashboards/configmap-dashboard-vigil-control-plane.yaml",
  "monitoring/dashboards/configmap-dashboard-vigil-coredns.yaml",
  "monitoring/dashboards/configmap-dashboard-vigil-logs.yaml",
  "monitoring/dashboards/configmap-dashboard-vigil-node.yaml",
  "monitoring/dashboards/configmap-dashboard-vigil-stack.yaml",
  "monitoring/dashboards/configmap-dashboard-vigil-volumes.yaml",
  "monitoring/dashboards/configmap-dashboard-vigil-workloads.yaml",
  "monitoring/events/clusterrole-vigil-event-exporter.yaml",
  "monitoring/events/clusterrolebinding-vigil-event-exporter.yaml",
  "monitoring/events/configmap-event-exporter.yaml",
  "monitoring/events/deployment-event-exporter.yaml",
  "monitoring/events/serviceaccount-event-exporter.yaml",
  "monitoring/grafana/Chart.yaml",
  "monitoring/grafana/values.yaml",
  "monitoring/network-policies/networkpolicy-vigil-allow-alertmanager.yaml",
  "monitoring/network-policies/networkpolicy-vigil-allow-kube-state-metrics.yaml",
  "monitoring/network-policies/networkpolicy-vigil-allow-operator.yaml",
  "monitoring/network-policies/networkpolicy-vigil-allow-vector.yaml",
  "monitoring/network-policies/networkpolicy-vigil-allow-victoria-logs.yaml",
  "monitoring/network-policies/networkpolicy-vigil-allow-vmagent.yaml",
  "monitoring/network-policies/networkpolicy-vigil-allow-vmalert-logs.yaml",
  "monitoring/network-policies/networkpolicy-vigil-allow-vmalert.yaml",
  "monitoring/network-policies/networkpolicy-vigil-allow-vmsingle.yaml",
  "monitoring/network-policies/networkpolicy-vigil-default-deny-ingress.yaml",
  "monitoring/scrapes/vmnodescrape-kubelet-cadvisor.yaml",
  "monitoring/scrapes/vmnodescrape-kubelet-probes.yaml",
  "monitoring/scrapes/vmnodescrape-kubelet.yaml",
  "monitoring/scrapes/vmpodscrape-vector.yaml",
  "monitoring/scrapes/vmservicescrape-alertmanager.yaml",
  "monitoring/scrapes/vmservicescrape-coredns.yaml",
  "monitoring/scrapes/vmservicescrape-kube-state-metrics.yaml",
  "monitoring/scrapes/vmservicescrape-node-exporter.yaml",
  "monitoring/scrapes/vmservicescrape-victorialogs.yaml",
  "monitoring/scrapes/vmservicescrape-victoriametrics.yaml",
  "monitoring/scrapes/vmservicescrape-vmagent.yaml",
  "monitoring/scrapes/vmservicescrape-vmalert-logs.yaml",
  "monitoring/scrapes/vmservicescrape-vmalert.yaml",
  "monitoring/vector/Chart.yaml",
  "monitoring/vector/values.yaml",
  "monitoring/victoria-logs/Chart.yaml",
  "monitoring/victoria-logs/values.yaml",
  "monitoring/victoria-metrics/Chart.yaml",
  "monitoring/victoria-metrics/values.yaml",
];

describe("vigil build", () => {
  it("writes the full default tree with no config", async () => {
    const dir = tempDir();
    const r = await vigil(dir, "build");
    // Only the placeholder repository, and the two warnings of an alerting setup that has nowhere to send yet.
    expect(r.stderr.trim().split("\n").map((l) => l.trim().slice(0, 22))).toEqual(["⚠ gitops.repoURL: not ", "⚠ alerting.receivers: ", "⚠ alerting.heartbeat: "]);
    expect(r.code).toBe(0);
    expect([...readTree(dir).keys()]).toEqual(DEFAULT_TREE);
    expect(r.stdout).toContain("kubectl apply -n argocd -f bootstrap/monitoring-applicationset.yaml");
  });

  it("is deterministic: two builds are byte-identical", async () => {
    const a = tempDir();
    const b = tempDir();
    writeFiles(a, { "vigil.yaml": "cluster:\n  name: lab\nstorage:\n  storageClass: longhorn\n" });
    writeFiles(b, { "vigil.yaml": "cluster:\n  name: lab\nstorage:\n  storageClass: longhorn\n" });
    expect((await vigil(a, "build")).code).toBe(0);
    expect((await vigil(b, "build")).code).toBe(0);
    expect(readTree(a)).toEqual(readTree(b));
    // A rebuild changes nothing.
    const again = await vigil(a, "build");
    expect(again.stdout).toMatch(/wrote 0 file\(s\), 51 unchanged, 0 removed/);
  });

  it("writes to --out and leaves the current folder alone", async () => {
    const dir = tempDir();
    const r = await vigil(dir, "build", "--out", "gitops");
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "gitops/monitoring/victoria-metrics/values.yaml"))).toBe(true);
    expect(existsSync(join(dir, "monitoring"))).toBe(false);
  });

  it("never overwrites a file it did not generate, and writes nothing then", async () => {
    const dir = tempDir();
    writeFiles(dir, { "monitoring/grafana/values.yaml": "# my own values\n" });
    const r = await vigil(dir, "build");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("✖ monitoring/grafana/values.yaml: exists and was not generated by vigil; move it away or choose another --out");
    expect([...readTree(dir).keys()]).toEqual(["monitoring/grafana/values.yaml"]);
    expect(readFileSync(join(dir, "monitoring/grafana/values.yaml"), "utf8")).toBe("# my own values\n");
  });

  it("keeps hand-written files beside the tree", async () => {
    const dir = tempDir();
    writeFiles(dir, { "monitoring/my-app/deployment.yaml": "kind: Deployment\n", "README.md": "mine\n" });
    expect((await vigil(dir, "build")).code).toBe(0);
    // Switching logs off removes vigil's own files, never the user's.
    writeFiles(dir, { "vigil.yaml": "components:\n  logs: false\n  logAgent: false\n" });
    const r = await vigil(dir, "build");
    expect(r.code).toBe(0);
    // Their folders, their scrapes, the Logs dashboard and the log alerts (VMAlert, VMRule, its
    // scrape and NetworkPolicy), the event exporter.
    expect(r.stdout).toMatch(/18 removed/);
    const files = [...readTree(dir).keys()];
    expect(files).toContain("monitoring/my-app/deployment.yaml");
    expect(files).toContain("README.md");
    expect(files.some((f) => f.startsWith("monitoring/victoria-logs/") || f.startsWith("monitoring/vector/"))).toBe(false);
  });

  it("refuses to overwrite a generated file changed by hand", async () => {
    const dir = tempDir();
    expect((await vigil(dir, "build")).code).toBe(0);
    const file = join(dir, "monitoring/victoria-metrics/values.yaml");
    writeFileSync(file, readFileSync(file, "utf8") + "# tuned by hand\n");
    writeFiles(dir, { "vigil.yaml": "retention:\n  metrics: 30d\n" });
    const r = await vigil(dir, "build");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("✖ monitoring/victoria-metrics/values.yaml: changed by hand since vigil wrote it");
    expect(readFileSync(file, "utf8")).toContain("# tuned by hand");
    expect(readFileSync(file, "utf8")).not.toContain("30d");
  });

  it("--check passes on a fresh tree and fails on drift", async () => {
    const dir = tempDir();
    expect((await vigil(dir, "build")).code).toBe(0);
    const ok = await vigil(dir, "build", "--check");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("is up to date (51 files)");

    writeFiles(dir, { "vigil.yaml": "retention:\n  metrics: 30d\n" });
    rmSync(join(dir, "monitoring/README.md"));
    const drift = await vigil(dir, "build", "--check");
    expect(drift.code).toBe(1);
    expect(drift.stderr).toContain("different monitoring/victoria-metrics/values.yaml");
    expect(drift.stderr).toContain("missing   monitoring/README.md");
    // --check writes nothing.
    expect(readFileSync(join(dir, "monitoring/victoria-metrics/values.yaml"), "utf8")).not.toContain("30d");
  });

  it("loads a typed vigil.config.ts", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "vigil.config.ts": 'import { defineConfig } from "' + join(process.cwd(), "src/index.ts") + '";\nexport default defineConfig({ cluster: { name: "pi" }, retention: { metrics: "30d" } });\n',
    });
    // The config imports vigil's TypeScript sources, which jiti compiles in the child: on a loaded CI
    // machine that can take longer than the 10 s a user's config gets (a user imports the built package).
    const limit = process.env.VIGIL_CONFIG_TIME_LIMIT_MS;
    process.env.VIGIL_CONFIG_TIME_LIMIT_MS = "60000";
    const r = await vigil(dir, "build").finally(() => (limit === undefined ? delete process.env.VIGIL_CONFIG_TIME_LIMIT_MS : (process.env.VIGIL_CONFIG_TIME_LIMIT_MS = limit)));
    expect(r.stderr).not.toContain("✖");
    const values = readFileSync(join(dir, "monitoring/victoria-metrics/values.yaml"), "utf8");
    expect(values).toContain("retentionPeriod: 30d");
    expect(values).toContain("cluster: pi");
    expect(readFileSync(join(dir, "monitoring/README.md"), "utf8")).toContain("Generated by vigil from vigil.config.ts");
  });

  it("warns, with the reason, when the metrics TSDB is put on NFS", async () => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": "storage:\n  storageClass: nfs\n" });
    const r = await vigil(dir, "build");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('⚠ storage.storageClass: "nfs-client" is NFS; VictoriaMetrics\' TSDB relies on file locking and fsync semantics NFS does not guarantee');
    // Only the TSDB: logs on NFS draw no TSDB warning, and a local metrics volume none at all.
    writeFiles(dir, { "vigil.yaml": "storage:\n  storageClass: nfs\n  metrics:\n    storageClass: local-path\n" });
    const r2 = await vigil(dir, "build");
    expect(r2.stderr).not.toContain("TSDB");
  });
});

describe("stateless Grafana and Alertmanager (issue 19 #6)", () => {
  it("persistent: false leaves out their claims on both backends, and the plan lists no volume for them", async () => {
    const STATELESS = { storage: { grafana: { persistent: false }, alertmanager: { persistent: false } } };
    for (const backend of ["victoria-metrics", "prometheus"] as const) {
      const gen = await generate(parsedConfig({ ...STATELESS, metrics: { backend } }), { source: "test" });
      const grafana = gen.output.releases.find((r) => r.chart === "grafana")!.values as Record<string, unknown>;
      expect(grafana.extraObjects, backend).toBeUndefined();
      expect(grafana.extraVolumes, backend).toBeUndefined();
      expect(grafana.persistence, backend).toEqual({ enabled: false, lookupVolumeName: false });
      // Its database in Grafana's default data folder, the chart's emptyDir "storage" at /var/lib/grafana.
      expect((grafana["grafana.ini"] as Record<string, unknown>).paths, backend).toBeUndefined();
      const stack = gen.output.releases.find((r) => r.release === gen.stack.apps.metrics)!.values as any;
      const am = backend === "prometheus" ? stack.alertmanager.alertmanagerSpec : stack.alertmanager.spec;
      expect(am.storage, backend).toBeUndefined();
      expect(gen.plan.volumes.map((v) => v.volume), backend).toEqual(["metrics", "logs"]);
      expect(gen.diagnostics.filter((d) => d.severity === "error"), backend).toEqual([]);
    }
    // By default both keep their volume.
    const def = await generate(parsedConfig({}), { source: "test" });
    expect(def.plan.volumes.map((v) => v.volume).sort()).toEqual(["alertmanager", "grafana", "logs", "metrics"]);
  });
});

describe("app names of their own (issue 17 #4)", () => {
  const objectOf = async (input: unknown, file: string) => {
    const gen = await generate(parsedConfig(input), { source: "test" });
    return gen.output.objects.filter((o) => o.file === file).map((o) => o.object as any);
  };

  it("Argo CD: the Applications are vigil-<folder>, the chart folders keep their Helm release name; docs/bootstrap.md names them all", async () => {
    const [appset] = await objectOf({}, "bootstrap/monitoring-applicationset.yaml");
    expect(appset.spec.template.metadata.name).toBe("vigil-{{ .path.basename }}");
    const gen = await generate(parsedConfig({}), { source: "test" });
    const folders = [...new Set([...gen.output.files.keys()].filter((f) => f.startsWith("monitoring/") && f.split("/").length > 2).map((f) => f.split("/")[1]!))].sort();
    const charts = folders.filter((f) => gen.output.files.has(`monitoring/${f}/Chart.yaml`));
    expect(charts.length).toBeGreaterThan(0);
    expect(appset.spec.templatePatch).toBe(
      [`{{- if has .path.basename (list ${charts.map((c) => `"${c}"`).join(" ")}) }}`, "spec:", "  source:", "    helm:", "      releaseName: {{ .path.basename | quote }}", "{{- end }}", ""].join("\n"),
    );
    // Every chart folder is in the patch, no plain folder is (a source with helm set is rendered as a chart).
    expect(charts.sort()).toEqual(gen.parts.releases.map((r) => r.app).sort());
    const bootstrap = readFileSync(join(__dirname, "..", "docs", "bootstrap.md"), "utf8");
    expect(bootstrap).toContain(`the ${folders.length} Applications`);
    for (const f of folders) expect(bootstrap, f).toContain(`\`vigil-${f}\``);
    // gitops.appPrefix: "" keeps the folder names.
    const [bare] = await objectOf({ gitops: { appPrefix: "" } }, "bootstrap/monitoring-applicationset.yaml");
    expect(bare.spec.template.metadata.name).toBe("{{ .path.basename }}");
  });

  it("Flux: the Kustomizations keep <last folder of gitops.path>-<folder> unless gitops.appPrefix says otherwise; a bad prefix is refused", async () => {
    const names = async (gitops: object) => (await objectOf({ gitops: { target: "flux", ...gitops } }, "bootstrap/monitoring-flux.yaml")).map((k) => k.metadata.name);
    expect(await names({})).toContain("monitoring-grafana");
    expect(await names({ appPrefix: "vigil-" })).toContain("vigil-grafana");
    const r = (await import("../src/config/parse.js")).parseConfig({ gitops: { appPrefix: "Vigil_" } });
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual(['gitops.appPrefix: "Vigil_" is not a name prefix; use lower-case letters, digits and "-", e.g. "vigil-" (or "" for none)']);
  });
});

describe("the config, the tree and the repository's root (issue 17 #5, #6)", () => {
  const gitRepo = () => {
    const dir = tempDir();
    execFileSync("git", ["init", "-q", dir]);
    return dir;
  };

  it("run in a subfolder, the config is found above it (inside the repository), and the tree goes beside it", async () => {
    const repo = gitRepo();
    writeFiles(repo, { "vigil.yaml": "cluster: { name: lab }\ngitops: { repoURL: https://github.com/me/homelab.git }\n", "apps/.keep": "" });
    const r = await vigil(join(repo, "apps"), "build");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("(from ../vigil.yaml)");
    expect(existsSync(join(repo, "monitoring/README.md"))).toBe(true);
    expect(existsSync(join(repo, "apps/monitoring"))).toBe(false);
    expect(readFileSync(join(repo, "monitoring/README.md"), "utf8")).toContain('cluster "lab"');
    // The steps name the tree's files from its root, where the user is told to go.
    expect(r.stdout).toContain("The steps below run in ..: cd ..");
  });

  it("a config above a folder outside any repository is not looked for; without a config, the tree goes to the repository's root", async () => {
    const outside = tempDir();
    writeFiles(outside, { "vigil.yaml": "cluster: { name: far }\n", "sub/.keep": "" });
    const r = await vigil(join(outside, "sub"), "plan");
    expect(r.stdout).toContain('"homelab"');
    const repo = gitRepo();
    writeFiles(repo, { "deep/er/.keep": "" });
    const b = await vigil(join(repo, "deep/er"), "build");
    expect(b.code, b.stderr).toBe(0);
    expect(existsSync(join(repo, "monitoring/README.md"))).toBe(true);
  });

  it("--out a subfolder of the repository: the ApplicationSet and the Kustomizations read their paths from the repository's root", async () => {
    const repo = gitRepo();
    writeFiles(repo, { "vigil.yaml": "gitops: { repoURL: https://github.com/me/homelab.git }\n" });
    const r = await vigil(repo, "build", "--out", "clusters/lab");
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(repo, "clusters/lab/bootstrap/monitoring-applicationset.yaml"), "utf8")).toContain("- path: clusters/lab/monitoring/*");
    expect(r.stdout).toContain("The steps below run in clusters/lab: cd clusters/lab");
    writeFiles(repo, { "flux.yaml": "gitops: { target: flux }\n" });
    const f = await vigil(repo, "build", "--config", "flux.yaml", "--out", "clusters/flux");
    expect(f.code, f.stderr).toBe(0);
    expect(readFileSync(join(repo, "clusters/flux/bootstrap/monitoring-flux.yaml"), "utf8")).toContain("path: ./clusters/flux/monitoring/grafana");
    // At the repository's root nothing is prefixed (the golden trees).
    expect(readFileSync(join(repo, "clusters/lab/monitoring/README.md"), "utf8")).not.toContain("clusters/lab/clusters");
  });

  it("warns of the placeholder repository URL with Argo CD, not with Flux or a URL given", async () => {
    const { parseConfig } = await import("../src/config/parse.js");
    const warnings = (input: object) => {
      const p = parseConfig(input);
      return p.ok ? p.warnings.map((w) => w.path) : ["error"];
    };
    expect(warnings({})).toEqual(["gitops.repoURL"]);
    expect(warnings({ gitops: { target: "flux" } })).toEqual([]);
    expect(warnings({ gitops: { repoURL: "https://github.com/me/homelab.git" } })).toEqual([]);
  });
});

describe("next steps that are complete (issue 17 #6)", () => {
  it("names every Secret (receivers' too) and vigil secrets; with Flux, a changed bootstrap file is to be applied again; sealed-secrets says who deploys them", async () => {
    const dir = tempDir();
    const receivers = "alerting:\n  receivers:\n    discord: { webhookUrl: { secret: { name: alertmanager-receivers, key: discord } } }\n";
    writeFiles(dir, { "vigil.yaml": `gitops: { target: flux }\n${receivers}` });
    const first = await vigil(dir, "build");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("Secrets it reads: alertmanager-receivers, grafana-admin (vigil secrets prints the commands; --format sops or sealed-secrets to commit them encrypted)");
    expect(first.stdout).not.toContain("changed in this build");
    writeFiles(dir, { "vigil.yaml": `gitops: { target: flux }\ncomponents: { traces: true }\n${receivers}` });
    const second = await vigil(dir, "build");
    expect(second.stdout).toContain("bootstrap/monitoring-flux.yaml changed in this build: apply it again after the push (kubectl apply -f bootstrap/monitoring-flux.yaml)");
    const sealed = await vigil(dir, "secrets", "--format", "sealed-secrets");
    expect(sealed.stdout).toContain("in monitoring/sealed-secrets/ a Kustomization you add beside vigil's (bootstrap/) in Flux deploys them");
    expect(sealed.stdout).not.toContain("the ApplicationSet");
  });
});
