// A thin layer over @grafana/grafana-foundation-sdk: vigil's dashboards are specs (rows of panels
// with PromQL or LogsQL queries and the scrape jobs they need); this turns them into dashboard
// JSON with the cluster variable, datasource UIDs, links to the other vigil dashboards, a grid
// layout and unique panel ids. Panels whose jobs are not scraped are left out.
import { DashboardBuilder, DashboardLinkBuilder, QueryVariableBuilder, RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as logs from "@grafana/grafana-foundation-sdk/logs";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { VizLegendOptionsBuilder } from "@grafana/grafana-foundation-sdk/common";
import type { Builder, Dataquery } from "@grafana/grafana-foundation-sdk/cog";
import type { Stack } from "../model/stack.js";

/** The datasources vigil provisions, by fixed UID (components/*.ts register them). */
export const DATASOURCES = {
  metrics: { type: "prometheus", uid: "victoriametrics" },
  logs: { type: "victoriametrics-logs-datasource", uid: "victorialogs" },
  loki: { type: "loki", uid: "loki" },
} as const;
export type DatasourceKey = keyof typeof DATASOURCES;

export const DASHBOARD_TAG = "vigil";

export interface QuerySpec {
  expr: string;
  legend?: string;
  /** Table and stat panels read one value per series. */
  instant?: boolean;
}

export interface PanelSpec {
  // Queries are PromQL, LogsQL (datasource "logs") or LogQL (datasource "loki").
  title: string;
  kind: "timeseries" | "stat" | "table" | "logs";
  queries: QuerySpec[];
  description?: string;
  unit?: string;
  datasource?: DatasourceKey;
  /** Scrape jobs the queries need; the panel is left out when one is not scraped. */
  needs?: string[];
  /** Metrics that only some configurations deliver (e.g. Flux's gotk_resource_info): left out without them. */
  needsMetrics?: string[];
  /** Columns of 24 (default 12, stats 6, logs 24). */
  width?: number;
  max?: number;
  stack?: boolean;
  /** Data only on hardware with these sensors (e.g. temperatures): the end-to-end test says so. */
  hardwareDependent?: boolean;
  /** Left out of stacks where its data cannot exist (e.g. volume stats on local-path volumes). */
  when?: (stack: Stack) => boolean;
}

export interface VariableSpec {
  name: string;
  label: string;
  query: string;
  multi?: boolean;
  includeAll?: boolean;
  datasource?: DatasourceKey;
}

export interface DashboardSpec {
  uid: string;
  title: string;
  folder: string;
  description: string;
  variables: VariableSpec[];
  rows: { title: string; panels: PanelSpec[] }[];
  /** Only for stacks it is made for (e.g. the Logs dashboard of one log store); others never see it. */
  when?: (stack: Stack) => boolean;
}

/** The spec as it applies to a stack: its panels for that stack, or undefined when it is not for it. */
export function specFor(spec: DashboardSpec, stack: Stack): DashboardSpec | undefined {
  if (spec.when && !spec.when(stack)) return undefined;
  return { ...spec, rows: spec.rows.map((r) => ({ ...r, panels: r.panels.filter((p) => !p.when || p.when(stack)) })) };
}

/** Every vigil dashboard starts with the cluster: one cluster or many, the same dashboards. */
export const CLUSTER_VARIABLE: VariableSpec = { name: "cluster", label: "Cluster", query: "label_values(up, cluster)" };

/** A dataquery of the VictoriaLogs datasource plugin (no model of it in the SDK). */
class LogsQueryBuilder implements Builder<Dataquery> {
  constructor(private readonly q: { refId: string; expr: string; queryType: "instant" | "range"; legendFormat?: string }) {}
  build(): Dataquery {
    return { ...this.q } as unknown as Dataquery;
  }
}

const refIds = "ABCDEFGHIJ";

function target(p: PanelSpec, q: QuerySpec, i: number): Builder<Dataquery> {
  if ((p.datasource ?? "metrics") === "logs" || p.datasource === "loki") {
    return new LogsQueryBuilder({ refId: refIds[i]!, expr: q.expr, queryType: p.kind === "logs" ? "instant" : "range", ...(q.legend ? { legendFormat: q.legend } : {}) });
  }
  const b = new prometheus.DataqueryBuilder().refId(refIds[i]!).expr(q.expr);
  if (q.legend) b.legendFormat(q.legend);
  if (q.instant || p.kind === "table") b.instant();
  else b.range();
  return b;
}

function panel(p: PanelSpec, id: number, gridPos: { x: number; y: number; w: number; h: number }) {
  const ds = DATASOURCES[p.datasource ?? "metrics"];
  const common = <T extends { id(n: number): T; title(t: string): T; datasource(d: any): T; gridPos(g: any): T; withTarget(t: any): T; description(d: string): T }>(b: T): T => {
    b.id(id).title(p.title).datasource(ds).gridPos(gridPos);
    if (p.description) b.description(p.description);
    p.queries.forEach((q, i) => b.withTarget(target(p, q, i)));
    return b;
  };
  switch (p.kind) {
    case "timeseries": {
      const b = common(new timeseries.PanelBuilder()).legend(new VizLegendOptionsBuilder().showLegend(true).displayMode("list" as any).placement("bottom" as any)).fillOpacity(10);
      if (p.unit) b.unit(p.unit);
      if (p.max !== undefined) b.max(p.max).min(0);
      if (p.stack) b.stacking({ build: () => ({ mode: "normal" }) } as any);
      return b.build();
    }
    case "stat": {
      const b = common(new stat.PanelBuilder());
      if (p.unit) b.unit(p.unit);
      return b.build();
    }
    case "table": {
      const b = common(new table.PanelBuilder());
      if (p.unit) b.unit(p.unit);
      return b.build();
    }
    case "logs":
      return common(new logs.PanelBuilder()).showTime(true).wrapLogMessage(true).build();
  }
}

const defaultWidth = (p: PanelSpec) => p.width ?? (p.kind === "stat" ? 6 : p.kind === "logs" ? 24 : 12);
const height = (p: PanelSpec) => (p.kind === "stat" ? 4 : p.kind === "logs" ? 14 : 8);

/** Leaves out the panels whose jobs are not scraped (or metrics not delivered), and rows left empty. */
export function applicableRows(spec: DashboardSpec, scrapedJobs: ReadonlySet<string>, catalog?: ReadonlySet<string>) {
  return spec.rows
    .map((r) => ({ ...r, panels: r.panels.filter((p) => (p.needs ?? []).every((j) => scrapedJobs.has(j)) && (p.needsMetrics ?? []).every((m) => catalog?.has(m) ?? true)) }))
    .filter((r) => r.panels.length > 0);
}

/** The dashboard model as Grafana's JSON, or undefined when nothing of it applies. */
export function buildDashboard(spec: DashboardSpec, scrapedJobs: ReadonlySet<string>, catalog?: ReadonlySet<string>): Record<string, unknown> | undefined {
  const rows = applicableRows(spec, scrapedJobs, catalog);
  if (rows.length === 0) return undefined;
  const b = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([DASHBOARD_TAG])
    .editable()
    .refresh("1m")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .link(new DashboardLinkBuilder("vigil dashboards").type("dashboards" as any).tags([DASHBOARD_TAG]).asDropdown(true).includeVars(true).keepTime(true));
  for (const v of [CLUSTER_VARIABLE, ...spec.variables]) {
    const vb = new QueryVariableBuilder(v.name).label(v.label).datasource(DATASOURCES[v.datasource ?? "metrics"]).query(v.query).refresh(2 as any).sort(1 as any);
    if (v.multi) vb.multi(true);
    if (v.includeAll) vb.includeAll(true).allValue(".*");
    b.withVariable(vb);
  }
  let id = 1;
  let y = 0;
  for (const row of rows) {
    b.withRow(new RowBuilder(row.title).id(id++).gridPos({ x: 0, y, w: 24, h: 1 }));
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const p of row.panels) {
      const w = defaultWidth(p);
      if (x + w > 24) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      const built = panel(p, id++, { x, y, w, h: height(p) });
      b.withPanel({ build: () => built } as any);
      x += w;
      rowHeight = Math.max(rowHeight, height(p));
    }
    y += rowHeight;
  }
  return b.build() as unknown as Record<string, unknown>;
}
