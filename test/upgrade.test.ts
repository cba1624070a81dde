// Chart versions the user pins (versions.charts), vigil upgrade, and the Renovate config of
// docs/upgrade.md (issue 17 #11, issue 19 #7).
import { describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { parseConfig } from "../src/config/parse.js";
import { generate } from "../src/pipeline.js";
import { CHARTS } from "../src/model/versions.js";
import { parsedConfig, PROJECT_ROOT, tempDir, vigil, writeFiles } from "./helpers.js";

const VMK8S = CHARTS.victoriaMetricsK8sStack;
const bump = (v: string, part: 1 | 2) => v.split(".").map((n, i) => (i === part ? String(Number(n) + 1) : i > part ? "0" : n)).join(".");

describe("versions.charts", () => {
  it("a patch release of the pin replaces it in the tree of either GitOps tool; a newer minor, an older patch or an unknown chart is refused with the range", async () => {
    const patch = bump(VMK8S.version, 2);
    const argo = await generate(parsedConfig({ versions: { charts: { [VMK8S.chart]: patch } } }), { source: "t" });
    expect(argo.output.files.get("monitoring/victoria-metrics/Chart.yaml")).toContain(`version: ${patch}`);
    const flux = await generate(parsedConfig({ gitops: { target: "flux" }, versions: { charts: { [VMK8S.chart]: patch } } }), { source: "t" });
    expect(flux.output.files.get("monitoring/victoria-metrics/helmrelease-victoria-metrics.yaml")).toContain(`version: ${patch}`);
    // Unpinned charts keep vigil's.
    expect(argo.output.files.get("monitoring/grafana/Chart.yaml")).toContain(`version: ${CHARTS.grafana.version}`);
    const errors = (charts: Record<string, string>) => {
      const p = parseConfig({ versions: { charts } });
      return p.ok ? [] : p.errors.map((e) => e.message);
    };
    const [major, minor] = VMK8S.version.split(".");
    expect(errors({ [VMK8S.chart]: bump(VMK8S.version, 1) })).toEqual([
      `versions.charts.${VMK8S.chart}: "${bump(VMK8S.version, 1)}" is not a version this vigil supports: ${major}.${minor}.x, from its pin ${VMK8S.version} on (vigil's values are checked against that chart); a newer minor needs a newer vigil`,
    ]);
    expect(errors({ grafna: "1.0.0" })[0]).toMatch(/^versions\.charts\.grafna: is not a chart vigil deploys; did you mean "grafana"\?/);
    expect(errors({ grafana: "latest" })[0]).toContain('is not a chart version; use x.y.z');
  });
});

describe("vigil upgrade", () => {
  /** Index files of every chart: its pin, the next patch, and the next minor. */
  const indexes = () => {
    const dir = tempDir();
    mkdirSync(join(dir, "index"));
    for (const c of Object.values(CHARTS)) {
      const versions = [c.version, bump(c.version, 2), bump(c.version, 1), `${bump(c.version, 2)}-rc.1`];
      writeFileSync(join(dir, "index", `${c.chart}.yaml`), stringify({ apiVersion: "v1", entries: { [c.chart]: versions.map((version) => ({ version })) } }));
    }
    return dir;
  };

  it("shows the newest supported release and names a newer minor without taking it; --write pins them with Renovate's comments, keeping the file's own", async () => {
    const dir = indexes();
    writeFiles(dir, { "vigil.yaml": "# my homelab\ngitops: { repoURL: https://github.com/me/homelab.git }\n" });
    const r = await vigil(dir, "upgrade", "--index", "index", "--json");
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { chart: string; current: string; supported?: string; beyond?: string }[];
    expect(rows.find((x) => x.chart === VMK8S.chart)).toEqual({ chart: VMK8S.chart, current: VMK8S.version, supported: bump(VMK8S.version, 2), beyond: bump(VMK8S.version, 1) });
    expect(rows).toHaveLength(Object.keys(CHARTS).length);
    const text = await vigil(dir, "upgrade", "--index", "index");
    expect(text.stdout).toContain(`${bump(VMK8S.version, 1)}: needs a newer vigil`);
    const written = await vigil(dir, "upgrade", "--index", "index", "--write");
    expect(written.code, written.stderr).toBe(0);
    const config = readFileSync(join(dir, "vigil.yaml"), "utf8");
    expect(config.startsWith("# my homelab\n")).toBe(true);
    expect(config).toContain(`    # renovate: datasource=helm depName=${VMK8S.chart} registryUrl=${VMK8S.repository}\n    ${VMK8S.chart}: ${bump(VMK8S.version, 2)}`);
    expect(config).toContain(`    # renovate: datasource=docker depName=${CHARTS.grafana.repository.replace("oci://", "")}/grafana\n    grafana: ${bump(CHARTS.grafana.version, 2)}`);
    // Now up to date; the build uses the pins.
    const again = await vigil(dir, "upgrade", "--index", "index");
    expect(again.stdout).toContain("Every chart is at the newest release vigil supports.");
    expect((await vigil(dir, "build")).code).toBe(0);
    expect(readFileSync(join(dir, "monitoring/victoria-metrics/Chart.yaml"), "utf8")).toContain(`version: ${bump(VMK8S.version, 2)}`);

    // docs/upgrade.md's Renovate regex finds every pin of the written file, as Renovate would.
    const doc = readFileSync(join(PROJECT_ROOT, "docs", "upgrade.md"), "utf8");
    const renovate = JSON.parse(/```json\n([\s\S]*?)```/.exec(doc)![1]!);
    const manager = renovate.customManagers[0];
    expect(new RegExp(manager.managerFilePatterns[0].slice(1, -1)).test("clusters/lab/vigil.yaml")).toBe(true);
    const found = [...config.matchAll(new RegExp(manager.matchStrings[0], "g"))].map((m) => m.groups!);
    expect(found).toHaveLength(Object.keys(CHARTS).length);
    expect(found.find((g) => g.depName === VMK8S.chart)).toEqual({ datasource: "helm", depName: VMK8S.chart, registryUrl: VMK8S.repository, currentValue: bump(VMK8S.version, 2) });
    expect(renovate.packageRules[0]).toMatchObject({ matchUpdateTypes: ["major", "minor"], enabled: false });
  });

  it("a generated Chart.yaml bumped by hand (or by Renovate) is refused with where the pin goes", async () => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": "gitops: { repoURL: https://github.com/me/homelab.git }\n" });
    await vigil(dir, "build");
    const chart = join(dir, "monitoring/victoria-metrics/Chart.yaml");
    writeFileSync(chart, readFileSync(chart, "utf8").replace(`version: ${VMK8S.version}`, `version: ${bump(VMK8S.version, 2)}`));
    const r = await vigil(dir, "build");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("monitoring/victoria-metrics/Chart.yaml: changed since vigil wrote it (a chart version bumped by hand or by Renovate?); pin the version in vigil.yaml instead (versions.charts, or `vigil upgrade --write`; docs/upgrade.md has the Renovate config), then delete the file");
  });
});

describe("versions.images", () => {
  it("retags an image of vigil's own objects; a chart's image or an unknown repository is refused", async () => {
    const gen = await generate(parsedConfig({ backup: { metrics: { s3: { endpoint: "minio.nas.lan:9000", bucket: "backups" } } }, versions: { images: { "docker.io/victoriametrics/vmbackup": "v1.150.1" } } }), { source: "t" });
    const text = [...gen.output.files.values()].join("\n");
    expect(text).toContain("image: docker.io/victoriametrics/vmbackup:v1.150.1");
    expect(text).not.toContain("vmbackup:v1.150.0");
    // The others keep vigil's tags.
    expect(gen.stack.image("docker.io/victoriametrics/vmauth:v1.150.0")).toBe("docker.io/victoriametrics/vmauth:v1.150.0");
    const p = parseConfig({ versions: { images: { "docker.io/victoriametrics/vmbakup": "v1" } } });
    expect(p.ok ? [] : p.errors.map((e) => e.message)[0]).toMatch(/^versions\.images\.docker\.io\/victoriametrics\/vmbakup: is not an image of vigil's own objects; did you mean "docker\.io\/victoriametrics\/vmbackup"\?/);
  });
});
