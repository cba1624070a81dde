// Persistent volumes: use and inodes per claim, from the kubelet's volume stats.
import type { DashboardSpec } from "./build.js";

const v = 'cluster="$cluster", job="kubelet", namespace=~"$namespace"';

export const volumesDashboard: DashboardSpec = {
  uid: "vigil-volumes",
  title: "Persistent volumes",
  folder: "Kubernetes",
  description: "Space and inodes of every PersistentVolumeClaim.",
  variables: [{ name: "namespace", label: "Namespace", query: `label_values(kubelet_volume_stats_capacity_bytes{cluster="$cluster", job="kubelet"}, namespace)`, multi: true, includeAll: true }],
  rows: [
    {
      title: "Space",
      panels: [
        { title: "Used", kind: "timeseries", unit: "percent", max: 100, needs: ["kubelet"], queries: [{ expr: `100 * (1 - kubelet_volume_stats_available_bytes{${v}} / kubelet_volume_stats_capacity_bytes{${v}})`, legend: "{{namespace}}/{{persistentvolumeclaim}}" }] },
        { title: "Used bytes", kind: "timeseries", unit: "bytes", needs: ["kubelet"], queries: [{ expr: `kubelet_volume_stats_used_bytes{${v}}`, legend: "{{namespace}}/{{persistentvolumeclaim}}" }] },
        { title: "Inodes used", kind: "timeseries", unit: "percent", max: 100, needs: ["kubelet"], queries: [{ expr: `100 * kubelet_volume_stats_inodes_used{${v}} / kubelet_volume_stats_inodes{${v}}`, legend: "{{namespace}}/{{persistentvolumeclaim}}" }] },
        { title: "Claims", kind: "table", needs: ["kube-state-metrics"], queries: [{ expr: `kube_persistentvolumeclaim_info{cluster="$cluster", job="kube-state-metrics", namespace=~"$namespace"}`, instant: true }] },
      ],
    },
  ],
};
