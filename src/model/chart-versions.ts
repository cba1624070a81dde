// Which versions of each chart vigil supports, and the version a config deploys: vigil's pin, or
// the user's (versions.charts) within the pin's major.minor. vigil's values are checked against
// the pinned chart's values.yaml and templates; a patch release keeps them, a minor one may not.
import { CHARTS, EVENT_EXPORTER_IMAGE, GRAFANA_IMAGE, VICTORIA_LOGS_IMAGE, VM_MIGRATION_IMAGES, VMAUTH_IMAGE, VMBACKUP_IMAGE, VMRESTORE_IMAGE, type ChartRef } from "./versions.js";

/** Every chart vigil deploys, by its name in its repository. */
export const KNOWN_CHARTS: ReadonlyMap<string, ChartRef> = new Map(Object.values(CHARTS).map((c) => [c.chart, c]));

type Semver = [number, number, number];

/** A release version (x.y.z, with or without "v"); undefined for a pre-release or anything else. */
export function parseVersion(v: string): Semver | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export const compareVersions = (a: Semver, b: Semver) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** The versions vigil supports for a chart: its pin's major.minor, e.g. "0.91.x". */
export function supportedRange(chart: ChartRef): string {
  const [major, minor] = parseVersion(chart.version)!;
  return `${major}.${minor}.x`;
}

/** Whether a version is a release of the pin's major.minor, not older than the pin. */
export function isSupported(chart: ChartRef, version: string): boolean {
  const v = parseVersion(version);
  const pin = parseVersion(chart.version)!;
  return v !== undefined && v[0] === pin[0] && v[1] === pin[1] && v[2] >= pin[2];
}

/** The chart as the config deploys it. */
export function chartAsConfigured(chart: ChartRef, pins: Readonly<Record<string, string>>): ChartRef {
  const version = pins[chart.chart];
  return version && isSupported(chart, version) ? { ...chart, version } : chart;
}

/** The images vigil's own objects run (not the charts'), by repository: their tags are overridable (versions.images). */
export const OWN_IMAGES: ReadonlyMap<string, string> = new Map(
  [EVENT_EXPORTER_IMAGE, GRAFANA_IMAGE, VICTORIA_LOGS_IMAGE, VMAUTH_IMAGE, VMBACKUP_IMAGE, VMRESTORE_IMAGE, VM_MIGRATION_IMAGES.victoriaMetrics, VM_MIGRATION_IMAGES.vmctl].map((ref) => {
    const at = ref.lastIndexOf(":");
    return [ref.slice(0, at), ref.slice(at + 1)] as const;
  }),
);

/** An image of vigil's with the tag the config gives its repository (versions.images), or its own. */
export function imageAsConfigured(ref: string, tags: Readonly<Record<string, string>>): string {
  const at = ref.lastIndexOf(":");
  const repo = ref.slice(0, at);
  return tags[repo] ? `${repo}:${tags[repo]}` : ref;
}
