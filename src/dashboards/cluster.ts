// Cluster overview: nodes, pods, CPU, memory and storage against capacity, firing alerts.
import type { DashboardSpec } from "./build.js";

const c = 'cluster="$cluster"';
const ksm = `${c}, job="kube-state-metrics"`;
const ne = `${c}, job="node-exporter"`;

export const clusterDashboard: DashboardSpec = {
  uid: "vigil-cluster",
  title: "Cluster overview",
  folder: "Kubernetes",
  description: "The whole cluster at a glance: nodes, pods, use against capacity, and what is firing.",
  variables: [],
  rows: [
    {
      title: "Health",
      panels: [
        { title: "Nodes ready", kind: "stat", needs: ["kube-state-metrics"], queries: [{ expr: `sum(kube_node_status_condition{${ksm}, condition="Ready", status="true"})`, instant: true }] },
        { title: "Pods running", kind: "stat", needs: ["kube-state-metrics"], queries: [{ expr: `sum(kube_pod_status_phase{${ksm}, phase="Running"})`, instant: true }] },
        { title: "Pods not running", kind: "stat", needs: ["kube-state-metrics"], queries: [{ expr: `sum(kube_pod_status_phase{${ksm}, phase=~"Pending|Failed|Unknown"})`, instant: true }] },
        { title: "Alerts firing", kind: "stat", queries: [{ expr: `count(ALERTS{${c}, alertstate="firing", severity=~"critical|warning"}) or vector(0)`, instant: true }] },
      ],
    },
    {
      title: "Use against capacity",
      panels: [
        {
          title: "CPU: used, requested, capacity",
          kind: "timeseries",
          needs: ["kube-state-metrics", "node-exporter"],
          queries: [
            { expr: `sum(rate(node_cpu_seconds_total{${ne}, mode!="idle"}[$__rate_interval]))`, legend: "used" },
            { expr: `sum(kube_pod_container_resource_requests{${ksm}, resource="cpu"})`, legend: "requested" },
            { expr: `sum(kube_node_status_allocatable{${ksm}, resource="cpu"})`, legend: "allocatable" },
          ],
        },
        {
          title: "Memory: used, requested, capacity",
          kind: "timeseries",
          unit: "bytes",
          needs: ["kube-state-metrics", "node-exporter"],
          queries: [
            { expr: `sum(node_memory_MemTotal_bytes{${ne}} - node_memory_MemAvailable_bytes{${ne}})`, legend: "used" },
            { expr: `sum(kube_pod_container_resource_requests{${ksm}, resource="memory"})`, legend: "requested" },
            { expr: `sum(kube_node_status_allocatable{${ksm}, resource="memory"})`, legend: "allocatable" },
          ],
        },
        {
          title: "Storage used per node",
          kind: "timeseries",
          unit: "percent",
          max: 100,
          needs: ["node-exporter"],
          queries: [{ expr: `100 * (1 - sum by (instance) (node_filesystem_avail_bytes{${ne}, mountpoint="/"}) / sum by (instance) (node_filesystem_size_bytes{${ne}, mountpoint="/"}))`, legend: "{{instance}} /" }],
        },
        { title: "Volumes used", kind: "timeseries", unit: "percent", max: 100, needs: ["kubelet"], queries: [{ expr: `100 * (1 - kubelet_volume_stats_available_bytes{${c}, job="kubelet"} / kubelet_volume_stats_capacity_bytes{${c}, job="kubelet"})`, legend: "{{namespace}}/{{persistentvolumeclaim}}" }] },
      ],
    },
    {
      title: "Alerts",
      panels: [{ title: "Firing alerts", kind: "table", width: 24, queries: [{ expr: `ALERTS{${c}, alertstate="firing", severity=~"critical|warning|info"}`, instant: true }] }],
    },
  ],
};
