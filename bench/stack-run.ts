// The stack's scrapes run for real on 127.0.0.1: vigil's scrape jobs of a generated tree, each
// pointed at a real process (node-exporter, VictoriaMetrics, vmagent, vmalert, Alertmanager) or at
// a reference /metrics dump served over HTTP (kube-state-metrics, cAdvisor, probes, and on K3s the
// kubelet endpoint that carries the apiserver, controller-manager, scheduler and kube-proxy), with
// the job's own metric relabel rules, scraped by a real vmagent that remote-writes into a real
// victoria-metrics. Used by test/lean.test.ts (series per job, and that keeping what is used loses
// nothing a rule or a panel reads) and by `npm run bench` (bench/index.ts: also rates, disk, RSS).
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import type { Generated } from "../src/pipeline.js";
import type { RelabelRule } from "../src/scrape/relabel.js";
import { prometheusRuleFile } from "../src/checks/tool-tests.js";
import { freePort, sleep, stop, waitFor } from "../test/processes.js";


/** The reference dumps a kubelet endpoint serves, by path; on K3s /metrics also carries the control plane. */
const KUBELET_DUMPS: Record<string, string[]> = {
  "/metrics": ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy"],
  "/metrics/cadvisor": ["kubelet-cadvisor"],
  "/metrics/probes": ["kubelet-probes"],
};
const DUMPS: Record<string, string[]> = { "kube-state-metrics": ["kube-state-metrics"] };

const snake = (r: RelabelRule) => ({
  ...(r.action ? { action: r.action } : {}),
  ...(r.sourceLabels ? { source_labels: r.sourceLabels } : {}),
  ...(r.targetLabel ? { target_label: r.targetLabel } : {}),
  ...(r.regex !== undefined ? { regex: r.regex } : {}),
  ...(r.replacement !== undefined ? { replacement: r.replacement } : {}),
});

export interface Variant {
  /** Label of its series (variant="..."), so that two trees can share one store. */
  name: string;
  gen: Generated;
}

export interface RunningStack {
  vm: string;
  /** Jobs that had no source here, and so were not scraped. */
  unscraped: string[];
  pids: Record<string, number>;
  dataDir: string;
  close(): Promise<void>;
}

/** Dumps of one HTTP server each; several dumps concatenated (one process serving several components). */
async function serveDumps(servers: Server[], referenceDir: string, names: string[]): Promise<string> {
  const text = names.map((n) => readFileSync(join(referenceDir, "metrics", `${n}.prom`), "utf8")).join("\n");
  const port = await freePort();
  servers.push(createServer((_, res) => res.end(text)).listen(port, "127.0.0.1"));
  return `127.0.0.1:${port}`;
}

/**
 * Starts victoria-metrics, the stack's own processes and one vmagent per variant scraping the
 * variant's jobs every `interval` seconds.
 */
export async function startStack(variants: Variant[], referenceDir: string, interval = 2): Promise<RunningStack> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-stack-"));
  const procs: ChildProcess[] = [];
  const servers: Server[] = [];
  const pids: Record<string, number> = {};
  const start = (name: string, cmd: string, args: string[]) => {
    const p = spawn(cmd, args, { stdio: "ignore" });
    procs.push(p);
    if (p.pid) pids[name] = p.pid;
    return p;
  };
  const vmPort = await freePort();
  const vm = `http://127.0.0.1:${vmPort}`;
  start("victoria-metrics", "victoria-metrics", [`-httpListenAddr=127.0.0.1:${vmPort}`, `-storageDataPath=${join(dir, "vm")}`, "-retentionPeriod=1d", "-search.latencyOffset=1s"]);
  const nePort = await freePort();
  start("node-exporter", "prometheus-node-exporter", [`--web.listen-address=127.0.0.1:${nePort}`, "--no-collector.systemd"]);
  const amPort = await freePort();
  start("alertmanager", "prometheus-alertmanager", [`--web.listen-address=127.0.0.1:${amPort}`, `--storage.path=${join(dir, "am")}`, `--config.file=${writeConfig(dir, "am.yaml", { route: { receiver: "none" }, receivers: [{ name: "none" }] })}`, "--cluster.listen-address="]);
  // vmalert evaluates the first tree's own rules against the store, as in the cluster.
  const vmalertPort = await freePort();
  const rules = join(dir, "rules.yaml");
  writeFileSync(rules, prometheusRuleFile(variants[0]!.gen.parts));
  start("vmalert", "vmalert", [`-httpListenAddr=127.0.0.1:${vmalertPort}`, `-rule=${rules}`, `-datasource.url=${vm}`, `-remoteWrite.url=${vm}`, `-notifier.url=http://127.0.0.1:${amPort}`, "-evaluationInterval=30s"]);
  const agentPorts = await Promise.all(variants.map(() => freePort()));
  const own: Record<string, string> = {
    "node-exporter": `127.0.0.1:${nePort}`,
    victoriametrics: `127.0.0.1:${vmPort}`,
    alertmanager: `127.0.0.1:${amPort}`,
    vmalert: `127.0.0.1:${vmalertPort}`,
  };
  const unscraped = new Set<string>();
  for (const [i, v] of variants.entries()) {
    const configs: Record<string, unknown>[] = [];
    for (const s of v.gen.parts.scrapes) {
      for (const [k, e] of (s.scrape?.endpoints ?? []).entries()) {
        const dumps = s.job === "kubelet" ? KUBELET_DUMPS[e.path] : DUMPS[s.job];
        const address = s.job === "vmagent" ? `127.0.0.1:${agentPorts[i]}` : own[s.job] ?? (dumps ? await serveDumps(servers, referenceDir, dumps) : undefined);
        if (!address) {
          unscraped.add(s.job);
          continue;
        }
        configs.push({
          job_name: `${s.job}-${e.path.replace(/\W/g, "")}-${k}`,
          metrics_path: s.job in own || s.job === "vmagent" ? "/metrics" : "/",
          static_configs: [{ targets: [address], labels: { node: "lab-node" } }],
          relabel_configs: [{ target_label: "job", replacement: s.job }, { target_label: "instance", replacement: "lab-node" }, ...(e.targetLabels ? Object.entries(e.targetLabels).map(([l, val]) => ({ target_label: l, replacement: val })) : [])],
          metric_relabel_configs: (e.metricRelabel ?? []).map(snake),
        });
      }
    }
    const file = writeConfig(dir, `scrape-${v.name}.yaml`, { global: { scrape_interval: `${interval}s` }, scrape_configs: configs });
    start(`vmagent-${v.name}`, "vmagent", [
      `-httpListenAddr=127.0.0.1:${agentPorts[i]}`,
      `-promscrape.config=${file}`,
      `-remoteWrite.url=${vm}/api/v1/write`,
      "-remoteWrite.label=cluster=lab",
      `-remoteWrite.label=variant=${v.name}`,
      `-remoteWrite.tmpDataPath=${join(dir, `queue-${v.name}`)}`,
      "-remoteWrite.flushInterval=1s",
      "-promscrape.config.strictParse=false",
    ]);
  }
  if (!(await waitFor(async () => (await fetch(`${vm}/health`)).ok, 30))) throw new Error("victoria-metrics did not start");
  return {
    vm,
    unscraped: [...unscraped].sort(),
    pids,
    dataDir: join(dir, "vm"),
    async close() {
      await Promise.all(procs.map(stop));
      for (const s of servers) s.close();
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

function writeConfig(dir: string, name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, stringify(content));
  return file;
}

/** Series per (job, metric name) of a variant, as stored. */
export async function seriesByJobAndName(vm: string, variant: string): Promise<Map<string, number>> {
  await fetch(`${vm}/internal/force_flush`);
  const q = `count by (job, __name__) ({variant="${variant}", __name__!=""})`;
  const r = await fetch(`${vm}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await r.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  return new Map(body.data.result.map((x) => [`${x.metric.job}\t${x.metric.__name__}`, Number(x.value[1])]));
}

/** Sums of a (job, name) map per job. */
export function perJob(series: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, n] of series) {
    const job = key.split("\t")[0]!;
    out.set(job, (out.get(job) ?? 0) + n);
  }
  return out;
}

/** Waits until every variant has stored something from every job it scrapes, plus a few more scrapes. */
export async function settle(vm: string, variants: string[], seconds: number): Promise<void> {
  await waitFor(async () => {
    for (const v of variants) {
      const r = await fetch(`${vm}/api/v1/query?query=${encodeURIComponent(`count({variant="${v}", job="kube-state-metrics"})`)}`);
      const body = (await r.json()) as { data: { result: unknown[] } };
      if (!body.data.result.length) return false;
    }
    return true;
  }, 60);
  await sleep(seconds * 1000);
}
