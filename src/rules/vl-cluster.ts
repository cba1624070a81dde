// logs.mode cluster: the VictoriaLogs cluster watching itself. vlinsert reports, per vlstorage node
// (label addr, the -storageNode), whether it can reach it (vl_insert_remote_is_reachable, since
// v1.25.1, "for detecting temporarily unavailable vlstorage nodes"); vlstorage its read-only state;
// vlselect its query errors (docs victorialogs/metrics.md). The disk of each vlstorage is
// VictoriaLogsDiskFull's (rules/stack.ts), on job vlstorage. VictoriaLogs does not replicate, so a
// vlstorage away is its share of the logs missing from every answer until it is back.
import type { AlertDef, RuleContext } from "./types.js";

const lab = (labels: string) => `${labels}, cluster="lab"`;
const ADDR = (i: number) => `vlstorage-${i}.vlstorage.monitoring.svc.cluster.local.:9491`;
const reachable = (addr: string, values: string) => ({ series: `vl_insert_remote_is_reachable{${lab(`job="vlinsert", instance="i1", addr="${addr}"`)}}`, values });

export function vlClusterRules(ctx: RuleContext): AlertDef[] {
  if (!ctx.stack.logsCluster) return [];
  const selectErrors = (path: string, errors: string, requests: string) => [
    { series: `vl_http_errors_total{${lab(`job="vlselect", instance="q0", path="${path}"`)}}`, values: errors },
    { series: `vl_http_requests_total{${lab(`job="vlselect", instance="q0", path="${path}"`)}}`, values: requests },
  ];
  return [
    {
      alert: "VlstorageUnreachable",
      expr: `min by (cluster, addr) (vl_insert_remote_is_reachable{job="vlinsert"}) == 0`,
      for: "5m",
      severity: "warning",
      summary: "vlinsert cannot reach vlstorage {{ $labels.addr }}",
      description:
        "A vlstorage node has been unreachable from vlinsert for 5 minutes. New lines go to the other nodes; the lines it holds are missing from every query (vlselect answers from the others) until it is back, and lost with its volume.",
      runbook: "`kubectl -n monitoring get pods -l app.kubernetes.io/component=vlstorage -o wide`: a pod pending (its node down, its volume bound to that node), crash-looping (its log), or evicted. docs/logs-cluster.md.",
      needs: ["vlinsert"],
      test: {
        firing: { series: [reachable(ADDR(0), "1x5 0x30"), reachable(ADDR(1), "1x35")], at: "20m", labels: { addr: ADDR(0), cluster: "lab" } },
        healthy: { series: [reachable(ADDR(0), "1x5 0x2 1x30"), reachable(ADDR(1), "1x35")], at: "20m" },
      },
    },
    {
      alert: "VlstorageReadOnly",
      expr: `max by (cluster, instance) (vl_storage_is_read_only{job="vlstorage"}) == 1`,
      for: "5m",
      severity: "critical",
      summary: "vlstorage {{ $labels.instance }} is read-only: its disk is full",
      description: "vlstorage has less free space than -storage.minFreeDiskSpaceBytes and refuses new lines; vlinsert sends its share to the other nodes, which fill up faster.",
      runbook: "Grow storage.logs.size (if the StorageClass allows expansion), shorten retention.logs, or add a vlstorage node (logs.cluster.vlstorage, on a node of its own).",
      needs: ["vlstorage"],
      test: {
        firing: { series: [{ series: `vl_storage_is_read_only{${lab(`job="vlstorage", instance="s0", path="/storage"`)}}`, values: "0x5 1x30" }], at: "20m", labels: { instance: "s0", cluster: "lab" } },
        healthy: { series: [{ series: `vl_storage_is_read_only{${lab(`job="vlstorage", instance="s0", path="/storage"`)}}`, values: "0x35" }], at: "20m" },
      },
    },
    {
      alert: "VlselectQueryErrors",
      expr: `sum by (cluster, instance) (rate(vl_http_errors_total{job="vlselect", path=~"/select/.*"}[5m])) / sum by (cluster, instance) (rate(vl_http_requests_total{job="vlselect", path=~"/select/.*"}[5m])) > 0.05`,
      for: "15m",
      severity: "warning",
      summary: "vlselect {{ $labels.instance }} fails {{ $value | humanizePercentage }} of its queries",
      description: "More than 5% of the log queries vlselect answered have failed for 15 minutes: the Logs dashboard shows errors and the log alerts cannot evaluate.",
      runbook: "vlselect's log (`kubectl -n monitoring logs deploy/vlselect`): a vlstorage unreachable, queries over its limits, or a bad query from a dashboard.",
      needs: ["vlselect"],
      test: {
        firing: { series: selectErrors("/select/logsql/query", "0+10x40", "0+100x40"), at: "30m", labels: { instance: "q0", cluster: "lab" } },
        healthy: { series: selectErrors("/select/logsql/query", "0+1x40", "0+100x40"), at: "30m" },
      },
    },
  ];
}
