// Reading Helm values by a dotted path ("kube-state-metrics.image.registry"), for the stages and
// checks that look into a chart's values.
import type { Values } from "./parts.js";

/** The value at a dotted path; undefined where a map on the way is missing. */
export const valueAt = (values: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((v, k) => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Values)[k] : undefined), values);
