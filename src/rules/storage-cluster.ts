// The alerts both clustered stores share: a storage node the insert side cannot reach, and a
// storage node whose disk is full. The VictoriaMetrics cluster (rules/vm-cluster.ts) and the
// VictoriaLogs cluster (rules/vl-cluster.ts) describe their parts; the alerts and their promtool
// tests are made here once.
import type { AlertDef } from "./types.js";

export const lab = (labels: string) => `${labels}, cluster="lab"`;

export interface StorageCluster {
  /** The storage part's name and alert prefix: vmstorage / Vmstorage. */
  storage: string;
  prefix: string;
  /** Jobs of the insert and the storage parts. */
  insertJob: string;
  storageJob: string;
  /** The insert side's gauge per storage node (label addr): 1 reachable, 0 not. */
  reachable: string;
  /** The storage part's gauge: 1 while it refuses writes for lack of disk. */
  readOnly: string;
  dataPath: string;
  /** A storage node's address as the insert side names it (-storageNode). */
  addr: (i: number) => string;
  /** kubectl's label selector of the storage pods. */
  podSelector: string;
  namespace: string;
  /** What happens while one storage node is away (a sentence). */
  whileAway: string;
  /** What is written: samples, lines. */
  data: string;
  /** The config section: metrics, logs. */
  section: "metrics" | "logs";
  doc: string;
}

export function storageNodeDown(c: StorageCluster): AlertDef {
  const series = (addr: string, values: string) => ({ series: `${c.reachable}{${lab(`job="${c.insertJob}", instance="i1", addr="${addr}"`)}}`, values });
  return {
    alert: `${c.prefix}NodeDown`,
    expr: `min by (cluster, addr) (${c.reachable}{job="${c.insertJob}"}) == 0`,
    for: "5m",
    severity: "warning",
    summary: `${c.insertJob} cannot reach ${c.storage} {{ $labels.addr }}`,
    description: `A ${c.storage} node has been unreachable from ${c.insertJob} for 5 minutes. ${c.whileAway}`,
    runbook: `\`kubectl -n ${c.namespace} get pods -l ${c.podSelector} -o wide\`: a pod pending (its node down, its volume bound to that node), crash-looping (its log), or evicted. ${c.doc}.`,
    needs: [c.insertJob],
    test: {
      firing: { series: [series(c.addr(0), "1x5 0x30"), series(c.addr(1), "1x35")], at: "20m", labels: { addr: c.addr(0), cluster: "lab" } },
      healthy: { series: [series(c.addr(0), "1x5 0x2 1x30"), series(c.addr(1), "1x35")], at: "20m" },
    },
  };
}

export function storageReadOnly(c: StorageCluster): AlertDef {
  const series = (values: string) => [{ series: `${c.readOnly}{${lab(`job="${c.storageJob}", instance="s0", path="${c.dataPath}"`)}}`, values }];
  return {
    alert: `${c.prefix}ReadOnly`,
    expr: `max by (cluster, instance) (${c.readOnly}{job="${c.storageJob}"}) == 1`,
    for: "5m",
    severity: "critical",
    summary: `${c.storage} {{ $labels.instance }} is read-only: its disk is full`,
    description: `${c.storage} has less free space than -storage.minFreeDiskSpaceBytes and refuses new ${c.data}; ${c.insertJob} sends its share to the other nodes, which fill up faster.`,
    runbook: `Grow storage.${c.section}.size (if the StorageClass allows expansion), shorten retention.${c.section}, or add a ${c.storage} node (${c.section}.cluster.${c.storage}, on a node of its own).`,
    needs: [c.storageJob],
    test: {
      firing: { series: series("0x5 1x30"), at: "20m", labels: { instance: "s0", cluster: "lab" } },
      healthy: { series: series("0x35"), at: "20m" },
    },
  };
}
