// How the user creates the Secrets the stack reads, when no operator does it (secrets.externalSecrets
// or secrets.onePassword): `vigil secrets` prints one of three forms. None holds a value: the
// kubectl commands read each value from an environment variable and stop when one is unset; the
// SOPS template has empty values to fill in and encrypt; the SealedSecrets commands seal what the
// same kubectl commands would create.
import type { RequiredSecret } from "../model/parts.js";
import { toYaml } from "../emit/yaml.js";

export const SECRET_FORMATS = ["kubectl", "sops", "sealed-secrets"] as const;
export type SecretFormat = (typeof SECRET_FORMATS)[number];

/** The environment variable a key's value is read from: GRAFANA_ADMIN_ADMIN_PASSWORD. */
export const envVar = (secret: string, key: string) => `${secret}_${key}`.toUpperCase().replace(/[^A-Z0-9]+/g, "_");

/**
 * `--from-literal` per key; the shell stops with "VAR: set it" before running kubectl when one is
 * unset. A key whose value vigil knows (no secret) is written out.
 */
const literals = (s: RequiredSecret) => s.keys.map((k) => (s.known?.[k] !== undefined ? `  --from-literal=${k}=${s.known[k]}` : `  --from-literal=${k}="\${${envVar(s.name, k)}:?set it}"`));

/** A TLS Secret from the certificate and key files the variables name. */
const tlsFiles = (s: RequiredSecret) => [`  --cert="\${${envVar(s.name, "cert_file")}:?set it}"`, `  --key="\${${envVar(s.name, "key_file")}:?set it}"`];

/** `kubectl create secret` of the right type, and its value arguments. */
const createSecret = (namespace: string, s: RequiredSecret) => ({ command: `kubectl -n ${namespace} create secret ${s.tls ? "tls" : "generic"} ${s.name}`, args: s.tls ? tlsFiles(s) : literals(s) });

function kubectlCommands(namespace: string, secrets: readonly RequiredSecret[]): string {
  return [
    "#!/bin/sh",
    "# Creates the Secrets the monitoring stack reads. Export each variable first (e.g. from your password manager).",
    "set -eu",
    ...secrets.flatMap((s) => {
      const { command, args } = createSecret(namespace, s);
      return ["", `# ${s.name}: ${s.purpose}`, `${command} \\`, ...joinLines(args)];
    }),
    "",
  ].join("\n");
}

function sealedSecretCommands(namespace: string, folder: string, secrets: readonly RequiredSecret[], deployer: string): string {
  return [
    "#!/bin/sh",
    "# Seals the Secrets the monitoring stack reads with your cluster's SealedSecrets controller (kubeseal must reach it).",
    `# The sealed files are safe to commit; in ${folder}/ ${deployer} deploys them as an app of their own.`,
    "set -eu",
    `mkdir -p ${folder}`,
    ...secrets.flatMap((s) => {
      const { command, args } = createSecret(namespace, s);
      return ["", `# ${s.name}: ${s.purpose}`, `${command} --dry-run=client -o yaml \\`, ...args.map((l) => `${l} \\`), `  | kubeseal --format yaml > ${folder}/sealedsecret-${s.name}.yaml`];
    }),
    "",
  ].join("\n");
}

function sopsTemplate(namespace: string, secrets: readonly RequiredSecret[], ageRecipient: string | undefined): string {
  const header = [
    "# SOPS template of the Secrets the monitoring stack reads. Fill in every value, then encrypt it",
    "# before it is committed (only data and stringData are encrypted, so the file stays reviewable):",
    "#   sops --encrypt --in-place monitoring-secrets.sops.yaml",
    "# with this rule in the .sops.yaml at the root of your repository:",
    "#   creation_rules:",
    "#     - path_regex: .*\\.sops\\.yaml$",
    "#       encrypted_regex: ^(data|stringData)$",
    `#       age: ${ageRecipient ?? "age1...   # your age public key (age-keygen)"}`,
    "# Flux decrypts it natively (Kustomization spec.decryption.provider: sops); Argo CD needs KSOPS or helm-secrets.",
  ];
  const docs = secrets.map((s) =>
    [`# ${s.name}: ${s.purpose}`, toYaml({ apiVersion: "v1", kind: "Secret", metadata: { name: s.name, namespace }, type: s.tls ? "kubernetes.io/tls" : "Opaque", stringData: Object.fromEntries(s.keys.map((k) => [k, s.known?.[k] ?? ""])) }).trimEnd()].join("\n"),
  );
  return [...header, ...docs.map((d) => `---\n${d}`), ""].join("\n");
}

/** Continuation backslashes on every line but the last. */
const joinLines = (lines: string[]) => lines.map((l, i) => (i < lines.length - 1 ? `${l} \\` : l));

/**
 * `deployer`: who deploys a folder added under gitops.path ("the ApplicationSet"; with Flux, a
 * Kustomization of its own, which the user adds).
 */
export function secretInstructions(format: SecretFormat, o: { namespace: string; secrets: readonly RequiredSecret[]; sealedFolder: string; ageRecipient?: string; deployer?: string }): string {
  switch (format) {
    case "kubectl":
      return kubectlCommands(o.namespace, o.secrets);
    case "sealed-secrets":
      return sealedSecretCommands(o.namespace, o.sealedFolder, o.secrets, o.deployer ?? "the ApplicationSet");
    case "sops":
      return sopsTemplate(o.namespace, o.secrets, o.ageRecipient);
  }
}
