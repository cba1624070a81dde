// The order folders are deployed in, computed once for every GitOps target from what each folder
// provides and needs:
// - CRDs: a chart that installs CRDs provides their API group; a folder whose objects (or whose
//   chart's rendered resources) are of that group needs it.
// - What an app sends to (Parts.order, from the components): the log agent waits for the log
//   store it ships to, Loki's ruler for the Alertmanager and metrics store it sends to, Tempo's
//   metrics generator for the metrics store.
// Flux writes the result as `dependsOn`; Argo CD as the steps of the ApplicationSet's RollingSync
// (waves: an app's wave is one past the latest wave it waits for).
import type { AppOrder, HelmRelease, KubeObject } from "../model/parts.js";

const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0]! : "");

/** A folder another waits for, and why. */
export interface Dependency {
  app: string;
  why: string;
}

/** For every folder, the folders it must wait for (sorted by name; none for most). */
export function folderDependencies(
  releases: readonly HelmRelease[],
  plainObjects: readonly { app: string; object: KubeObject }[],
  order: readonly AppOrder[] = [],
): Map<string, Dependency[]> {
  const provider = new Map<string, string>();
  for (const r of releases) for (const group of r.chart.installsCrds ?? []) provider.set(group, r.app);
  const needs = new Map<string, Set<string>>();
  const need = (app: string, group: string) => needs.set(app, (needs.get(app) ?? new Set()).add(group));
  for (const r of releases) for (const group of r.chart.needsCrds ?? []) need(r.app, group);
  for (const { app, object } of plainObjects) need(app, groupOf(object.apiVersion));

  const deps = new Map<string, Map<string, string[]>>();
  const add = (app: string, on: string, why: string) => {
    if (app === on) return;
    const mine = deps.get(app) ?? new Map<string, string[]>();
    mine.set(on, [...new Set([...(mine.get(on) ?? []), why])]);
    deps.set(app, mine);
  };
  for (const [app, groups] of needs) {
    for (const group of [...groups].sort()) {
      const on = provider.get(group);
      if (on) add(app, on, `the ${group} CRDs`);
    }
  }
  const apps = new Set([...releases.map((r) => r.app), ...plainObjects.map((o) => o.app)]);
  for (const o of order) if (apps.has(o.app) && apps.has(o.after)) add(o.app, o.after, o.why);

  const out = new Map<string, Dependency[]>();
  for (const app of [...deps.keys()].sort()) {
    out.set(app, [...deps.get(app)!].map(([on, why]) => ({ app: on, why: why.join("; ") })).sort((a, b) => a.app.localeCompare(b.app)));
  }
  deployOrder([...apps], out); // refuses a cycle before any target writes it
  return out;
}

/** Folders some other folder waits for: their objects must be ready, not only applied. */
export const awaited = (deps: Map<string, Dependency[]>) => new Set([...deps.values()].flat().map((d) => d.app));

/** The folders in an order that respects every dependency (ties by name). */
export function deployOrder(apps: readonly string[], deps: Map<string, Dependency[]>): string[] {
  const done: string[] = [];
  const visit = (app: string, path: string[]) => {
    if (done.includes(app)) return;
    if (path.includes(app)) throw new Error(`folders depend on each other: ${[...path, app].join(" → ")}`);
    for (const d of deps.get(app) ?? []) visit(d.app, [...path, app]);
    done.push(app);
  };
  for (const app of [...apps].sort()) visit(app, []);
  return done;
}

/** Each folder's wave: 0 when it waits for nothing, else one past the latest wave it waits for. */
export function deployWaves(apps: readonly string[], deps: Map<string, Dependency[]>): Map<string, number> {
  const wave = new Map<string, number>();
  for (const app of deployOrder(apps, deps)) wave.set(app, Math.max(-1, ...(deps.get(app) ?? []).map((d) => wave.get(d.app) ?? 0)) + 1);
  return wave;
}
