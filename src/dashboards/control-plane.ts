// Control plane: apiserver, etcd, scheduler, controller-manager; only what is scraped (a panel
// needs its job, so a SQLite K3s gets no etcd row).
import type { DashboardSpec } from "./build.js";

const c = 'cluster="$cluster"';

export const controlPlaneDashboard: DashboardSpec = {
  uid: "vigil-control-plane",
  title: "Control plane",
  folder: "Kubernetes",
  description: "API server, etcd, scheduler and controller-manager (those that are scraped).",
  variables: [],
  rows: [
    {
      title: "API server",
      panels: [
        { title: "Requests by code", kind: "timeseries", unit: "reqps", needs: ["apiserver"], queries: [{ expr: `sum by (code) (rate(apiserver_request_total{${c}, job="apiserver"}[$__rate_interval]))`, legend: "{{code}}" }] },
        {
          title: "Request latency p99 by verb",
          kind: "timeseries",
          unit: "s",
          needs: ["apiserver"],
          queries: [{ expr: `histogram_quantile(0.99, sum by (verb, le) (rate(apiserver_request_duration_seconds_bucket{${c}, job="apiserver", verb!~"WATCH|CONNECT"}[$__rate_interval])))`, legend: "{{verb}}" }],
        },
        { title: "In-flight requests", kind: "timeseries", needs: ["apiserver"], queries: [{ expr: `sum by (request_kind) (apiserver_current_inflight_requests{${c}, job="apiserver"})`, legend: "{{request_kind}}" }] },
        { title: "Objects stored", kind: "timeseries", needs: ["apiserver"], queries: [{ expr: `topk(10, max by (resource) (apiserver_storage_objects{${c}, job="apiserver"}))`, legend: "{{resource}}" }] },
      ],
    },
    {
      title: "etcd",
      panels: [
        { title: "Has leader", kind: "stat", needs: ["etcd"], queries: [{ expr: `min(etcd_server_has_leader{${c}, job="etcd"})`, instant: true }] },
        { title: "Leader changes (1h)", kind: "stat", needs: ["etcd"], queries: [{ expr: `sum(increase(etcd_server_leader_changes_seen_total{${c}, job="etcd"}[1h]))`, instant: true }] },
        { title: "Database size", kind: "timeseries", unit: "bytes", needs: ["etcd"], queries: [{ expr: `etcd_mvcc_db_total_size_in_bytes{${c}, job="etcd"}`, legend: "{{instance}}" }] },
        {
          title: "WAL fsync and commit p99",
          kind: "timeseries",
          unit: "s",
          needs: ["etcd"],
          queries: [
            { expr: `histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_wal_fsync_duration_seconds_bucket{${c}, job="etcd"}[$__rate_interval])))`, legend: "{{instance}} fsync" },
            { expr: `histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_backend_commit_duration_seconds_bucket{${c}, job="etcd"}[$__rate_interval])))`, legend: "{{instance}} commit" },
          ],
        },
      ],
    },
    {
      title: "Scheduler and controllers",
      panels: [
        { title: "Scheduling attempts", kind: "timeseries", needs: ["kube-scheduler"], queries: [{ expr: `sum by (result) (rate(scheduler_schedule_attempts_total{${c}, job="kube-scheduler"}[$__rate_interval]))`, legend: "{{result}}" }] },
        { title: "Pending pods", kind: "timeseries", needs: ["kube-scheduler"], queries: [{ expr: `sum by (queue) (scheduler_pending_pods{${c}, job="kube-scheduler"})`, legend: "{{queue}}" }] },
        {
          title: "Controller work queues",
          kind: "timeseries",
          needs: ["kube-controller-manager"],
          description: "Depth of the controller-manager's work queues (on K3s, the shared process's queues).",
          queries: [{ expr: `topk(10, sum by (name) (workqueue_depth{${c}}))`, legend: "{{name}}" }],
        },
        { title: "Unhealthy nodes per zone", kind: "timeseries", needs: ["kube-controller-manager"], queries: [{ expr: `node_collector_unhealthy_nodes_in_zone{${c}, job="kube-controller-manager"}`, legend: "{{zone}}" }] },
      ],
    },
  ],
};
