// The whole pipeline in one place: config -> stack -> component parts -> GitOps layout -> checks.
// Pure up to here; writing the tree is the CLI's job (emit/write.ts).
import type { VigilConfig } from "./config/schema/index.js";
import type { Diagnostic } from "./config/diagnostics.js";
import { resolveStack, type Stack } from "./model/stack.js";
import { renderComponents } from "./components/render.js";
import type { Component, KubeObject, Parts } from "./components/types.js";
import type { GitOpsTarget, TargetOutput } from "./targets/types.js";
import { argocd } from "./targets/argocd/index.js";
import { flux } from "./targets/flux/index.js";
import { checkChartSpecs, checkSchemas, type LocatedObject } from "./checks/schema.js";
import { checkBudget, computePlan, type Plan } from "./checks/budget.js";
import { sortedTree } from "./emit/tree.js";
import { checkRuleQueries } from "./checks/promql.js";
import { checkDashboards } from "./checks/dashboards.js";
import { acceptedRules, checkSecurity } from "./checks/security.js";
import type { UserDashboard } from "./config/user-dashboards.js";
import type { RenderResult } from "./render/index.js";
import { checkRendered, renderedByRelease, selfScrapeProblems } from "./checks/rendered.js";

const TARGETS: Record<VigilConfig["gitops"]["target"], GitOpsTarget> = { argocd, flux };

export interface Generated {
  stack: Stack;
  parts: Parts;
  output: TargetOutput;
  plan: Plan;
  /** Errors and warnings of every check; any error means nothing may be written. */
  diagnostics: Diagnostic[];
  /** The charts as Helm rendered them, when `withRender` was given a render. */
  render?: RenderResult;
}

/** Kubernetes objects a chart renders verbatim from its values (`extraObjects`). */
function objectsInValues(output: TargetOutput): LocatedObject[] {
  return output.releases.flatMap((r) => {
    const extra = r.values.extraObjects;
    return Array.isArray(extra) ? extra.map((object, i) => ({ file: r.file, object: object as KubeObject, at: `${r.chart}.extraObjects[${i}]` })) : [];
  });
}

export async function generate(config: VigilConfig, options: { source: string; components?: Component[]; userDashboards?: UserDashboard[] }): Promise<Generated> {
  const target = TARGETS[config.gitops.target];
  const stack = resolveStack(config, target);
  const parts = renderComponents(stack, options.components);
  // The user's own dashboards join vigil's (read by the CLI: src/config/user-dashboards.ts).
  if (stack.enabled.grafana) {
    for (const d of options.userDashboards ?? []) {
      parts.dashboards.push({ uid: String(d.json.uid), title: String(d.json.title ?? d.json.uid), folder: config.grafana.dashboards?.grafanaFolder ?? "Homelab", component: "user", json: d.json, fromUser: d.file });
    }
  }
  const output = target.layout(stack, parts, options.source);
  output.files = sortedTree(output.files);
  const plan = computePlan(stack, parts);
  return { stack, parts, output, plan, diagnostics: await verify(stack, parts, output, plan) };
}

/**
 * Every check of a generated tree. With a render of its charts (`vigil check --render`), the
 * charts' pods, roles, Services and scrapes are checked as Helm rendered them; without, from
 * vigil's tables of what each chart renders.
 */
async function verify(stack: Stack, parts: Parts, output: TargetOutput, plan: Plan, render?: RenderResult): Promise<Diagnostic[]> {
  const located = [...output.objects, ...objectsInValues(output)];
  const rendered = render ? renderedByRelease(render) : undefined;
  return [
    ...parts.diagnostics,
    ...output.problems.map((message) => ({ severity: "error" as const, path: "", message })),
    ...(await checkSchemas(located)),
    ...checkChartSpecs(output.releases),
    ...checkRuleQueries(parts, stack.config.metrics.backend),
    ...checkDashboards(parts, stack.config.metrics.backend),
    ...checkBudget(stack, plan),
    ...checkSecurity({ objects: located, releases: output.releases, namespace: stack.namespace, rendered }, acceptedRules(stack.config)),
    ...selfScrapeProblems(output.objects),
    ...(render ? checkRendered(stack, parts, output, render) : []),
  ];
}

/** The generated tree checked again, with its charts as Helm rendered them. */
export async function withRender(gen: Generated, render: RenderResult): Promise<Generated> {
  return { ...gen, render, diagnostics: await verify(gen.stack, gen.parts, gen.output, gen.plan, render) };
}
