// The rule library: every group, in order. A group runs when alerting.groups.<key> is on; an alert
// runs when its jobs are scraped (and it is not in alerting.disabledRules).
import type { GroupDef, RuleContext } from "./types.js";
import { nodeRules } from "./node.js";
import { workloadRules } from "./workloads.js";
import { controlPlaneRules } from "./control-plane.js";
import { stackRules } from "./stack.js";
import { fleetRules } from "./fleet.js";
import { argocdRules, certManagerRules, coreDnsRules, fluxRules, longhornRules, traefikRules } from "./optional.js";

export function ruleLibrary(ctx: RuleContext): GroupDef[] {
  return [stackRules(ctx), nodeRules(ctx), workloadRules(ctx), controlPlaneRules(), coreDnsRules(), certManagerRules(), fluxRules(), argocdRules(), traefikRules(), longhornRules(), fleetRules(ctx)];
}

export type { AlertDef, GroupDef, RuleContext } from "./types.js";
