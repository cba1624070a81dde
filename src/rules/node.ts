// Node alerts, from node-exporter. Every expression keeps `cluster` and `instance` (the node name).
import type { GroupDef, RuleContext } from "./types.js";

const NE = 'job="node-exporter"';
const FS = `${NE}, fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs|fuse.*", mountpoint!~"/run.*|/var/lib/kubelet/.*"`;

export const nodeRules = ({ thresholds: t }: RuleContext): GroupDef => ({
  name: "vigil.node",
  key: "node",
  alerts: [
    {
      alert: "NodeDown",
      expr: `up{${NE}} == 0`,
      for: "5m",
      severity: "critical",
      summary: "Node {{ $labels.instance }} is down",
      description: "node-exporter on {{ $labels.instance }} has not answered for 5 minutes: the node is off, hung, or off the network.",
      runbook: "Check the node's power and network. If it is up, check `kubectl get node` and the node-exporter pod on it.",
      needs: ["node-exporter"],
      test: {
        firing: { series: [{ series: `up{${NE}, instance="n1", cluster="lab"}`, values: "1 0x20" }], at: "15m", labels: { job: "node-exporter", instance: "n1", cluster: "lab" } },
        healthy: { series: [{ series: `up{${NE}, instance="n1", cluster="lab"}`, values: "1x20" }], at: "15m" },
      },
    },
    {
      alert: "NodeHighCpu",
      expr: `100 * (1 - avg by (cluster, instance) (rate(node_cpu_seconds_total{${NE}, mode="idle"}[5m]))) > ${t.nodeCpuPercent}`,
      for: "15m",
      severity: "warning",
      summary: "CPU of {{ $labels.instance }} is {{ $value | humanize }}% busy",
      description: `The CPU of {{ $labels.instance }} has been more than ${t.nodeCpuPercent}% busy for 15 minutes.`,
      runbook: "Find the busy pods: the Kubernetes / Pods dashboard sorted by CPU, or `kubectl top pods -A --sort-by=cpu`.",
      needs: ["node-exporter"],
      test: {
        firing: { series: [{ series: `node_cpu_seconds_total{${NE}, instance="n1", cluster="lab", cpu="0", mode="idle"}`, values: "0+1x60" }], at: "40m", labels: { instance: "n1", cluster: "lab" } },
        healthy: { series: [{ series: `node_cpu_seconds_total{${NE}, instance="n1", cluster="lab", cpu="0", mode="idle"}`, values: "0+50x60" }], at: "40m" },
      },
    },
    {
      alert: "NodeHighMemory",
      expr: `100 * (1 - node_memory_MemAvailable_bytes{${NE}} / node_memory_MemTotal_bytes{${NE}}) > ${t.nodeMemoryPercent}`,
      for: "15m",
      severity: "warning",
      summary: "Memory of {{ $labels.instance }} is {{ $value | humanize }}% used",
      description: `{{ $labels.instance }} has used more than ${t.nodeMemoryPercent}% of its memory for 15 minutes; the kernel will soon kill processes.`,
      runbook: "Find the biggest pods (Kubernetes / Pods dashboard, `kubectl top pods -A --sort-by=memory`); lower limits or move workloads.",
      needs: ["node-exporter"],
      test: {
        firing: {
          series: [
            { series: `node_memory_MemAvailable_bytes{${NE}, instance="n1", cluster="lab"}`, values: "50x30" },
            { series: `node_memory_MemTotal_bytes{${NE}, instance="n1", cluster="lab"}`, values: "1000x30" },
          ],
          at: "20m",
          labels: { job: "node-exporter", instance: "n1", cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `node_memory_MemAvailable_bytes{${NE}, instance="n1", cluster="lab"}`, values: "500x30" },
            { series: `node_memory_MemTotal_bytes{${NE}, instance="n1", cluster="lab"}`, values: "1000x30" },
          ],
          at: "20m",
        },
      },
    },
    {
      alert: "NodeFilesystemFillingUp",
      expr: `node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}} * 100 < 40 and predict_linear(node_filesystem_avail_bytes{${FS}}[6h], 24 * 3600) < 0 and node_filesystem_readonly{${FS}} == 0`,
      for: "1h",
      severity: "warning",
      summary: "{{ $labels.mountpoint }} on {{ $labels.instance }} fills up within a day",
      description: "At the rate of the last 6 hours, {{ $labels.mountpoint }} on {{ $labels.instance }} is full within 24 hours.",
      runbook: "Look at what grows: container logs and images (`crictl rmi --prune`), volumes under /var/lib/rancher, metrics and log retention.",
      needs: ["node-exporter"],
      test: {
        firing: {
          series: [
            { series: `node_filesystem_avail_bytes{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "300-1x200" },
            { series: `node_filesystem_size_bytes{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "1000x200" },
            { series: `node_filesystem_readonly{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "0x200" },
          ],
          at: "150m",
          labels: { job: "node-exporter", instance: "n1", cluster: "lab", mountpoint: "/", fstype: "ext4", device: "sda1" },
        },
        healthy: {
          series: [
            { series: `node_filesystem_avail_bytes{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "300x200" },
            { series: `node_filesystem_size_bytes{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "1000x200" },
            { series: `node_filesystem_readonly{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "0x200" },
          ],
          at: "150m",
        },
      },
    },
    ...(["warning", "critical"] as const).map((severity) => {
      const pct = severity === "warning" ? t.diskFreeWarningPercent : t.diskFreeCriticalPercent;
      const fs = (v: string) => [
        { series: `node_filesystem_avail_bytes{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: `${v}x60` },
        { series: `node_filesystem_size_bytes{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "1000x60" },
        { series: `node_filesystem_readonly{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "0x60" },
      ];
      return {
        alert: severity === "warning" ? "NodeFilesystemAlmostFull" : "NodeFilesystemFull",
        expr: `node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}} * 100 < ${pct} and node_filesystem_readonly{${FS}} == 0`,
        for: severity === "warning" ? "30m" : "5m",
        severity,
        summary: `{{ $labels.mountpoint }} on {{ $labels.instance }} has {{ $value | humanize }}% free`,
        description: `{{ $labels.mountpoint }} on {{ $labels.instance }} has less than ${pct}% space left.`,
        runbook: "Free space now: prune unused images (`crictl rmi --prune`), old logs, or grow the disk. A full root filesystem stops pods from starting.",
        needs: ["node-exporter"],
        test: {
          firing: { series: fs(String(Math.max(0, pct - 2) * 10)), at: "45m", labels: { job: "node-exporter", instance: "n1", cluster: "lab", mountpoint: "/", fstype: "ext4", device: "sda1" } },
          healthy: { series: fs("500"), at: "45m" },
        },
      };
    }),
    {
      alert: "NodeFilesystemInodesLow",
      expr: `node_filesystem_files_free{${FS}} / node_filesystem_files{${FS}} * 100 < 5 and node_filesystem_readonly{${FS}} == 0`,
      for: "1h",
      severity: "warning",
      summary: "{{ $labels.mountpoint }} on {{ $labels.instance }} runs out of inodes",
      description: "Less than 5% of the inodes of {{ $labels.mountpoint }} on {{ $labels.instance }} are free: no new files can be created soon, whatever the free space.",
      runbook: "Millions of small files: look for runaway caches, mail spools or container layers (`find / -xdev -type d -size +1M`).",
      needs: ["node-exporter"],
      test: {
        firing: {
          series: [
            { series: `node_filesystem_files_free{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "10x90" },
            { series: `node_filesystem_files{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "1000x90" },
            { series: `node_filesystem_readonly{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "0x90" },
          ],
          at: "80m",
          labels: { job: "node-exporter", instance: "n1", cluster: "lab", mountpoint: "/", fstype: "ext4", device: "sda1" },
        },
        healthy: {
          series: [
            { series: `node_filesystem_files_free{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "900x90" },
            { series: `node_filesystem_files{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "1000x90" },
            { series: `node_filesystem_readonly{${NE}, instance="n1", cluster="lab", mountpoint="/", fstype="ext4", device="sda1"}`, values: "0x90" },
          ],
          at: "80m",
        },
      },
    },
    {
      alert: "NodeClockSkew",
      expr: `abs(node_timex_offset_seconds{${NE}}) > 0.05 or node_timex_sync_status{${NE}} == 0`,
      for: "15m",
      severity: "warning",
      summary: "Clock of {{ $labels.instance }} is off or not synchronised",
      description: "The clock of {{ $labels.instance }} is more than 50ms off, or NTP does not synchronise it. TLS, etcd and alert timing depend on it.",
      runbook: "Check the time service on the node (`timedatectl`, `chronyc tracking`; on Talos `talosctl time`) and that NTP is reachable.",
      needs: ["node-exporter"],
      test: {
        firing: { series: [{ series: `node_timex_offset_seconds{${NE}, instance="n1", cluster="lab"}`, values: "0.2x30" }], at: "20m", labels: { job: "node-exporter", instance: "n1", cluster: "lab" } },
        healthy: {
          series: [
            { series: `node_timex_offset_seconds{${NE}, instance="n1", cluster="lab"}`, values: "0.001x30" },
            { series: `node_timex_sync_status{${NE}, instance="n1", cluster="lab"}`, values: "1x30" },
          ],
          at: "20m",
        },
      },
    },
    {
      alert: "NodeOomKill",
      expr: `increase(node_vmstat_oom_kill{${NE}}[10m]) > 0`,
      severity: "warning",
      summary: "The kernel of {{ $labels.instance }} killed a process for memory",
      description: "The out-of-memory killer ran on {{ $labels.instance }} in the last 10 minutes.",
      runbook: "See which container restarted with OOMKilled (`kubectl get pods -A | grep OOMKilled`, the Kubernetes / Pods dashboard); raise its memory limit or fix its leak.",
      needs: ["node-exporter"],
      test: {
        firing: { series: [{ series: `node_vmstat_oom_kill{${NE}, instance="n1", cluster="lab"}`, values: "0x10 1x10" }], at: "15m", labels: { job: "node-exporter", instance: "n1", cluster: "lab" } },
        healthy: { series: [{ series: `node_vmstat_oom_kill{${NE}, instance="n1", cluster="lab"}`, values: "3x20" }], at: "15m" },
      },
    },
    {
      alert: "NodeNetworkErrors",
      expr: `sum by (cluster, instance, device) (rate(node_network_receive_errs_total{${NE}}[5m]) + rate(node_network_transmit_errs_total{${NE}}[5m])) > 1`,
      for: "15m",
      severity: "warning",
      summary: "{{ $labels.device }} on {{ $labels.instance }} has network errors",
      description: "{{ $labels.device }} on {{ $labels.instance }} has had more than one receive or transmit error per second for 15 minutes.",
      runbook: "A failing cable, port or driver: check `ip -s link`, swap the cable, check the switch port.",
      needs: ["node-exporter"],
      test: {
        firing: {
          series: [
            { series: `node_network_receive_errs_total{${NE}, instance="n1", cluster="lab", device="eth0"}`, values: "0+300x40" },
            { series: `node_network_transmit_errs_total{${NE}, instance="n1", cluster="lab", device="eth0"}`, values: "0x40" },
          ],
          at: "30m",
          labels: { instance: "n1", cluster: "lab", device: "eth0" },
        },
        healthy: {
          series: [
            { series: `node_network_receive_errs_total{${NE}, instance="n1", cluster="lab", device="eth0"}`, values: "0x40" },
            { series: `node_network_transmit_errs_total{${NE}, instance="n1", cluster="lab", device="eth0"}`, values: "0x40" },
          ],
          at: "30m",
        },
      },
    },
    {
      alert: "NodeHighLoad",
      expr: `node_load15{${NE}} / on(cluster, instance) group_left count by (cluster, instance) (node_cpu_seconds_total{${NE}, mode="idle"}) > ${t.nodeLoadPerCpu}`,
      for: "30m",
      severity: "warning",
      summary: "Load of {{ $labels.instance }} is {{ $value | humanize }} per CPU",
      description: `The 15-minute load of {{ $labels.instance }} has been above ${t.nodeLoadPerCpu} per CPU for 30 minutes: processes wait for CPU or disk.`,
      runbook: "High load with idle CPU means processes wait on I/O: check disk latency on the Node dashboard, and an SD card or USB disk that is failing.",
      needs: ["node-exporter"],
      test: {
        firing: {
          series: [
            { series: `node_load15{${NE}, instance="n1", cluster="lab"}`, values: "9x60" },
            { series: `node_cpu_seconds_total{${NE}, instance="n1", cluster="lab", cpu="0", mode="idle"}`, values: "0+10x60" },
            { series: `node_cpu_seconds_total{${NE}, instance="n1", cluster="lab", cpu="1", mode="idle"}`, values: "0+10x60" },
          ],
          at: "45m",
          labels: { job: "node-exporter", instance: "n1", cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `node_load15{${NE}, instance="n1", cluster="lab"}`, values: "1x60" },
            { series: `node_cpu_seconds_total{${NE}, instance="n1", cluster="lab", cpu="0", mode="idle"}`, values: "0+10x60" },
            { series: `node_cpu_seconds_total{${NE}, instance="n1", cluster="lab", cpu="1", mode="idle"}`, values: "0+10x60" },
          ],
          at: "45m",
        },
      },
    },
    {
      alert: "NodeHighTemperature",
      expr: `max by (cluster, instance) (node_hwmon_temp_celsius{${NE}}) > ${t.nodeTemperatureCelsius} or max by (cluster, instance) (node_thermal_zone_temp{${NE}}) > ${t.nodeTemperatureCelsius}`,
      for: "10m",
      severity: "warning",
      summary: "{{ $labels.instance }} is at {{ $value }}°C",
      description: `A temperature sensor of {{ $labels.instance }} has read above ${t.nodeTemperatureCelsius}°C for 10 minutes; the CPU throttles and hardware ages faster. Only nodes whose sensors node-exporter can read are checked.`,
      runbook: "Check the fan, dust and airflow; a Raspberry Pi needs a heatsink or case fan under sustained load.",
      needs: ["node-exporter"],
      test: {
        firing: { series: [{ series: `node_thermal_zone_temp{${NE}, instance="n1", cluster="lab", zone="0", type="cpu-thermal"}`, values: "85x30" }], at: "20m", labels: { instance: "n1", cluster: "lab" } },
        healthy: { series: [{ series: `node_hwmon_temp_celsius{${NE}, instance="n1", cluster="lab", chip="cpu", sensor="temp1"}`, values: "55x30" }], at: "20m" },
      },
    },
  ],
});
