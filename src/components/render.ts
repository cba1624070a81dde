// Runs every enabled component over the stack and collects their parts.
import type { Stack } from "../model/stack.js";
import type { Component, Parts, RenderContext, Values } from "./types.js";
import { COMPONENTS } from "./index.js";

const isPlainObject = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

/** Deep merge for Helm values: maps merge, everything else (lists included) is replaced. */
export function mergeValues(target: Values, source: Values): Values {
  const out: Values = { ...target };
  for (const [k, v] of Object.entries(source)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergeValues(out[k] as Values, v) : v;
  }
  return out;
}

export function renderComponents(stack: Stack, components: Component[] = COMPONENTS): Parts {
  const parts: Parts = { releases: [], objects: [], containers: [], volumes: [], datasources: [], scrapes: [], skipped: [], nodeFiles: [], secrets: [], flows: [], order: [], ruleGroups: [], dashboards: [], diagnostics: [], notes: [], images: [] };
  const pending: { app: string; values: Values; by: string }[] = [];
  let current = "";
  const ctx: RenderContext = {
    stack,
    release(app, chart, values) {
      if (parts.releases.some((r) => r.app === app)) throw new Error(`${current}: app "${app}" already has a release`);
      parts.releases.push({ app, chart, values });
    },
    values(app, values) {
      pending.push({ app, values, by: current });
    },
    object(app, object) {
      parts.objects.push({ app, object });
    },
    resources(id, where) {
      const resources = stack.resources(id);
      parts.containers.push({ id, component: current, workload: where.workload, perNode: where.perNode ?? false, replicas: where.replicas ?? 1, resources });
      return resources;
    },
    volume(volume, count = 1) {
      const v = stack.storage[volume];
      parts.volumes.push({ volume, component: current, size: v.size, storageClass: v.storageClass, volumeStats: v.volumeStats, count });
      return v;
    },
    datasource(ds) {
      parts.datasources.push(ds);
    },
    scrape(job) {
      parts.scrapes.push({ ...job, component: current });
    },
    skip(job, reason) {
      parts.skipped.push({ job, reason });
    },
    nodeFile(file) {
      parts.nodeFiles.push(file);
    },
    secret(secret) {
      const known = parts.secrets.find((s) => s.name === secret.name);
      if (!known) {
        parts.secrets.push({ ...secret, keys: [...new Set(secret.keys)].sort() });
        parts.secrets.sort((a, b) => a.name.localeCompare(b.name));
      } else {
        known.keys = [...new Set([...known.keys, ...secret.keys])].sort();
        if (secret.known) known.known = { ...known.known, ...secret.known };
        if (!known.purpose.includes(secret.purpose)) known.purpose += `; ${secret.purpose}`;
      }
    },
    allow(role, to, why) {
      const from = role === "scraper" || role === "query" || role === "write" || role === "ruler" ? stack.services[role].pods : role;
      const port = "targetPort" in to ? to.targetPort : to.port;
      const known = parts.flows.find((f) => f.from === from && f.to === to.pods && f.port === port);
      if (!known) parts.flows.push({ from, to: to.pods, port, why });
      else if (!known.why.includes(why)) known.why += `; ${why}`;
    },
    after(app, after, why) {
      if (app === after) return;
      const known = parts.order.find((o) => o.app === app && o.after === after);
      if (!known) parts.order.push({ app, after, why });
      else if (!known.why.includes(why)) known.why += `; ${why}`;
    },
    ruleGroup(group) {
      parts.ruleGroups.push({ ...group, component: current });
    },
    dashboard(dashboard) {
      parts.dashboards.push({ ...dashboard, component: current });
    },
    warn(path, message) {
      parts.diagnostics.push({ severity: "warning", path, message });
    },
    error(path, message) {
      parts.diagnostics.push({ severity: "error", path, message });
    },
    note(text) {
      parts.notes.push(text);
    },
  };
  const enabled = components.filter((c) => c.enabledWhen(stack));
  for (const c of enabled) {
    current = c.name;
    c.render(ctx);
  }
  for (const c of enabled) {
    current = c.name;
    c.assemble?.(ctx, parts);
  }
  for (const p of pending) {
    const release = parts.releases.find((r) => r.app === p.app);
    if (!release) throw new Error(`${p.by}: no release for app "${p.app}" (is its component enabled?)`);
    release.values = mergeValues(release.values, p.values);
  }
  return parts;
}
