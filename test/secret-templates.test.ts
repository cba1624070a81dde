// `vigil secrets`: the three ways to create the Secrets by hand. The shell scripts run for real
// under /bin/sh with stand-ins for kubectl and kubeseal that record what they are given.
import { describe, expect, it } from "vitest";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { parseAllDocuments, parse } from "yaml";
import { Secret } from "kubernetes-models/v1/Secret";
import { generate } from "../src/pipeline.js";
import { envVar, secretInstructions } from "../src/secrets/templates.js";
import { parsedConfig, tempDir, vigil } from "./helpers.js";

const ref = (name: string, key: string) => ({ secret: { name, key } });
const CONFIG = {
  alerting: { receivers: { pushover: { userKey: ref("alertmanager-receivers", "pushover-user"), token: ref("alertmanager-receivers", "pushover-token") } } },
  backup: { metrics: { s3: { endpoint: "minio.nas.lan:9000", bucket: "backups" } } },
};
const secretsOf = async () => (await generate(parsedConfig(CONFIG), { source: "test" })).parts.secrets;

/** A folder with a script, fake kubectl/kubeseal on PATH, and the log of their calls. */
function sandbox(script: string) {
  const dir = tempDir();
  const bin = join(dir, "bin");
  writeFileSync(join(dir, "run.sh"), script);
  spawnSync("mkdir", ["-p", bin]);
  // Each argument on its own line, so values with spaces and quotes can be compared exactly.
  writeFileSync(join(bin, "kubectl"), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a" >> "${dir}/kubectl.log"; done\necho "kind: Secret"\n`);
  writeFileSync(join(bin, "kubeseal"), `#!/bin/sh\necho "kind: SealedSecret"; cat\n`);
  chmodSync(join(bin, "kubectl"), 0o755);
  chmodSync(join(bin, "kubeseal"), 0o755);
  const run = (env: Record<string, string>) => spawnSync("/bin/sh", ["run.sh"], { cwd: dir, env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, encoding: "utf8" });
  const log = () => (existsSync(join(dir, "kubectl.log")) ? readFileSync(join(dir, "kubectl.log"), "utf8").split("\n").filter(Boolean) : []);
  return { dir, run, log };
}

describe("vigil secrets", () => {
  it("kubectl: one create per Secret, every key from its variable, values passed verbatim", async () => {
    const secrets = await secretsOf();
    const env = Object.fromEntries(secrets.flatMap((s) => s.keys.map((k) => [envVar(s.name, k), `${s.name}/${k} with "quotes" and $dollars`])));
    const box = sandbox(secretInstructions("kubectl", { namespace: "monitoring", secrets, sealedFolder: "x" }));
    const r = box.run(env);
    expect(r.status, r.stderr).toBe(0);
    const log = box.log();
    for (const s of secrets) {
      expect(log).toContain(s.name);
      for (const k of s.keys) expect(log).toContain(`--from-literal=${k}=${s.name}/${k} with "quotes" and $dollars`);
    }
    expect(log.filter((a) => a === "create")).toHaveLength(secrets.length);
  });

  it("kubectl: stops before creating anything when a variable is unset", async () => {
    const secrets = await secretsOf();
    const env = Object.fromEntries(secrets.flatMap((s) => s.keys.map((k) => [envVar(s.name, k), "v"])));
    delete env[envVar(secrets[0]!.name, secrets[0]!.keys[0]!)];
    const box = sandbox(secretInstructions("kubectl", { namespace: "monitoring", secrets, sealedFolder: "x" }));
    const r = box.run(env);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${envVar(secrets[0]!.name, secrets[0]!.keys[0]!)}: set it`);
    expect(box.log()).toEqual([]);
  });

  it("sealed-secrets: seals each Secret into the folder the ApplicationSet deploys", async () => {
    const secrets = await secretsOf();
    const env = Object.fromEntries(secrets.flatMap((s) => s.keys.map((k) => [envVar(s.name, k), "v"])));
    const box = sandbox(secretInstructions("sealed-secrets", { namespace: "monitoring", secrets, sealedFolder: "monitoring/sealed-secrets" }));
    expect(box.run(env).status).toBe(0);
    for (const s of secrets) expect(readFileSync(join(box.dir, `monitoring/sealed-secrets/sealedsecret-${s.name}.yaml`), "utf8")).toMatch(/^kind: SealedSecret\n/);
    expect(box.log().filter((a) => a === "--dry-run=client")).toHaveLength(secrets.length);
  });

  it("sops: one valid Secret per declared Secret, every key empty, and a .sops.yaml rule that parses", async () => {
    const secrets = await secretsOf();
    const text = secretInstructions("sops", { namespace: "monitoring", secrets, sealedFolder: "x", ageRecipient: "age1example" });
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    expect(docs.map((d) => d.metadata.name)).toEqual(secrets.map((s) => s.name));
    for (const [i, d] of docs.entries()) {
      expect(() => new Secret(d).validate()).not.toThrow();
      expect(Object.keys(d.stringData)).toEqual(secrets[i]!.keys);
      expect(Object.values(d.stringData).every((v) => v === "")).toBe(true);
    }
    const rule = text.split("\n").filter((l) => l.startsWith("#   creation_rules") || l.startsWith("#     ")).map((l) => l.slice(3)).join("\n");
    expect(parse(rule)).toEqual({ creation_rules: [{ path_regex: ".*\\.sops\\.yaml$", encrypted_regex: "^(data|stringData)$", age: "age1example" }] });
    expect(new RegExp(parse(rule).creation_rules[0].path_regex).test("monitoring-secrets.sops.yaml")).toBe(true);
  });

  it("the command prints the default config's Secret, and refuses an unknown format", async () => {
    const dir = tempDir();
    const ok = await vigil(dir, "secrets");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("kubectl -n monitoring create secret generic grafana-admin");
    const bad = await vigil(dir, "secrets", "--format", "vault");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--format "vault" is not one of kubectl, sops, sealed-secrets');
  });
});
