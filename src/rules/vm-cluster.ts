// metrics.mode cluster: the VictoriaMetrics cluster watching itself. vminsert reports, per
// vmstorage node (label addr), whether it can reach it and how many rows it had to send elsewhere
// (app/vminsert/netstorage: vm_rpc_vmstorage_is_reachable, vm_rpc_rows_rerouted_from_here_total,
// vm_rpc_rows_incompletely_replicated_total); vmstorage its read-only state; vmselect its errors.
// The disk of each vmstorage is VictoriaMetricsDiskFull's (rules/stack.ts), on job vmstorage.
// Thresholds after deployment/docker/rules/alerts-cluster.yml, scoped to vigil's jobs.
import type { AlertDef, RuleContext } from "./types.js";
import { lab, storageNodeDown, storageReadOnly, type StorageCluster } from "./storage-cluster.js";

const ADDR = (i: number) => `vmstorage-vm-${i}.vmstorage-vm.monitoring.svc:8400`;
const reachable = (addr: string, values: string) => ({ series: `vm_rpc_vmstorage_is_reachable{${lab(`job="vminsert", instance="i1", addr="${addr}"`)}}`, values });

export function vmClusterRules(ctx: RuleContext): AlertDef[] {
  const cluster = ctx.stack.metricsCluster;
  if (!cluster) return [];
  const rf = cluster.replicationFactor;
  const vmstorage: StorageCluster = {
    storage: "vmstorage",
    prefix: "Vmstorage",
    insertJob: "vminsert",
    storageJob: "vmstorage",
    reachable: "vm_rpc_vmstorage_is_reachable",
    readOnly: "vm_storage_is_read_only",
    dataPath: "/vm-data",
    addr: ADDR,
    podSelector: "app.kubernetes.io/name=vmstorage",
    namespace: ctx.stack.namespace,
    whileAway: `Its share of the samples goes to the other nodes${rf > 1 ? `, and with replicationFactor ${rf} queries still find a copy` : "; with replicationFactor 1 its data is missing from queries until it is back"}.`,
    data: "samples",
    section: "metrics",
    doc: "docs/metrics-cluster.md",
  };
  const down = `min by (cluster, addr) (vm_rpc_vmstorage_is_reachable{job="vminsert"}) == 0`;
  // Enough nodes down that some samples have no reachable copy: rf of them (every node, if fewer).
  const lost = Math.min(rf, cluster.vmstorage);
  const backend = "victoria-metrics" as const;
  return [
    { ...storageNodeDown(vmstorage), backend },
    {
      alert: "VmstorageReplicationLost",
      backend: "victoria-metrics",
      expr: `count by (cluster) (${down}) >= ${lost}`,
      for: "5m",
      severity: "critical",
      summary: "{{ $value }} vmstorage nodes are unreachable: some samples have no copy left",
      description: `At least ${lost} vmstorage nodes have been unreachable for 5 minutes; with replicationFactor ${rf} some samples are stored only on them: queries return partial results (vmselect marks them isPartial) and new samples wait in vminsert until a node is back.`,
      runbook: `Bring a vmstorage back first (\`kubectl -n ${ctx.stack.namespace} get pods -l app.kubernetes.io/name=vmstorage -o wide\`, its node and volume). docs/metrics-cluster.md.`,
      needs: ["vminsert"],
      test: {
        firing: { series: Array.from({ length: lost }, (_, i) => reachable(ADDR(i), "0x30")), at: "20m", labels: { cluster: "lab" } },
        healthy: { series: [...Array.from({ length: lost - 1 }, (_, i) => reachable(ADDR(i), "0x30")), reachable(ADDR(lost), "1x30")], at: "20m" },
      },
    },
    {
      alert: "VminsertIncompleteReplication",
      backend: "victoria-metrics",
      expr: `sum by (cluster) (increase(vm_rpc_rows_incompletely_replicated_total{job="vminsert"}[5m])) > 0`,
      for: "15m",
      severity: "warning",
      summary: `Samples are stored on fewer than ${rf} vmstorage nodes`,
      description: `For 15 minutes vminsert has written samples with fewer than replicationFactor (${rf}) copies, because too few vmstorage nodes accepted them: losing one more node loses those samples.`,
      runbook: "Which vmstorage is unreachable or read-only: VmstorageNodeDown, VmstorageReadOnly, the Monitoring stack dashboard's VictoriaMetrics cluster row.",
      needs: ["vminsert"],
      test: {
        firing: { series: [{ series: `vm_rpc_rows_incompletely_replicated_total{${lab(`job="vminsert", instance="i1"`)}}`, values: "0+100x40" }], at: "30m", labels: { cluster: "lab" } },
        healthy: { series: [{ series: `vm_rpc_rows_incompletely_replicated_total{${lab(`job="vminsert", instance="i1"`)}}`, values: "7x40" }], at: "30m" },
      },
    },
    {
      alert: "VminsertRowsRerouted",
      backend: "victoria-metrics",
      expr: `sum by (cluster, addr) (rate(vm_rpc_rows_rerouted_from_here_total{job="vminsert"}[5m])) > 0 or sum by (cluster, addr) (rate(vm_rpc_rows_dropped_on_overload_total{job="vminsert"}[5m])) > 0`,
      for: "15m",
      severity: "warning",
      summary: "vminsert sends vmstorage {{ $labels.addr }}'s samples elsewhere",
      description: "For 15 minutes vminsert has rerouted (or dropped) samples meant for vmstorage {{ $labels.addr }}: the node is slow, overloaded or away. Rerouted series are new series on the other nodes (more memory and disk there).",
      runbook: "The node's CPU, memory and disk (Monitoring stack dashboard, VictoriaMetrics cluster row); raise the vmstorage resources (resources.overrides.vmstorage) or add a node (metrics.cluster.vmstorage).",
      needs: ["vminsert"],
      test: {
        firing: { series: [{ series: `vm_rpc_rows_rerouted_from_here_total{${lab(`job="vminsert", instance="i1", addr="${ADDR(1)}"`)}}`, values: "0+50x40" }], at: "30m", labels: { addr: ADDR(1), cluster: "lab" } },
        healthy: { series: [{ series: `vm_rpc_rows_rerouted_from_here_total{${lab(`job="vminsert", instance="i1", addr="${ADDR(1)}"`)}}`, values: "3x40" }], at: "30m" },
      },
    },
    { ...storageReadOnly(vmstorage), backend },
    {
      alert: "VmselectRequestErrors",
      backend: "victoria-metrics",
      expr: `sum by (cluster, instance) (rate(vm_http_request_errors_total{job="vmselect"}[5m])) / sum by (cluster, instance) (rate(vm_http_requests_total{job="vmselect"}[5m])) > 0.05`,
      for: "15m",
      severity: "warning",
      summary: "vmselect {{ $labels.instance }} fails {{ $value | humanizePercentage }} of its requests",
      description: "More than 5% of the queries vmselect answered have failed for 15 minutes: dashboards show errors and rules cannot evaluate.",
      runbook: `vmselect's log (\`kubectl -n ${ctx.stack.namespace} logs sts/vmselect-vm\`): vmstorage unreachable, queries over its limits, or bad queries from a dashboard.`,
      needs: ["vmselect"],
      test: {
        firing: {
          series: [
            { series: `vm_http_request_errors_total{${lab(`job="vmselect", instance="q0", path="/select/0/prometheus/api/v1/query_range"`)}}`, values: "0+10x40" },
            { series: `vm_http_requests_total{${lab(`job="vmselect", instance="q0", path="/select/0/prometheus/api/v1/query_range"`)}}`, values: "0+100x40" },
          ],
          at: "30m",
          labels: { instance: "q0", cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `vm_http_request_errors_total{${lab(`job="vmselect", instance="q0", path="/select/0/prometheus/api/v1/query_range"`)}}`, values: "0+1x40" },
            { series: `vm_http_requests_total{${lab(`job="vmselect", instance="q0", path="/select/0/prometheus/api/v1/query_range"`)}}`, values: "0+100x40" },
          ],
          at: "30m",
        },
      },
    },
  ];
}
