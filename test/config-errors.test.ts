// Bad input: every error names the config path, the bad value and what is allowed; all are
// reported together; exit code 2; nothing is written.
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { tempDir, vigil, writeFiles } from "./helpers.js";
import { CONTAINERS } from "../src/model/resources.js";

const CASES: { name: string; file: string; content: string; messages: string[] }[] = [
  {
    name: "storage size that is not a quantity",
    file: "vigil.yaml",
    content: "storage:\n  metrics:\n    size: 20GB\n",
    messages: ['✖ storage.metrics.size: "20GB" is not a Kubernetes quantity; use e.g. "20Gi"  (vigil.yaml:3:5)'],
  },
  {
    name: "unknown key with a did-you-mean",
    file: "vigil.yaml",
    content: "storage:\n  metrix:\n    size: 20Gi\n",
    messages: ['✖ storage.metrix: unknown option; did you mean "metrics"? (allowed: storageClass, metrics, logs, grafana, alertmanager, traces)  (vigil.yaml:2:3)'],
  },
  {
    name: "unknown top-level key",
    file: "vigil.yaml",
    content: "clustr:\n  name: lab\n",
    messages: ['✖ clustr: unknown option; did you mean "cluster"? (allowed: $schema, cluster, gitops, namespace, storage, retention, resources, components, scrape, alerting, logs, grafana, apps, backup, secrets, access, networkPolicy)  (vigil.yaml:1:1)'],
  },
  {
    name: "distribution outside the enum",
    file: "vigil.yaml",
    content: "cluster:\n  distribution: k8s\n",
    messages: ['✖ cluster.distribution: "k8s" is not allowed; use one of "k3s", "talos"  (vigil.yaml:2:3)'],
  },
  {
    name: "unknown gitops target",
    file: "vigil.yaml",
    content: "gitops:\n  target: fleet\n",
    messages: ['✖ gitops.target: "fleet" is not allowed; use one of "argocd", "flux"  (vigil.yaml:2:3)'],
  },
  {
    name: "retention without a unit",
    file: "vigil.yaml",
    content: "retention:\n  logs: 2 weeks\n",
    messages: ['✖ retention.logs: "2 weeks" is not a retention period; use a number with h, d, w or y, e.g. "15d"  (vigil.yaml:2:3)'],
  },
  {
    name: "retention below the minimum",
    file: "vigil.yaml",
    content: "retention:\n  metrics: 12h\n",
    messages: ['✖ retention.metrics: "12h" is shorter than the minimum of 24h; use e.g. "1d" or more  (vigil.yaml:2:3)'],
  },
  {
    name: "wrong type",
    file: "vigil.yaml",
    content: "cluster:\n  nodes: \"3\"\ncomponents:\n  logs: yes please\n",
    messages: ['✖ cluster.nodes: "3" is not a number  (vigil.yaml:2:3)', '✖ components.logs: "yes please" is not true or false  (vigil.yaml:4:3)'],
  },
  {
    name: "invalid names",
    file: "vigil.yaml",
    content: "cluster:\n  name: Home_Lab\nnamespace: Monitoring\n",
    messages: [
      "✖ cluster.name: \"Home_Lab\" is not a valid name; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters  (vigil.yaml:2:3)",
      "✖ namespace: \"Monitoring\" is not a valid name; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters  (vigil.yaml:3:1)",
    ],
  },
  {
    name: "repo URL that is not a git URL",
    file: "vigil.yaml",
    content: "gitops:\n  repoURL: github.com/me/homelab\n",
    messages: ['✖ gitops.repoURL: "github.com/me/homelab" is not a git URL; use e.g. "https://github.com/me/homelab.git"  (vigil.yaml:2:3)'],
  },
  {
    name: "log agent without a log store",
    file: "vigil.yaml",
    content: "components:\n  logs: false\n",
    messages: ['✖ components.logAgent: true needs components.logs: true (the agent ships to the log store); set "logAgent: false" or "logs: true"  (vigil.yaml:1:1)'],
  },
  {
    name: "resource override of an unknown container",
    file: "vigil.yaml",
    content: "resources:\n  overrides:\n    vmsingel:\n      limits:\n        memory: 1Gi\n",
    messages: [
      `✖ resources.overrides.vmsingel: unknown container; did you mean "vmsingle"? (allowed: ${CONTAINERS.join(", ")})  (vigil.yaml:3:5)`,
    ],
  },
  {
    name: "memory override that is not a quantity",
    file: "vigil.yaml",
    content: "resources:\n  overrides:\n    vmsingle:\n      limits:\n        memory: 1G\n",
    messages: ['✖ resources.overrides.vmsingle.limits.memory: "1G" is not a memory quantity; use e.g. "128Mi"  (vigil.yaml:5:9)'],
  },
  {
    name: "invalid YAML",
    file: "vigil.yaml",
    content: "cluster:\n  name: [lab\n",
    messages: ["✖ vigil.yaml is not valid YAML:"],
  },
  {
    name: "TypeScript config with a bad value (no positions there)",
    file: "vigil.config.ts",
    content: 'export default { storage: { storageClass: "Fast SSD" }, cluster: { distribution: "kind" } };\n',
    messages: [
      '✖ cluster.distribution: "kind" is not allowed; use one of "k3s", "talos"',
      '✖ storage.storageClass: "Fast SSD" is not a StorageClass name; use a preset (local-path, longhorn, nfs) or the name of a StorageClass in your cluster',
    ],
  },
];

describe("bad configs", () => {
  for (const c of CASES) {
    it(`${c.name}: exact message, exit 2, nothing written`, async () => {
      const dir = tempDir();
      writeFiles(dir, { [c.file]: c.content });
      const r = await vigil(dir, "build");
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split("\n");
      expect(lines[0]).toBe(`vigil: the config has ${c.messages.length} problem${c.messages.length === 1 ? "" : "s"}; nothing was written.`);
      const problems = lines.slice(1).map((l) => l.trim());
      if (c.name === "invalid YAML") expect(problems[0]).toMatch(/^✖ vigil\.yaml is not valid YAML: /);
      else expect(problems).toEqual(c.messages);
      expect(readdirSync(dir)).toEqual([c.file]);
    });
  }

  it("reports every problem together", async () => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": "cluster:\n  distribution: k8s\nstorage:\n  metrics:\n    size: 20GB\nretention:\n  logs: forever\n" });
    const r = await vigil(dir, "plan");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the config has 3 problems");
    expect(r.stderr).toContain("cluster.distribution");
    expect(r.stderr).toContain("storage.metrics.size");
    expect(r.stderr).toContain("retention.logs");
  });

  it("refuses two config files", async () => {
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": "{}\n", "vigil.config.ts": "export default {};\n" });
    const r = await vigil(dir, "build");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("✖ more than one config file: vigil.config.ts, vigil.yaml; keep one of them");
    expect(readdirSync(dir).sort()).toEqual(["vigil.config.ts", "vigil.yaml"]);
  });
});
