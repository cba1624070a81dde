// Persistent volumes: use and inodes per claim from the kubelet's volume stats where the storage
// class reports them; on local-path, which does not, the stores' own view of their disk and the
// filesystems of the nodes the volumes live on.
import type { DashboardSpec } from "./build.js";

const v = 'cluster="$cluster", job="kubelet", namespace=~"$namespace"';
const withStats = { when: (stack: { volumeStats: boolean }) => stack.volumeStats };
const onLocalVolumes = { when: (stack: { localVolumes: boolean }) => stack.localVolumes };
const fs = 'cluster="$cluster", job="node-exporter", fstype!~"tmpfs|overlay|squashfs|ramfs"';

export const volumesDashboard: DashboardSpec = {
  uid: "vigil-volumes",
  title: "Persistent volumes",
  folder: "Kubernetes",
  description: "Space of every PersistentVolumeClaim, or, on local-path, of the stores and the nodes' filesystems.",
  variables: [{ name: "namespace", label: "Namespace", query: `label_values(kube_persistentvolumeclaim_info{cluster="$cluster", job="kube-state-metrics"}, namespace)`, multi: true, includeAll: true }],
  rows: [
    {
      title: "Space",
      panels: [
        { ...withStats, title: "Used", kind: "timeseries", unit: "percent", max: 100, needs: ["kubelet"], queries: [{ expr: `100 * (1 - kubelet_volume_stats_available_bytes{${v}} / kubelet_volume_stats_capacity_bytes{${v}})`, legend: "{{namespace}}/{{persistentvolumeclaim}}" }] },
        { ...withStats, title: "Used bytes", kind: "timeseries", unit: "bytes", needs: ["kubelet"], queries: [{ expr: `kubelet_volume_stats_used_bytes{${v}}`, legend: "{{namespace}}/{{persistentvolumeclaim}}" }] },
        { ...withStats, title: "Inodes used", kind: "timeseries", unit: "percent", max: 100, needs: ["kubelet"], queries: [{ expr: `100 * kubelet_volume_stats_inodes_used{${v}} / kubelet_volume_stats_inodes{${v}}`, legend: "{{namespace}}/{{persistentvolumeclaim}}" }] },
        { title: "Claims", kind: "table", needs: ["kube-state-metrics"], queries: [{ expr: `kube_persistentvolumeclaim_info{cluster="$cluster", job="kube-state-metrics", namespace=~"$namespace"}`, instant: true }] },
      ],
    },
    {
      // local-path: each volume is a folder on a node's filesystem, with no size of its own.
      title: "Stores on local volumes",
      panels: [
        { ...onLocalVolumes, title: "VictoriaMetrics data", kind: "timeseries", unit: "bytes", needs: ["victoriametrics"], queries: [{ expr: `sum by (instance) (vm_data_size_bytes{cluster="$cluster", job="victoriametrics"})`, legend: "data" }, { expr: `vm_free_disk_space_bytes{cluster="$cluster", job="victoriametrics"}`, legend: "free on its filesystem" }] },
        { ...onLocalVolumes, title: "vmstorage data", kind: "timeseries", unit: "bytes", needs: ["vmstorage"], queries: [{ expr: `sum by (instance) (vm_data_size_bytes{cluster="$cluster", job="vmstorage"})`, legend: "{{instance}} data" }, { expr: `vm_free_disk_space_bytes{cluster="$cluster", job="vmstorage"}`, legend: "{{instance}} free on its filesystem" }] },
        { ...onLocalVolumes, title: "VictoriaLogs data", kind: "timeseries", unit: "bytes", needs: ["victorialogs"], queries: [{ expr: `sum by (instance) (vl_data_size_bytes{cluster="$cluster", job="victorialogs"})`, legend: "data" }, { expr: `vl_free_disk_space_bytes{cluster="$cluster", job="victorialogs"}`, legend: "free on its filesystem" }] },
        { ...onLocalVolumes, title: "vlstorage data", kind: "timeseries", unit: "bytes", needs: ["vlstorage"], queries: [{ expr: `sum by (instance) (vl_data_size_bytes{cluster="$cluster", job="vlstorage"})`, legend: "{{instance}} data" }, { expr: `vl_free_disk_space_bytes{cluster="$cluster", job="vlstorage"}`, legend: "{{instance}} free on its filesystem" }] },
        { ...onLocalVolumes, title: "Node filesystems used", kind: "timeseries", unit: "percent", max: 100, needs: ["node-exporter"], queries: [{ expr: `100 * (1 - node_filesystem_avail_bytes{${fs}} / node_filesystem_size_bytes{${fs}})`, legend: "{{node}} {{mountpoint}}" }] },
      ],
    },
  ],
};
