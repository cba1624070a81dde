// The Secrets the stack reads: declared by the components that read them, listed for the user,
// and with `secrets.externalSecrets` turned into ExternalSecrets. vigil never writes a value.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generate } from "../src/pipeline.js";
import { parseConfig } from "../src/config/parse.js";
import { parsedConfig } from "./helpers.js";

const ref = (name: string, key: string) => ({ secret: { name, key } });
const ESO = {
  secrets: { externalSecrets: { store: "onepassword", keyPrefix: "homelab/" } },
  alerting: { receivers: { pushover: { userKey: ref("alertmanager-receivers", "pushover-user"), token: ref("alertmanager-receivers", "pushover-token") } }, heartbeat: { url: ref("alertmanager-receivers", "heartbeat-url") } },
  backup: { metrics: { s3: { endpoint: "minio.nas.lan:9000", bucket: "backups" } } },
  apps: { proxmox: { hosts: ["192.168.1.5"] } },
};

describe("secrets the stack reads", () => {
  it("the default stack reads only Grafana's admin Secret; the README and the bootstrap say how to create it", async () => {
    const g = await generate(parsedConfig({}), { source: "test" });
    expect(g.parts.secrets).toEqual([{ name: "grafana-admin", keys: ["admin-password", "admin-user"], purpose: "Grafana admin login" }]);
    expect(g.output.files.get("monitoring/README.md")).toContain("| `grafana-admin` | `admin-password`, `admin-user` | Grafana admin login |");
    expect(g.output.bootstrap.some((s) => s.startsWith("kubectl -n monitoring create secret generic grafana-admin"))).toBe(true);
    expect([...g.output.files.keys()].some((f) => f.includes("secrets/"))).toBe(false);
  });

  it("the Ingress's TLS Secret is declared (issue 11 #10): listed, created from files by vigil secrets, never an ExternalSecret", async () => {
    const input = { access: { ingress: { tlsSecret: "grafana-tls" }, grafana: { url: "https://grafana.lab.example.com" } } };
    const g = await generate(parsedConfig(input), { source: "test" });
    expect(g.parts.secrets.find((s) => s.name === "grafana-tls")).toMatchObject({ keys: ["tls.crt", "tls.key"], tls: true });
    expect(g.output.files.get("monitoring/README.md")).toContain("| `grafana-tls` | `tls.crt`, `tls.key` |");
    const { tempDir, vigil, writeFiles } = await import("./helpers.js");
    const dir = tempDir();
    writeFiles(dir, { "vigil.yaml": "access:\n  ingress:\n    tlsSecret: grafana-tls\n  grafana:\n    url: https://grafana.lab.example.com\n" });
    const r = await vigil(dir, "secrets");
    expect(r.stdout).toContain('kubectl -n monitoring create secret tls grafana-tls \\\n  --cert="${GRAFANA_TLS_CERT_FILE:?set it}" \\\n  --key="${GRAFANA_TLS_KEY_FILE:?set it}"');
    const eso = await generate(parsedConfig({ ...input, secrets: { externalSecrets: { store: "onepassword" } } }), { source: "test" });
    expect([...eso.output.files.keys()].filter((f) => f.includes("externalsecret-grafana-tls"))).toEqual([]);
  });

  it("every credential reference becomes a declared Secret, keys merged per name", async () => {
    const g = await generate(parsedConfig(ESO), { source: "test" });
    expect(g.parts.secrets.map((s) => [s.name, s.keys])).toEqual([
      ["alertmanager-receivers", ["heartbeat-url", "pushover-token", "pushover-user"]],
      ["grafana-admin", ["admin-password", "admin-user"]],
      ["pve-exporter", ["tokenName", "tokenValue"]],
      ["vmbackup-s3", ["access-key-id", "secret-access-key"]],
    ]);
  });

  it("with secrets.externalSecrets: one valid ExternalSecret per Secret, one property per key, and no kubectl step", async () => {
    const g = await generate(parsedConfig(ESO), { source: "test" });
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const files = [...g.output.files.keys()].filter((f) => f.startsWith("monitoring/secrets/"));
    expect(files).toEqual(["alertmanager-receivers", "grafana-admin", "pve-exporter", "vmbackup-s3"].map((n) => `monitoring/secrets/externalsecret-${n}.yaml`));
    const es = parse(g.output.files.get("monitoring/secrets/externalsecret-alertmanager-receivers.yaml")!);
    expect(es.spec.secretStoreRef).toEqual({ name: "onepassword", kind: "ClusterSecretStore" });
    expect(es.spec.target).toEqual({ name: "alertmanager-receivers", creationPolicy: "Owner" });
    expect(es.spec.data).toEqual(["heartbeat-url", "pushover-token", "pushover-user"].map((k) => ({ secretKey: k, remoteRef: { key: "homelab/alertmanager-receivers", property: k } })));
    expect(g.output.bootstrap.some((s) => s.includes("create secret"))).toBe(false);
  });

  it("the ExternalSecret schema check catches a malformed one", async () => {
    const { checkSchemas } = await import("../src/checks/schema.js");
    const bad = { apiVersion: "external-secrets.io/v1", kind: "ExternalSecret", metadata: { name: "x" }, spec: { refreshInterval: "1h", secretStoreRef: { name: "s", kind: "Vault" }, target: { name: "x", creationPolicy: "Owner" }, data: [] } };
    const problems = await checkSchemas([{ file: "monitoring/secrets/x.yaml", object: bad }]);
    expect(problems.map((p) => p.message).join("\n")).toMatch(/secretStoreRef\.kind|data/);
  });

  it("with secrets.onePassword: one OnePasswordItem per Secret, named like it, from the vault's item of that name", async () => {
    const g = await generate(parsedConfig({ ...ESO, secrets: { onePassword: { vault: "Homelab", itemPrefix: "k8s-" } } }), { source: "test" });
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const items = g.output.objects.filter((o) => o.object.kind === "OnePasswordItem").map((o) => [o.file, o.object.metadata.name, (o.object.spec as any).itemPath]);
    expect(items).toEqual(
      ["alertmanager-receivers", "grafana-admin", "pve-exporter", "vmbackup-s3"].map((n) => [`monitoring/secrets/onepassworditem-${n}.yaml`, n, `vaults/Homelab/items/k8s-${n}`]),
    );
    expect(g.output.files.get("monitoring/README.md")).toContain("The 1Password operator creates these from the vault `Homelab`");
    expect(g.output.bootstrap.some((s) => s.includes("create secret"))).toBe(false);
  });

  it("refuses two secret sources at once, and a vault name with a slash", () => {
    const both = parseConfig({ secrets: { externalSecrets: { store: "s" }, onePassword: { vault: "v" } } });
    expect(both.ok ? [] : both.errors.map((e) => e.path)).toEqual(["secrets.onePassword"]);
    const slash = parseConfig({ secrets: { onePassword: { vault: "a/b" } } });
    expect(slash.ok ? [] : slash.errors.map((e) => [e.path, e.message])).toEqual([["secrets.onePassword.vault", expect.stringMatching(/without "\/"/)]]);
  });

  it("a bad store name names its config path", () => {
    const r = parseConfig({ secrets: { externalSecrets: { store: "One Password" } } });
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(["secrets.externalSecrets.store"]);
  });
});
