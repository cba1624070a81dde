// logs.mode cluster: the VictoriaLogs cluster watching itself. vlinsert reports, per vlstorage node
// (label addr, the -storageNode), whether it can reach it (vl_insert_remote_is_reachable, since
// v1.25.1, "for detecting temporarily unavailable vlstorage nodes"); vlselect counts its failed
// requests to each storage node (vl_select_remote_send_errors_total, which also covers the former
// single node of logs.cluster.previousSingle, which only vlselect asks); vlstorage its read-only
// state (docs victorialogs/metrics.md, app/vlstorage/netinsert and netselect). The disk of each
// vlstorage is VictoriaLogsDiskFull's (rules/stack.ts), on job vlstorage. VictoriaLogs does not
// replicate, so a vlstorage away is its share of the logs missing from every answer until it is back.
import type { AlertDef, RuleContext } from "./types.js";
import { lab, storageNodeDown, storageReadOnly, type StorageCluster } from "./storage-cluster.js";
import { VL_CLUSTER_PARTS, VL_DATA_PATH } from "../components/victoria-logs.js";

export function vlClusterRules(ctx: RuleContext): AlertDef[] {
  if (!ctx.stack.logsCluster) return [];
  const ns = ctx.stack.namespace;
  const addr = (i: number) => `vlstorage-${i}.vlstorage.${ns}.svc.cluster.local.:${VL_CLUSTER_PARTS.vlstorage.port}`;
  const vlstorage: StorageCluster = {
    storage: "vlstorage",
    prefix: "Vlstorage",
    insertJob: "vlinsert",
    storageJob: "vlstorage",
    reachable: "vl_insert_remote_is_reachable",
    readOnly: "vl_storage_is_read_only",
    dataPath: VL_DATA_PATH,
    addr,
    podSelector: "app.kubernetes.io/component=vlstorage",
    namespace: ns,
    whileAway: "New lines go to the other nodes; the lines it holds are missing from every query (vlselect answers from the others) until it is back, and lost with its volume.",
    data: "lines",
    section: "logs",
    doc: "docs/logs-cluster.md",
  };
  const sendErrors = (node: string, values: string) => [{ series: `vl_select_remote_send_errors_total{${lab(`job="vlselect", instance="q0", addr="${node}"`)}}`, values }];
  return [
    storageNodeDown(vlstorage),
    storageReadOnly(vlstorage),
    {
      alert: "VlselectStorageErrors",
      expr: `sum by (cluster, addr) (increase(vl_select_remote_send_errors_total{job="vlselect"}[5m])) > 0`,
      for: "10m",
      severity: "warning",
      summary: "vlselect's queries to storage node {{ $labels.addr }} fail",
      description:
        "For 10 minutes vlselect's requests to this storage node (a vlstorage, or the former single node) have failed: queries answer without its lines (partial responses are on), and the log alerts count less than there is.",
      runbook: `vlselect's log (\`kubectl -n ${ns} logs deploy/vlselect\`) and the node's pod: \`kubectl -n ${ns} get pods -l app.kubernetes.io/component=vlstorage -o wide\` (or deploy/victoria-logs-previous). docs/logs-cluster.md.`,
      needs: ["vlselect"],
      test: {
        firing: { series: sendErrors(addr(1), "0+3x40"), at: "30m", labels: { addr: addr(1), cluster: "lab" } },
        healthy: { series: sendErrors(addr(1), "2x40"), at: "30m" },
      },
    },
  ];
}
