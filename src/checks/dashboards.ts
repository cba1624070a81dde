// Checks of every dashboard vigil generates: each PromQL query parses (Grafana's macros and
// variables replaced first), uses only metrics an enabled scrape job delivers, every variable it
// uses is defined, every datasource UID is provisioned, and UIDs and panel ids are unique.
import type { Parts, ScrapeJob } from "../model/parts.js";
import type { Diagnostic } from "../config/diagnostics.js";
import { catalogOf, experimentalProblem, parsePromQL, substituteGrafanaMacros } from "./promql.js";
import { logqlErrors } from "./logql.js";

/** Variables Grafana defines itself. */
const BUILTIN = new Set(["__rate_interval", "__interval", "__interval_ms", "__range", "__range_s", "__range_ms", "__from", "__to", "__dashboard", "__name", "__org", "__user", "timeFilter"]);

export function variablesUsed(text: string): string[] {
  return [...text.matchAll(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g)].map((m) => (m[1] ?? m[2])!);
}

/** The selector inside label_values(<selector>, label), the query of a variable. */
export function variableSelector(query: string): string | undefined {
  const m = /^\s*label_values\((.*),\s*[\w.]+\s*\)\s*$/.exec(query);
  return m?.[1];
}

interface Panel {
  id?: number;
  type: string;
  title?: string;
  datasource?: { uid?: string; type?: string };
  targets?: { expr?: string; datasource?: { uid?: string } }[];
}

export function checkDashboards(parts: Parts, backend = "victoria-metrics", remote: readonly ScrapeJob[] = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  const err = (message: string) => out.push({ severity: "error", path: "", message });
  const catalog = catalogOf(parts, remote);
  const datasources = new Map(parts.datasources.map((d) => [d.uid, d.type]));
  const uids = new Set<string>();
  for (const d of parts.dashboards) {
    const where = d.fromUser ? `${d.fromUser}: dashboard "${d.title}" (${d.uid})` : `dashboard "${d.title}" (${d.uid})`;
    // The user's dashboards may chart their own apps, which vigil's catalog does not know.
    const unknownMetric = (message: string) => out.push({ severity: d.fromUser ? "warning" : "error", path: "", message });
    if (uids.has(d.uid)) err(`${where}: uid "${d.uid}" is used by another dashboard`);
    uids.add(d.uid);
    const json = d.json as { uid?: string; templating?: { list?: { name: string; query?: string; datasource?: { uid?: string } }[] }; panels?: Panel[] };
    if (json.uid !== d.uid) err(`${where}: the model's uid "${json.uid}" differs`);
    const defined = new Set((json.templating?.list ?? []).map((v) => v.name));
    const checkExpr = (what: string, expr: string, promql: boolean, logql = false) => {
      for (const v of variablesUsed(expr)) if (!BUILTIN.has(v) && !defined.has(v)) err(`${what}: variable "$${v}" is not defined`);
      if (logql) for (const e of logqlErrors(substituteGrafanaMacros(expr))) err(`${what}: invalid LogQL, ${e}`);
      if (!promql) return;
      const parsed = parsePromQL(substituteGrafanaMacros(expr));
      for (const e of parsed.errors) err(`${what}: invalid PromQL, ${e}`);
      const experimental = experimentalProblem(backend, parsed);
      if (experimental) err(`${what}: ${experimental}`);
      for (const m of parsed.metrics) if (!catalog.has(m)) unknownMetric(`${what}: metric "${m}" is not delivered by any enabled scrape job`);
    };
    for (const v of json.templating?.list ?? []) {
      const uid = v.datasource?.uid;
      if (uid && !datasources.has(uid)) err(`${where}, variable "${v.name}": datasource "${uid}" is not provisioned`);
      const selector = v.query ? variableSelector(v.query) : undefined;
      if (v.query && !selector) err(`${where}, variable "${v.name}": query "${v.query}" is not label_values(selector, label)`);
      if (selector) checkExpr(`${where}, variable "${v.name}"`, selector, datasources.get(uid ?? "") === "prometheus");
    }
    const ids = new Set<number>();
    for (const p of json.panels ?? []) {
      const what = `${where}, panel "${p.title}"`;
      if (p.id === undefined || ids.has(p.id)) err(`${what}: panel id ${p.id} is missing or not unique`);
      else ids.add(p.id);
      if (p.type === "row") continue;
      const uid = p.datasource?.uid;
      const isVariable = uid?.startsWith("$") && defined.has(uid.replace(/^\$\{?|\}$/g, ""));
      if (!uid || (!datasources.has(uid) && !isVariable)) err(`${what}: datasource "${uid}" is not provisioned${uid?.startsWith("${DS_") ? " (a dashboard exported for sharing: replace it with a provisioned UID such as \"victoriametrics\")" : ""}`);
      if (!p.targets?.length) err(`${what}: has no query`);
      for (const t of p.targets ?? []) {
        if (t.expr === undefined) continue;
        const type = datasources.get(t.datasource?.uid ?? uid ?? "");
        checkExpr(what, t.expr, isVariable || type === "prometheus", type === "loki");
      }
    }
  }
  return out;
}
