// A scrape of one of the stack's own parts: a plain-HTTP /metrics endpoint in the stack's namespace,
// by Service or (DaemonSets) by pod, with the flow from the scraper that the NetworkPolicies allow.
import type { RenderContext } from "../components/types.js";
import type { PodKey } from "../model/stack.js";
import { podScrape, serviceScrape, type SelectorExpression } from "./scrape.js";
import type { RelabelRule } from "./relabel.js";

/**
 * A plain-HTTP /metrics endpoint of the stack in its own namespace, by Service or (DaemonSets) by
 * pod. The charts' Services carry their pods' selector labels, so stack.pods selects both.
 */
export function stackScrape(
  ctx: RenderContext,
  s: { job: string; by: "service" | "pod"; pods: PodKey; port: number; portName: string; selector: Record<string, string>; selectorExpressions?: SelectorExpression[]; where: string; per: "cluster" | "node"; seriesPerTarget: number; metrics: readonly string[]; targetRelabel?: RelabelRule[] },
) {
  const { stack } = ctx;
  ctx.allow("scraper", { pods: s.pods, port: s.port }, "scrape");
  const endpoint = {
    port: s.port,
    path: "/metrics",
    scheme: "http" as const,
    namespace: stack.namespace,
    selector: s.selector,
    ...(s.selectorExpressions ? { selectorExpressions: s.selectorExpressions } : {}),
    portName: s.portName,
    ...(s.targetRelabel ? { targetRelabel: s.targetRelabel } : {}),
  };
  ctx.scrape({
    job: s.job,
    pods: s.pods,
    scrape: (s.by === "service" ? serviceScrape : podScrape)(s.job, endpoint),
    metrics: s.metrics,
    target: { where: s.where, port: s.port, path: "/metrics", scheme: "http" },
    per: s.per,
    seriesPerTarget: s.seriesPerTarget,
  });
}

