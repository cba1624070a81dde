// The environment variables vigil's generated configurations read as `${NAME}` (Vector's
// interpolation, Loki's -config.expand-env), in one list: a Flux tree with postBuild substitution
// (gitops.flux.substituteFrom) must keep Flux from replacing them with a variable of the cluster
// (or with nothing), and Grafana's `$$` escapes from turning into `$`.
export const ENV_VARS = {
  /** A spoke's (or host's) password at the hub's ingest, from its Secret. */
  ingestPassword: "VIGIL_INGEST_PASSWORD",
  /** Loki's object store credentials, from logs.loki.s3's Secret. */
  s3AccessKeyId: "S3_ACCESS_KEY_ID",
  s3SecretAccessKey: "S3_SECRET_ACCESS_KEY",
} as const;

export type EnvVar = (typeof ENV_VARS)[keyof typeof ENV_VARS];

/** How a configuration refers to the variable. */
export const envRef = (name: EnvVar) => `\${${name}}`;

/**
 * Whether `text` holds `$` syntax of vigil's own that Flux's substitution would change: an
 * environment reference above, a `$$` (Grafana's escape of a literal `$` in provisioning files), or
 * nfs-subdir-external-provisioner's `${.PVC.namespace}` path pattern.
 */
export const hasOwnDollarSyntax = (text: string) => text.includes("$$") || text.includes("${.PVC.") || Object.values(ENV_VARS).some((name) => text.includes(envRef(name)));
