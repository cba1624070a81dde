// Node detail, from node-exporter: CPU, load, memory, disk I/O and space, network, temperature.
import type { DashboardSpec } from "./build.js";

const n = 'cluster="$cluster", job="node-exporter", instance="$node"';
const fs = `${n}, fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs|fuse.*", mountpoint!~"/run.*|/var/lib/kubelet/.*"`;
const nic = `${n}, device!~"lo|veth.*|cni.*|flannel.*|cali.*|cilium.*|lxc.*|kube-ipvs.*|ifb.*"`;
const ne = ["node-exporter"];

export const nodeDashboard: DashboardSpec = {
  uid: "vigil-node",
  title: "Node",
  folder: "Nodes",
  description: "One node in detail, from node-exporter.",
  variables: [{ name: "node", label: "Node", query: `label_values(node_uname_info{cluster="$cluster", job="node-exporter"}, instance)` }],
  rows: [
    {
      title: "Overview",
      panels: [
        { title: "CPU busy", kind: "stat", unit: "percent", needs: ne, queries: [{ expr: `100 * (1 - avg(rate(node_cpu_seconds_total{${n}, mode="idle"}[$__rate_interval])))` }] },
        { title: "Memory used", kind: "stat", unit: "percent", needs: ne, queries: [{ expr: `100 * (1 - node_memory_MemAvailable_bytes{${n}} / node_memory_MemTotal_bytes{${n}})` }] },
        { title: "Root filesystem used", kind: "stat", unit: "percent", needs: ne, queries: [{ expr: `100 * (1 - node_filesystem_avail_bytes{${fs}, mountpoint="/"} / node_filesystem_size_bytes{${fs}, mountpoint="/"})` }] },
        { title: "Uptime", kind: "stat", unit: "s", needs: ne, queries: [{ expr: `time() - node_boot_time_seconds{${n}}` }] },
      ],
    },
    {
      title: "CPU and load",
      panels: [
        { title: "CPU by mode", kind: "timeseries", unit: "percentunit", stack: true, needs: ne, queries: [{ expr: `sum by (mode) (rate(node_cpu_seconds_total{${n}, mode!="idle"}[$__rate_interval])) / scalar(count(node_cpu_seconds_total{${n}, mode="idle"}))`, legend: "{{mode}}" }] },
        { title: "Load", kind: "timeseries", needs: ne, queries: [{ expr: `node_load1{${n}}`, legend: "1m" }, { expr: `node_load5{${n}}`, legend: "5m" }, { expr: `node_load15{${n}}`, legend: "15m" }, { expr: `count(node_cpu_seconds_total{${n}, mode="idle"})`, legend: "CPUs" }] },
      ],
    },
    {
      title: "Memory",
      panels: [
        {
          title: "Memory",
          kind: "timeseries",
          unit: "bytes",
          needs: ne,
          queries: [
            { expr: `node_memory_MemTotal_bytes{${n}}`, legend: "total" },
            { expr: `node_memory_MemTotal_bytes{${n}} - node_memory_MemAvailable_bytes{${n}}`, legend: "used" },
            { expr: `node_memory_Cached_bytes{${n}} + node_memory_Buffers_bytes{${n}}`, legend: "cache and buffers" },
          ],
        },
        { title: "Swap used", kind: "timeseries", unit: "bytes", needs: ne, queries: [{ expr: `node_memory_SwapTotal_bytes{${n}} - node_memory_SwapFree_bytes{${n}}`, legend: "swap used" }] },
      ],
    },
    {
      title: "Disks",
      panels: [
        { title: "Filesystem used", kind: "timeseries", unit: "percent", max: 100, needs: ne, queries: [{ expr: `100 * (1 - node_filesystem_avail_bytes{${fs}} / node_filesystem_size_bytes{${fs}})`, legend: "{{mountpoint}}" }] },
        { title: "Disk throughput", kind: "timeseries", unit: "Bps", needs: ne, queries: [{ expr: `rate(node_disk_read_bytes_total{${n}}[$__rate_interval])`, legend: "{{device}} read" }, { expr: `rate(node_disk_written_bytes_total{${n}}[$__rate_interval])`, legend: "{{device}} write" }] },
        { title: "Disk busy", kind: "timeseries", unit: "percentunit", max: 1, needs: ne, queries: [{ expr: `rate(node_disk_io_time_seconds_total{${n}}[$__rate_interval])`, legend: "{{device}}" }] },
        { title: "Inodes used", kind: "timeseries", unit: "percent", max: 100, needs: ne, queries: [{ expr: `100 * (1 - node_filesystem_files_free{${fs}} / node_filesystem_files{${fs}})`, legend: "{{mountpoint}}" }] },
      ],
    },
    {
      title: "Network",
      panels: [
        { title: "Network traffic", kind: "timeseries", unit: "bps", needs: ne, queries: [{ expr: `8 * rate(node_network_receive_bytes_total{${nic}}[$__rate_interval])`, legend: "{{device}} in" }, { expr: `8 * rate(node_network_transmit_bytes_total{${nic}}[$__rate_interval])`, legend: "{{device}} out" }] },
        {
          title: "Network errors and drops",
          kind: "timeseries",
          unit: "pps",
          needs: ne,
          queries: [{ expr: `sum by (device) (rate(node_network_receive_errs_total{${nic}}[$__rate_interval]) + rate(node_network_transmit_errs_total{${nic}}[$__rate_interval]) + rate(node_network_receive_drop_total{${nic}}[$__rate_interval]) + rate(node_network_transmit_drop_total{${nic}}[$__rate_interval]))`, legend: "{{device}}" }],
        },
      ],
    },
    {
      title: "Time and sensors",
      panels: [
        { title: "Clock offset", kind: "timeseries", unit: "s", needs: ne, queries: [{ expr: `node_timex_offset_seconds{${n}}`, legend: "offset" }] },
        {
          title: "Temperature",
          kind: "timeseries",
          unit: "celsius",
          needs: ne,
          hardwareDependent: true,
          description: "Only where the hardware exposes sensors (hwmon or thermal zones; most Raspberry Pis and NUCs do, virtual machines do not).",
          queries: [{ expr: `max by (chip, sensor) (node_hwmon_temp_celsius{${n}})`, legend: "{{chip}} {{sensor}}" }, { expr: `max by (type) (node_thermal_zone_temp{${n}})`, legend: "{{type}}" }],
        },
      ],
    },
  ],
};
