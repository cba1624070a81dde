// vigil upgrade: the newest chart releases vigil supports, from the charts' repositories (a Helm
// repository's index.yaml, or an OCI registry's tags), and with --write their pins in vigil.yaml
// (versions.charts), each with the comment Renovate's regex manager reads (docs/upgrade.md).
import { defineCommand } from "citty";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isScalar, parse, parseDocument, type Scalar, type YAMLMap } from "yaml";
import { compareVersions, isSupported, KNOWN_CHARTS, parseVersion, supportedRange } from "../model/chart-versions.js";
import type { ChartRef } from "../model/versions.js";
import { formatTable } from "./table.js";
import { EXIT, type Io } from "./io.js";
import { configArg, formatData, loadOrReport, outputArgs, outputFormat } from "./shared.js";

/** The comment above each pin, for Renovate's regex manager (docs/upgrade.md). */
export function renovateComment(c: ChartRef): string {
  // An OCI chart is an image to Renovate (the docker datasource, named by its full reference);
  // a Helm repository's chart is named in its repository.
  if (!c.repository.startsWith("oci://")) return ` renovate: datasource=helm depName=${c.chart} registryUrl=${c.repository}`;
  return ` renovate: datasource=docker depName=${c.repository.replace(/^oci:\/\//, "").replace(/\/$/, "")}/${c.chart}`;
}

/** The released versions of a chart: its repository's index.yaml, or its OCI repository's tags (anonymous pull token). */
async function releasedVersions(chart: ChartRef, indexDir: string | undefined): Promise<string[]> {
  if (indexDir) {
    const file = join(indexDir, `${chart.chart}.yaml`);
    if (!existsSync(file)) throw new Error(`no ${chart.chart}.yaml in ${indexDir}`);
    return versionsOfIndex(parse(readFileSync(file, "utf8")), chart.chart);
  }
  if (chart.repository.startsWith("oci://")) {
    const [host, ...path] = chart.repository.replace(/^oci:\/\//, "").replace(/\/$/, "").split("/");
    const repo = [...path, chart.chart].join("/");
    const token = (await (await fetch(`https://${host}/token?scope=repository:${repo}:pull`)).json()) as { token?: string };
    const tags = await fetch(`https://${host}/v2/${repo}/tags/list?n=1000`, { headers: token.token ? { authorization: `Bearer ${token.token}` } : {} });
    if (!tags.ok) throw new Error(`${host} answered ${tags.status} for the tags of ${repo}`);
    return ((await tags.json()) as { tags?: string[] }).tags ?? [];
  }
  const index = await fetch(`${chart.repository.replace(/\/$/, "")}/index.yaml`);
  if (!index.ok) throw new Error(`${chart.repository} answered ${index.status} for its index.yaml`);
  return versionsOfIndex(parse(await index.text()), chart.chart);
}

const versionsOfIndex = (index: { entries?: Record<string, { version: string }[]> }, chart: string) => (index.entries?.[chart] ?? []).map((e) => e.version);

const newest = (versions: string[]) => versions.filter((v) => parseVersion(v)).sort((a, b) => compareVersions(parseVersion(b)!, parseVersion(a)!))[0];

export interface UpgradeRow {
  chart: string;
  current: string;
  /** The newest release vigil supports (the pin's major.minor), if newer than current. */
  supported?: string;
  /** The newest release at all, when it is past what vigil supports. */
  beyond?: string;
  error?: string;
}

/** What each chart could move to. */
export async function upgradeRows(pins: Readonly<Record<string, string>>, indexDir?: string): Promise<UpgradeRow[]> {
  const rows: UpgradeRow[] = [];
  for (const chart of KNOWN_CHARTS.values()) {
    const current = pins[chart.chart] ?? chart.version;
    try {
      const released = await releasedVersions(chart, indexDir);
      const supported = newest(released.filter((v) => isSupported(chart, v)));
      const top = newest(released);
      rows.push({
        chart: chart.chart,
        current,
        ...(supported && compareVersions(parseVersion(supported)!, parseVersion(current)!) > 0 ? { supported } : {}),
        ...(top && !isSupported(chart, top) && compareVersions(parseVersion(top)!, parseVersion(current)!) > 0 ? { beyond: top } : {}),
      });
    } catch (e) {
      rows.push({ chart: chart.chart, current, error: (e as Error).message });
    }
  }
  return rows;
}

/** The YAML config with versions.charts set, comments and the rest kept as they are. */
export function withPins(text: string, pins: Readonly<Record<string, string>>): string {
  const doc = parseDocument(text);
  if (!doc.hasIn(["versions", "charts"])) doc.setIn(["versions", "charts"], doc.createNode({}));
  const charts = doc.getIn(["versions", "charts"], true) as YAMLMap;
  for (const [chart, version] of Object.entries(pins)) {
    let pair = charts.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === chart);
    if (!pair) {
      pair = doc.createPair(chart, version);
      charts.items.push(pair);
    } else pair.value = doc.createNode(version);
    if (!isScalar(pair.key)) pair.key = doc.createNode(pair.key);
    (pair.key as Scalar).commentBefore = renovateComment(KNOWN_CHARTS.get(chart)!);
  }
  return doc.toString({ lineWidth: 0 });
}

export const upgradeCommand = (io: Io) =>
  defineCommand({
    meta: { name: "upgrade", description: "Show the newest chart releases vigil supports, from the charts' repositories; --write pins them in vigil.yaml (versions.charts)" },
    args: {
      ...configArg,
      write: { type: "boolean", description: "Write the pins into the YAML config (versions.charts), each with its Renovate comment" },
      index: { type: "string", description: "A folder of <chart>.yaml repository indexes to read instead of the repositories (offline mirrors, tests)" },
      ...outputArgs,
    },
    async run({ args }) {
      const format = outputFormat(io, "upgrade", args);
      if (typeof format === "number") return format;
      const loaded = await loadOrReport(io, args.config);
      if (typeof loaded === "number") return loaded;
      io.progress?.("vigil upgrade: reading the charts' repositories...");
      const rows = await upgradeRows(loaded.config.versions.charts, args.index ? resolve(io.cwd, args.index) : undefined);
      if (format) io.out(formatData(format, rows));
      else {
        const table = rows.map((r) => [r.chart, r.current, r.error ? "?" : (r.supported ?? "up to date"), r.error ? `(${r.error})` : r.beyond ? `${r.beyond}: needs a newer vigil` : ""]);
        io.out(formatTable(["chart", "deployed", "newest supported", "newer, not supported"], table, { shrink: [3], width: io.columns }).join("\n"));
        io.out(`Supported: each chart's pinned major.minor (${rows.map((r) => `${r.chart} ${supportedRange(KNOWN_CHARTS.get(r.chart)!)}`).slice(0, 2).join(", ")}, ...).`);
      }
      const pins = Object.fromEntries(rows.filter((r) => r.supported).map((r) => [r.chart, r.supported!]));
      if (!Object.keys(pins).length) {
        if (!format) io.out("Every chart is at the newest release vigil supports.");
        return rows.some((r) => r.error) ? EXIT.failed : EXIT.ok;
      }
      if (!args.write) {
        if (!format) io.out(`vigil upgrade --write pins ${Object.keys(pins).length} chart(s) in the config (versions.charts).`);
        return EXIT.ok;
      }
      const file = loaded.file;
      if (!file || !/\.ya?ml$/.test(file)) {
        io.err(`vigil upgrade: ${file ?? "no config file"}: --write edits a YAML config only; add to your config:\n  versions: { charts: ${JSON.stringify(pins)} }`);
        return EXIT.failed;
      }
      const path = resolve(io.cwd, file);
      writeFileSync(path, withPins(readFileSync(path, "utf8"), { ...loaded.config.versions.charts, ...pins }));
      io.out(`vigil upgrade: pinned ${Object.entries(pins).map(([c, v]) => `${c} ${v}`).join(", ")} in ${file}; run "vigil diff" to see what changes, then "vigil build".`);
      return EXIT.ok;
    },
  });
