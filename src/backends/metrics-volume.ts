// The metrics store's volume, as both backends claim it: recorded for `vigil plan`, and a warning
// when it is NFS, which neither TSDB supports (the reason is each store's own).
import type { RenderContext } from "../components/types.js";

export function metricsVolume(ctx: RenderContext, whyNotNfs: string, count = 1) {
  const metrics = ctx.volume("metrics", count);
  if (metrics.backend === "nfs") ctx.warn(metrics.configPath, `${metrics.configPath}: "${metrics.storageClass}" is NFS; ${whyNotNfs}`);
  return metrics;
}
