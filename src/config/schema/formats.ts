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
