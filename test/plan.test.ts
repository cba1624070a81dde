// Resources: every container has requests and limits; the default profile fits the PRD's 500Mi
// of memory requests; limits sit at or above the peaks measured upstream; `vigil plan` shows it.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/parse.js";
import { generate } from "../src/pipeline.js";
import { CONTAINERS, OPTIONAL_CONTAINERS, PROFILE_RESOURCES, memoryMiB } from "../src/model/resources.js";
import { tempDir, vigil, writeFiles } from "./helpers.js";

async function plan(input: unknown) {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  return (await generate(parsed.config, { source: "test" })).plan;
}

describe("resources", () => {
  it("the default stack asks for at most 500Mi of memory in total", async () => {
    const p = await plan({});
    expect(p.totals.requests.memoryMiB).toBeLessThanOrEqual(500);
    expect(p.budgetMiB).toBe(500);
    // Every container of the default stack is in the plan, once.
    expect(p.rows.map((r) => r.id).sort()).toEqual(CONTAINERS.filter((c) => !OPTIONAL_CONTAINERS.includes(c)).sort());
  });

  it("every container has requests at most its limits, in every profile", () => {
    for (const [profile, containers] of Object.entries(PROFILE_RESOURCES)) {
      for (const [id, r] of Object.entries(containers)) {
        expect(memoryMiB(r.requests.memory), `${profile}/${id}`).toBeLessThanOrEqual(memoryMiB(r.limits.memory));
        expect(r.requests.cpu && r.limits.cpu, `${profile}/${id}`).toBeTruthy();
      }
    }
  });

  it("limits cover the measured peaks (VMSingle 290 MiB, vmagent 230 MiB on the first scrape of 100k series)", () => {
    for (const profile of Object.values(PROFILE_RESOURCES)) {
      expect(memoryMiB(profile.vmsingle.limits.memory)).toBeGreaterThanOrEqual(290);
      expect(memoryMiB(profile.vmagent.limits.memory)).toBeGreaterThanOrEqual(230);
    }
  });

  it("per-node agents count once per node", async () => {
    const one = await plan({});
    const three = await plan({ cluster: { nodes: 3 } });
    const perNode = ["node-exporter", "vector"].map((id) => one.rows.find((r) => r.id === id)!.requests.memoryMiB).reduce((a, b) => a + b);
    expect(three.totals.requests.memoryMiB - one.totals.requests.memoryMiB).toBe(2 * perNode);
  });

  it("overrides change one container and warn when the profile's budget is exceeded", async () => {
    const p = await plan({ resources: { overrides: { vmsingle: { requests: { memory: "256Mi" } } } } });
    expect(p.rows.find((r) => r.id === "vmsingle")!.requests.memoryMiB).toBe(256);
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": "resources:\n  overrides:\n    vmsingle:\n      requests:\n        memory: 256Mi\n" });
    const r = await vigil(dir, "plan");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(OVER BUDGET)");
    expect(r.stderr).toContain('⚠ resources: total memory requests are 678Mi on 1 node(s), above the 500Mi the "small" profile aims for');
  });

  it("refuses requests above limits", async () => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": "resources:\n  overrides:\n    grafana:\n      requests:\n        memory: 1Gi\n" });
    const r = await vigil(dir, "build");
    // A problem of the config (it names a config path): exit 2, like every config error.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("✖ resources.overrides.grafana: requests exceed limits for grafana; Kubernetes rejects such a pod");
    expect(r.stderr).toContain("nothing was written");
  });
});

describe("vigil plan", () => {
  it("prints every container, the totals, the budget and the volumes", async () => {
    const r = await vigil(tempDir(), "plan");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines.find((l) => l.startsWith("vmsingle "))).toMatch(/^vmsingle\s+victoria-metrics\s+VMSingle\/vm\s+1\s+50m\s+1\s+72Mi\s+512Mi$/);
    expect(lines.find((l) => l.startsWith("TOTAL"))).toMatch(/^TOTAL\s+1 node\(s\)\s+295m\s+4400m\s+494Mi\s+3200Mi$/);
    expect(r.stdout).toContain("Memory requests: 494Mi of the profile's 500Mi budget.");
    expect(lines.find((l) => l.startsWith("metrics "))).toMatch(/^metrics\s+victoria-metrics\s+local-path\s+20Gi\s+no \(local-path\)$/);
    expect(r.stdout).toContain("Total storage: 32Gi");
    // What the NetworkPolicies let in, per receiving pod and port.
    expect(lines.find((l) => l.startsWith("  vmsingle:8428"))).toMatch(/← grafana, vmagent, vmalert, vmalertLogs$/);
    expect(lines.find((l) => l.startsWith("  operator:9443"))).toMatch(/← anywhere$/);
  });

  it("--json gives the same numbers", async () => {
    const r = await vigil(tempDir(), "plan", "--json");
    const p = JSON.parse(r.stdout);
    expect(p.totals.requests.memoryMiB).toBe(494);
    expect(p.volumes).toHaveLength(4);
  });
});
