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
    messages: ['✖ storage.metrix: unknown option; did you mean "metrics"? (allowed: storageClass, classes, metrics, logs, grafana, alertmanager, traces)  (vigil.yaml:2:3)'],
  },
  {
    name: "unknown top-level key",
    file: "vigil.yaml",
    content: "clustr:\n  name: lab\n",
    messages: ['✖ clustr: unknown option; did you mean "cluster"? (allowed: $schema, cluster, gitops, namespace, metrics, storage, retention, resources, components, scrape, exporters, alerting, logs, traces, grafana, apps, backup, secrets, access, networkPolicy, versions, images, fleet)  (vigil.yaml:1:1)'],
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
  {
    name: "a missing credential and a wrong shape of one (issue 17 #8)",
    file: "vigil.yaml",
    content: "alerting:\n  receivers:\n    discord: {}\n    ntfy:\n      url: https://ntfy.sh/x\n      token: { secret: token-secret }\n",
    messages: [
      "✖ alerting.receivers.discord.webhookUrl: is required  (vigil.yaml:3:5)",
      // A mapping where a reference (a mapping) or a string is accepted: said in the form it has.
      '✖ alerting.receivers.ntfy.token.secret: "token-secret" is not a mapping of options  (vigil.yaml:6:16)',
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

describe("hostile or broken configs (issue 12): exit 2, the file and position, nothing written, nothing echoed", () => {
  const run = async (files: Record<string, string | Buffer>, ...args: string[]) => {
    const dir = tempDir();
    for (const [name, content] of Object.entries(files)) {
      const { writeFileSync, mkdirSync } = await import("node:fs");
      const { dirname, join } = await import("node:path");
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    const r = await vigil(dir, "build", ...args);
    return { ...r, written: readdirSync(dir).filter((f) => !(f in files) && !Object.keys(files).some((k) => k.startsWith(`${f}/`))) };
  };

  it.each([
    ["a function that throws", "export default () => {\n  throw new Error('boom');\n};\n", /vigil\.config\.ts: could not be loaded: boom {2}\(vigil\.config\.ts:2:9\)/],
    ["a rejected promise", "export default Promise.reject(new Error('nope'));\n", /could not be loaded: nope/],
    ["a thrown object", "throw { reason: 'x' };\n", /could not be loaded: it threw \{"reason":"x"\}/],
    ["a throwing getter", "export default { get cluster() { throw new Error('getter'); } };\n", /could not be loaded: getter/],
    ["a promise that never settles", "export default new Promise(() => {});\n", /gave a promise that never settles/],
    ["process.exit(0)", "process.exit(0);\n", /ended \(exit code 0\) before giving its config: a config must not call process\.exit/],
    ["an endless loop", "while (true) {}\n", /did not give its config within 2 seconds/],
    ["a syntax error", "const x: number = ;\nexport default {};\n", /could not be loaded: .*\(vigil\.config\.ts:1:\d+\)/],
    ["a 500-deep literal", `export default { x: ${"[".repeat(500)}${"]".repeat(500)} };\n`, /vigil\.config\.ts: is nested too deeply to be a config/],
  ])("vigil.config.ts with %s", async (_, source, message) => {
    process.env.VIGIL_CONFIG_TIME_LIMIT_MS = "2000";
    try {
      const r = await run({ "vigil.config.ts": source });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.written).toEqual([]);
    } finally {
      delete process.env.VIGIL_CONFIG_TIME_LIMIT_MS;
    }
  }, 30_000);

  it("YAML: an alias bomb, UTF-16, a Latin-1 byte, two BOMs are refused; an empty file warns", async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...[..."bcdefghi"].map((c, i) => `${c}: &${c} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(",")}]`)].join("\n");
    const cases: [string | Buffer, RegExp][] = [
      [bomb, /vigil\.yaml cannot be read: Excessive alias count/],
      [Buffer.from("\ufeffcluster:\n  name: lab\n", "utf16le"), /vigil\.yaml is UTF-16 \(or binary\); save it as UTF-8/],
      [Buffer.concat([Buffer.from("cluster:\n  name: caf"), Buffer.from([0xe9]), Buffer.from("\n")]), /is not UTF-8 \(the byte 0xe9, e\.g\. Latin-1\); save it as UTF-8 {2}\(vigil\.yaml:2:12\)/],
      [Buffer.from("\ufeff\ufeffcluster:\n  name: lab\n"), /starts with two byte-order marks/],
    ];
    for (const [content, message] of cases) {
      const r = await run({ "vigil.yaml": content });
      expect(r.code, String(message)).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.written).toEqual([]);
    }
    const empty = await run({ "vigil.yaml": "" });
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain("⚠ vigil.yaml is empty: the defaults apply");
  });

  it("credentials inside URLs are refused without being echoed, with the way to pass them", async () => {
    const cases: [string, string][] = [
      ["gitops:\n  repoURL: https://me:ghp_SECRETSECRET@github.com/me/lab.git\n", "gitops.repoURL: the value (not shown) holds a credential inside the URL; Argo CD and Flux read the repository's credentials from their own Secret"],
      ["alerting:\n  receivers:\n    ntfy:\n      url: https://u:ghp_SECRETSECRET@ntfy.sh/topic\n", "alerting.receivers.ntfy.url: the value (not shown) holds a credential inside the URL; give the access token as ntfy.token"],
      ["grafana:\n  victoriaLogsPluginUrl: http://files.lan/p.zip?token=ghp_SECRETSECRET&x=.zip\n", "grafana.victoriaLogsPluginUrl: the value (not shown) holds a credential inside the URL"],
    ];
    for (const [yaml, message] of cases) {
      const r = await run({ "vigil.yaml": yaml });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain("SECRETSECRET");
    }
    // ssh's git@ is a user name, not a credential.
    expect((await run({ "vigil.yaml": "gitops:\n  repoURL: git@github.com:me/lab.git\n" })).code).toBe(0);
  });

  it("error output is bounded: 20,000 unknown keys, a long value", async () => {
    const many = await run({ "vigil.yaml": Array.from({ length: 20000 }, (_, i) => `k${i}: 1`).join("\n") });
    expect(many.code).toBe(2);
    expect(many.stderr).toContain("... and 19950 more problem(s) not shown");
    expect(many.stderr.length).toBeLessThan(30_000);
    const long = await run({ "vigil.yaml": `cluster:\n  name: ${"x".repeat(100_000)}\n` });
    expect(long.code).toBe(2);
    expect(long.stderr).toContain("... (100000 characters)");
    expect(long.stderr.length).toBeLessThan(2_000);
  });

  it("a __proto__ key, a bad Gateway listener, an unknown disabled rule: config errors, exit 2", async () => {
    const proto = await run({ "vigil.yaml": "resources:\n  overrides:\n    __proto__:\n      requests: { memory: 1Gi }\n" });
    expect([proto.code, proto.stderr]).toEqual([2, expect.stringContaining('resources.overrides.__proto__: "__proto__" is not allowed as an option name  (vigil.yaml:3:5)')]);
    const section = await run({ "vigil.yaml": 'access:\n  gateway: { name: gw, namespace: gw, sectionName: "Has Spaces" }\n  grafana: { url: "https://g.example.com" }\n' });
    expect([section.code, section.stderr]).toEqual([2, expect.stringContaining("access.gateway.sectionName: \"Has Spaces\" is not a listener name of the Gateway")]);
    const rule = await run({ "vigil.yaml": "alerting:\n  disabledRules: [NodeDwn]\n" });
    expect([rule.code, rule.written]).toEqual([2, []]);
    expect(rule.stderr).toContain('alerting.disabledRules: "NodeDwn" is not a vigil alert; did you mean "NodeDown"?');
  });
});
