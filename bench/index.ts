// `npm run bench`: the default one-node tree scraped for real (bench/stack-run.ts): briefly with
// everything kept, to count its series, then as generated for a few minutes. Prints series per job,
// samples per second, disk bytes per sample, and each process's steady and peak RSS against the
// small profile's request and limit. A benchmark, not a test: it asserts nothing and prints figures
// to rerun and compare (docs/resources.md records them). BENCH_SECONDS sets the duration (180).
import { readFileSync } from "node:fs";
import { generate } from "../src/pipeline.js";
import { parseConfig } from "../src/config/parse.js";
import { PROFILE_RESOURCES, type ContainerId } from "../src/model/resources.js";
import { REFERENCE_DIR } from "../test/helpers.js";
import { sleep } from "../test/processes.js";
import { perJob, seriesByJobAndName, settle, startStack } from "./stack-run.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 180);
const INTERVAL = 10;

/** The profile's container of each process run here. */
const CONTAINER: Record<string, ContainerId> = {
  "victoria-metrics": "vmsingle",
  "vmagent-lean": "vmagent",
  vmalert: "vmalert",
  alertmanager: "alertmanager",
  "node-exporter": "node-exporter",
};

const config = (input: unknown) => {
  const r = parseConfig(input);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("\n"));
  return r.config;
};

/** Resident memory of a process, MiB: now and its peak (VmRSS, VmHWM). */
function rss(pid: number): { now: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { now: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

/** A counter or gauge of VictoriaMetrics' own /metrics, summed over its series. */
async function vmMetric(vm: string, name: string): Promise<number> {
  const text = await (await fetch(`${vm}/metrics`)).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.trim().split(/\s+/).at(-1)), 0);
}

const mebi = (q: string) => (q.endsWith("Gi") ? Number.parseFloat(q) * 1024 : Number.parseFloat(q));

const lean = await generate(config({ cluster: { name: "lab" } }), { source: "bench" });
const full = await generate(config({ cluster: { name: "lab" }, scrape: { keepAll: true } }), { source: "bench" });

// First everything kept, briefly: only to count its series.
const before = await startStack([{ name: "full", gen: full }], REFERENCE_DIR, INTERVAL);
let fullSeries: Map<string, number>;
try {
  await settle(before.vm, ["full"], INTERVAL * 2);
  fullSeries = perJob(await seriesByJobAndName(before.vm, "full"));
} finally {
  await before.close();
}

// Then the tree as generated, alone, for the whole run: its processes' memory is the default stack's.
const stack = await startStack([{ name: "lean", gen: lean }], REFERENCE_DIR, INTERVAL);
try {
  console.log(`Scraping the default tree every ${INTERVAL}s for ${SECONDS}s (not scraped here, no process or dump: ${stack.unscraped.join(", ")})...`);
  await settle(stack.vm, ["lean"], 0);
  const samples: Record<string, number[]> = {};
  const rowsAt = async () => ({ t: Date.now(), rows: await vmMetric(stack.vm, "vm_rows_inserted_total") });
  const start = await rowsAt();
  for (let t = 0; t < SECONDS; t += 5) {
    for (const [name, pid] of Object.entries(stack.pids)) {
      const r = rss(pid);
      if (r) (samples[name] ??= []).push(r.now);
    }
    await sleep(5000);
  }
  const end = await rowsAt();
  await fetch(`${stack.vm}/internal/force_flush`);
  await sleep(2000);
  const leanSeries = perJob(await seriesByJobAndName(stack.vm, "lean"));
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  console.log("\nSeries per job: everything kept (scrape.keepAll) -> as generated (keep lists)");
  for (const job of [...fullSeries.keys()].sort()) console.log(`  ${job.padEnd(24)} ${String(fullSeries.get(job)).padStart(6)} -> ${String(leanSeries.get(job) ?? 0).padStart(5)}`);
  console.log(`  ${"total".padEnd(24)} ${String(total(fullSeries)).padStart(6)} -> ${String(total(leanSeries)).padStart(5)}`);

  const rate = (end.rows - start.rows) / ((end.t - start.t) / 1000);
  console.log(`\nIngestion: ${rate.toFixed(1)} samples/s at a ${INTERVAL}s interval (${((rate * INTERVAL) / 30).toFixed(1)} samples/s at the default scrape.interval of 30s)`);
  const size = await vmMetric(stack.vm, "vm_data_size_bytes");
  const rows = await vmMetric(stack.vm, "vm_rows");
  console.log(`Disk: ${(size / 1024 / 1024).toFixed(2)} MiB for ${rows} samples, ${(size / Math.max(rows, 1)).toFixed(2)} bytes per sample (after ${SECONDS}s; it falls as parts merge)`);

  console.log("\nMemory (RSS, MiB) against the small profile:");
  console.log(`  ${"process".padEnd(18)} ${"steady".padStart(7)} ${"peak".padStart(7)} ${"request".padStart(8)} ${"limit".padStart(7)}`);
  for (const [name, values] of Object.entries(samples)) {
    const id = CONTAINER[name];
    if (!id) continue;
    const second = values.slice(Math.floor(values.length / 2)).sort((a, b) => a - b);
    const steady = second[Math.floor(second.length / 2)] ?? 0;
    const peak = rss(stack.pids[name]!)?.peak ?? Math.max(...values);
    const r = PROFILE_RESOURCES.small[id];
    const flag = steady > mebi(r.requests.memory) ? "  steady above request" : peak > mebi(r.limits.memory) ? "  peak above limit" : "";
    console.log(`  ${name.padEnd(18)} ${steady.toFixed(1).padStart(7)} ${peak.toFixed(1).padStart(7)} ${r.requests.memory.padStart(8)} ${r.limits.memory.padStart(7)}${flag}`);
  }
} finally {
  await stack.close();
}
