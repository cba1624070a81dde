// Value formats shared by several config sections. Each carries the message a user sees,
// naming what is allowed, because the path and bad value are added by the diagnostics layer.
import { z } from "zod";

/** A Kubernetes resource quantity such as "20Gi", "512Mi" or "250m". */
export const QUANTITY_RE = /^(\d+(\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

export const quantity = (example: string) =>
  z.string().regex(QUANTITY_RE, { message: `is not a Kubernetes quantity; use e.g. "${example}"` });

/** Retention as VictoriaMetrics and VictoriaLogs read it: a number with h, d, w or y, at least 24h. */
export const RETENTION_RE = /^(\d+)(h|d|w|y)$/;
const HOURS = { h: 1, d: 24, w: 24 * 7, y: 24 * 365 } as const;

export function retentionHours(value: string): number {
  const m = RETENTION_RE.exec(value);
  if (!m) return Number.NaN;
  return Number(m[1]) * HOURS[m[2] as keyof typeof HOURS];
}

export const retention = z.string().superRefine((value, ctx) => {
  if (!RETENTION_RE.test(value)) ctx.addIssue({ code: "custom", message: 'is not a retention period; use a number with h, d, w or y, e.g. "15d"' });
  else if (retentionHours(value) < 24) ctx.addIssue({ code: "custom", message: 'is shorter than the minimum of 24h; use e.g. "1d" or more' });
});

/** A DNS-1123 label: names of namespaces, clusters, releases. */
export const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
    message: "is not a valid name; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
  });

/** A Kubernetes object name (DNS-1123 subdomain), e.g. of a Secret; short enough to be part of a file name. */
export const objectName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]{0,198}[a-z0-9])?$/, { message: "is not a Kubernetes object name; use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 200 characters" });

/** A Gateway API SectionName (a listener of the Gateway): a DNS-1123 subdomain of at most 253 characters. */
export const sectionName = z
  .string()
  .max(253, { message: "is longer than 253 characters" })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { message: 'is not a listener name of the Gateway; use its lowercase name, e.g. "https"' });

/** A count of replicas of a clustered store's part (metrics.cluster, logs.cluster). */
export const replicas = (what: string, dflt: number) =>
  z.number().int().min(1).max(50).default(dflt).meta({ description: `Replicas of ${what}.` });

/**
 * A bucket on S3-compatible storage (MinIO, Garage, AWS): shared by Loki's object store and the
 * metrics backups, so both read the same keys from their Secret.
 */
export const s3Location = (purpose: string, defaultSecret: string) =>
  z.strictObject({
    endpoint: z.string().regex(/^[\w.-]+(:\d+)?$/, { message: 'is not host[:port]; use e.g. "minio.storage.svc:9000"' }).meta({ description: "S3 endpoint, host[:port] (e.g. MinIO's Service)." }),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "is not an S3 bucket name" }).meta({ description: `Bucket for ${purpose}.` }),
    region: z.string().default("us-east-1").meta({ description: "Region (MinIO accepts any)." }),
    insecure: z.boolean().default(false).meta({ description: "Plain http to the endpoint (a MinIO in the cluster without TLS)." }),
    secret: objectName.default(defaultSecret).meta({
      description: "Existing Secret in the monitoring namespace with the keys `access-key-id` and `secret-access-key` (create it yourself, or with SOPS, SealedSecrets or ExternalSecrets).",
    }),
  });

/** The keys every S3 credentials Secret carries. */
export const S3_SECRET_KEYS = { accessKeyId: "access-key-id", secretAccessKey: "secret-access-key" } as const;

/** Query parameters that carry a credential (`?token=...`, `?access_token=...`, `?key=...`). */
const SECRET_QUERY = /^(token|access_token|auth|key|api_?key|secret|password|passwd|sig|signature)$/i;

/**
 * Refuses a credential inside a URL: a user:password (or token@) part, or a query parameter that
 * holds one. The value is never echoed (`params.redact`); the message says how to pass it instead.
 */
export const noCredentialsInUrl = (how: string) => (value: string, ctx: z.RefinementCtx) => {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]*)@/i.exec(value);
  let query: string[] = [];
  try {
    query = URL.canParse(value) ? [...new URL(value).searchParams.keys()] : [];
  } catch {
    query = [];
  }
  if (m || query.some((k) => SECRET_QUERY.test(k))) {
    ctx.addIssue({ code: "custom", message: `holds a credential inside the URL; ${how}`, params: { redact: true } });
  }
};

/** A key of a Secret in the monitoring namespace: how every credential is given. */
export const secretRef = z.strictObject({
  secret: z.strictObject({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: "is not a Secret name" }),
    key: z.string().regex(/^[-._a-zA-Z0-9]+$/, { message: "is not a Secret key" }),
  }),
});
export type SecretRef = z.infer<typeof secretRef>;

/**
 * A credential: only a reference. A string is refused with the fix, so a token never lands in git.
 * (Typed as a reference only, so vigil.config.ts users cannot even write a string.)
 */
export const credential = (example: string, secretName = "alertmanager-receivers") =>
  z.union([secretRef, z.string()]).superRefine((value, ctx) => {
    if (typeof value === "string") {
      ctx.addIssue({
        code: "custom",
        message: `is a credential written in plain text; reference a Secret instead, e.g. { secret: { name: "${secretName}", key: "${example}" } }, and deliver the Secret with SOPS, SealedSecrets, ExternalSecrets or kubectl`,
        params: { redact: true },
      });
    }
  }) as unknown as z.ZodType<SecretRef, SecretRef>;
