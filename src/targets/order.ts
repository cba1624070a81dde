// The order folders are deployed in, computed once for every GitOps target from what each folder
// provides and needs: a chart that installs CRDs provides their API group; a folder whose objects
// (or whose chart's rendered resources) are of that group needs it. Flux writes the result as
// `dependsOn`; with Argo CD's ApplicationSet, which syncs every Application at once, they retry
// until the CRDs exist (SkipDryRunOnMissingResource and the retry policy).
import type { HelmRelease, KubeObject } from "../model/parts.js";

const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0]! : "");

/** For every folder, the folders it must wait for (sorted; none for most). */
export function folderDependencies(releases: readonly HelmRelease[], plainObjects: readonly { app: string; object: KubeObject }[]): Map<string, string[]> {
  const provider = new Map<string, string>();
  for (const r of releases) for (const group of r.chart.installsCrds ?? []) provider.set(group, r.app);
  const needs = new Map<string, Set<string>>();
  const need = (app: string, group: string) => needs.set(app, (needs.get(app) ?? new Set()).add(group));
  for (const r of releases) for (const group of r.chart.needsCrds ?? []) need(r.app, group);
  for (const { app, object } of plainObjects) need(app, groupOf(object.apiVersion));
  const deps = new Map<string, string[]>();
  for (const [app, groups] of needs) {
    const on = [...new Set([...groups].map((g) => provider.get(g)).filter((p): p is string => p !== undefined && p !== app))].sort();
    if (on.length) deps.set(app, on);
  }
  return deps;
}

/** Folders some other folder waits for: their objects must be ready, not only applied. */
export const awaited = (deps: Map<string, string[]>) => new Set([...deps.values()].flat());

/** The folders in an order that respects every dependency (ties by name). */
export function deployOrder(apps: readonly string[], deps: Map<string, string[]>): string[] {
  const done: string[] = [];
  const visit = (app: string, path: string[]) => {
    if (done.includes(app)) return;
    if (path.includes(app)) throw new Error(`folders depend on each other: ${[...path, app].join(" → ")}`);
    for (const d of deps.get(app) ?? []) visit(d, [...path, app]);
    done.push(app);
  };
  for (const app of [...apps].sort()) visit(app, []);
  return done;
}
