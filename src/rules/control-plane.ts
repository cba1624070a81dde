// Control-plane alerts, each only where its component is scraped (`needs`), and "is down" alerts
// only where the component has a target of its own (`needsTarget`): on K3s the controller-manager
// and scheduler live in the k3s process, whose death KubeletDown reports.
import type { GroupDef } from "./types.js";

const lab = (labels: string) => `${labels}, cluster="lab"`;

const down = (alert: string, job: string, what: string, runbook: string): GroupDef["alerts"][number] => ({
  alert,
  expr: `sum by (cluster) (up{job="${job}"}) == 0`,
  for: "10m",
  severity: "critical",
  summary: `${what} is down`,
  description: `No ${what} target has answered for 10 minutes.`,
  runbook,
  needsTarget: [job],
  test: {
    firing: { series: [{ series: `up{${lab(`job="${job}", instance="10.0.0.11:1"`)}}`, values: "0x20" }], at: "15m", labels: { cluster: "lab" } },
    healthy: { series: [{ series: `up{${lab(`job="${job}", instance="10.0.0.11:1"`)}}`, values: "1x20" }], at: "15m" },
  },
});

export const controlPlaneRules = (): GroupDef => ({
  name: "vigil.control-plane",
  key: "controlPlane",
  alerts: [
    down("KubeApiServerDown", "apiserver", "The Kubernetes API server", "On Talos: `talosctl -n <cp> service kubelet` and `talosctl -n <cp> logs kube-apiserver`; check etcd first."),
    down(
      "KubeControllerManagerDown",
      "kube-controller-manager",
      "kube-controller-manager",
      "On Talos: `talosctl -n <cp> logs kube-controller-manager`. If it never answered, the bind-address patch from node-config/ is not applied.",
    ),
    down("KubeSchedulerDown", "kube-scheduler", "kube-scheduler", "On Talos: `talosctl -n <cp> logs kube-scheduler`. If it never answered, the bind-address patch from node-config/ is not applied."),
    {
      alert: "KubeletDown",
      expr: `up{job="kubelet", metrics_path="/metrics"} == 0`,
      for: "10m",
      severity: "critical",
      summary: "The kubelet of {{ $labels.node }} is down",
      description: "The kubelet of {{ $labels.node }} has not answered for 10 minutes. On K3s this is the k3s process itself (agent, or server with the apiserver, controller-manager and scheduler).",
      runbook: "On the node: `systemctl status k3s` (or k3s-agent) and `journalctl -u k3s`; on Talos `talosctl -n <node> service kubelet`.",
      needs: ["kubelet"],
      needsTarget: ["kubelet"],
      test: {
        firing: { series: [{ series: `up{${lab(`job="kubelet", metrics_path="/metrics", node="n1", instance="10.0.0.11:10250"`)}}`, values: "0x20" }], at: "15m", labels: { job: "kubelet", metrics_path: "/metrics", node: "n1", instance: "10.0.0.11:10250", cluster: "lab" } },
        healthy: { series: [{ series: `up{${lab(`job="kubelet", metrics_path="/metrics", node="n1", instance="10.0.0.11:10250"`)}}`, values: "1x20" }], at: "15m" },
      },
    },
    {
      alert: "KubeApiServerErrors",
      expr: `sum by (cluster) (rate(apiserver_request_total{job="apiserver", code=~"5.."}[5m])) / sum by (cluster) (rate(apiserver_request_total{job="apiserver"}[5m])) > 0.05`,
      for: "10m",
      severity: "warning",
      summary: "The API server answers {{ $value | humanizePercentage }} of requests with errors",
      description: "More than 5% of API requests have failed with a 5xx code for 10 minutes.",
      runbook: "Look at the API server's log and at etcd (or the K3s datastore): slow disks and a full etcd database are the usual causes.",
      needs: ["apiserver"],
      test: {
        firing: {
          series: [
            { series: `apiserver_request_total{${lab(`job="apiserver", code="500", verb="GET"`)}}`, values: "0+60x30" },
            { series: `apiserver_request_total{${lab(`job="apiserver", code="200", verb="GET"`)}}`, values: "0+60x30" },
          ],
          at: "25m",
          labels: { cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `apiserver_request_total{${lab(`job="apiserver", code="500", verb="GET"`)}}`, values: "0x30" },
            { series: `apiserver_request_total{${lab(`job="apiserver", code="200", verb="GET"`)}}`, values: "0+60x30" },
          ],
          at: "25m",
        },
      },
    },
    {
      alert: "KubeApiServerLatencyHigh",
      expr: `histogram_quantile(0.99, sum by (cluster, le) (rate(apiserver_request_duration_seconds_bucket{job="apiserver", verb!~"WATCH|CONNECT"}[5m]))) > 1`,
      for: "15m",
      severity: "warning",
      summary: "The API server's 99th percentile latency is {{ $value | humanizeDuration }}",
      description: "For 15 minutes, 1% of API requests (watches excepted) have taken longer than a second.",
      runbook: "Usually the datastore: check etcd fsync latency (or SQLite's disk) and the node's disk on the Node dashboard.",
      needs: ["apiserver"],
      test: {
        firing: {
          series: [
            { series: `apiserver_request_duration_seconds_bucket{${lab(`job="apiserver", verb="GET", le="1"`)}}`, values: "0+1x30" },
            { series: `apiserver_request_duration_seconds_bucket{${lab(`job="apiserver", verb="GET", le="5"`)}}`, values: "0+10x30" },
            { series: `apiserver_request_duration_seconds_bucket{${lab(`job="apiserver", verb="GET", le="+Inf"`)}}`, values: "0+10x30" },
          ],
          at: "25m",
          labels: { cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `apiserver_request_duration_seconds_bucket{${lab(`job="apiserver", verb="GET", le="1"`)}}`, values: "0+10x30" },
            { series: `apiserver_request_duration_seconds_bucket{${lab(`job="apiserver", verb="GET", le="+Inf"`)}}`, values: "0+10x30" },
          ],
          at: "25m",
        },
      },
    },
    ...([
      ["warning", 7 * 86400, "7 days"],
      ["critical", 86400, "24 hours"],
    ] as const).map(([severity, seconds, human]) => ({
      alert: severity === "warning" ? "KubeClientCertificateExpiring" : "KubeClientCertificateExpiringSoon",
      expr: `apiserver_client_certificate_expiration_seconds_count{job="apiserver"} > 0 and on (cluster, job, instance) histogram_quantile(0.01, sum by (cluster, job, instance, le) (rate(apiserver_client_certificate_expiration_seconds_bucket{job="apiserver"}[5m]))) < ${seconds}`,
      for: "5m",
      severity,
      summary: `A client certificate used against the API server expires within ${human}`,
      description: `Clients present certificates to the API server that expire in less than ${human}; when they do, those clients (kubelets, controllers) lose access.`,
      runbook: "K3s renews its certificates on restart within 90 days of expiry: `systemctl restart k3s` on each server (or `k3s certificate rotate`). Talos rotates its own; check `talosctl -n <cp> get certs`.",
      needs: ["apiserver"],
      test: {
        firing: {
          series: [
            { series: `apiserver_client_certificate_expiration_seconds_count{${lab(`job="apiserver", instance="a"`)}}`, values: "0+10x30" },
            { series: `apiserver_client_certificate_expiration_seconds_bucket{${lab(`job="apiserver", instance="a", le="1800"`)}}`, values: "0+10x30" },
            { series: `apiserver_client_certificate_expiration_seconds_bucket{${lab(`job="apiserver", instance="a", le="+Inf"`)}}`, values: "0+10x30" },
          ],
          at: "25m",
          labels: { job: "apiserver", instance: "a", cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `apiserver_client_certificate_expiration_seconds_count{${lab(`job="apiserver", instance="a"`)}}`, values: "0+10x30" },
            { series: `apiserver_client_certificate_expiration_seconds_bucket{${lab(`job="apiserver", instance="a", le="1800"`)}}`, values: "0x30" },
            { series: `apiserver_client_certificate_expiration_seconds_bucket{${lab(`job="apiserver", instance="a", le="604800"`)}}`, values: "0x30" },
            { series: `apiserver_client_certificate_expiration_seconds_bucket{${lab(`job="apiserver", instance="a", le="2592000"`)}}`, values: "0x30" },
            { series: `apiserver_client_certificate_expiration_seconds_bucket{${lab(`job="apiserver", instance="a", le="31536000"`)}}`, values: "0+10x30" },
            { series: `apiserver_client_certificate_expiration_seconds_bucket{${lab(`job="apiserver", instance="a", le="+Inf"`)}}`, values: "0+10x30" },
          ],
          at: "25m",
        },
      },
    })),
    {
      alert: "EtcdNoLeader",
      expr: `etcd_server_has_leader{job="etcd"} == 0`,
      for: "1m",
      severity: "critical",
      summary: "etcd member {{ $labels.instance }} has no leader",
      description: "The etcd member on {{ $labels.instance }} sees no leader: the cluster lost quorum or this member is cut off. The API server cannot write.",
      runbook: "Check the other control-plane nodes are up and reach each other on 2379-2380; `talosctl -n <cp> etcd status` or `etcdctl endpoint status` (K3s).",
      needs: ["etcd"],
      test: {
        firing: { series: [{ series: `etcd_server_has_leader{${lab(`job="etcd", instance="10.0.0.11:2381"`)}}`, values: "0x10" }], at: "5m", labels: { job: "etcd", instance: "10.0.0.11:2381", cluster: "lab" } },
        healthy: { series: [{ series: `etcd_server_has_leader{${lab(`job="etcd", instance="10.0.0.11:2381"`)}}`, values: "1x10" }], at: "5m" },
      },
    },
    {
      alert: "EtcdMemberDown",
      expr: `up{job="etcd"} == 0`,
      for: "10m",
      severity: "critical",
      summary: "etcd member {{ $labels.instance }} is down",
      description: "The etcd member on {{ $labels.instance }} has not answered for 10 minutes; one more down and a 3-member cluster loses quorum.",
      runbook: "On the node: the k3s service (embedded etcd) or `talosctl -n <cp> service etcd`; if it never answered, the metrics setting from node-config/ is not applied.",
      needsTarget: ["etcd"],
      test: {
        firing: { series: [{ series: `up{${lab(`job="etcd", instance="10.0.0.11:2381"`)}}`, values: "0x20" }], at: "15m", labels: { job: "etcd", instance: "10.0.0.11:2381", cluster: "lab" } },
        healthy: { series: [{ series: `up{${lab(`job="etcd", instance="10.0.0.11:2381"`)}}`, values: "1x20" }], at: "15m" },
      },
    },
    ...([
      ["EtcdHighFsyncDurations", "etcd_disk_wal_fsync_duration_seconds", 0.5, "WAL fsync", "fsync"],
      ["EtcdHighCommitDurations", "etcd_disk_backend_commit_duration_seconds", 0.25, "backend commit", "commit"],
    ] as const).map(([alert, metric, limit, what, short]) => ({
      alert,
      expr: `histogram_quantile(0.99, sum by (cluster, instance, le) (rate(${metric}_bucket{job="etcd"}[5m]))) > ${limit}`,
      for: "10m",
      severity: "warning" as const,
      summary: `etcd on {{ $labels.instance }} is slow to ${short}: {{ $value | humanizeDuration }}`,
      description: `The 99th percentile ${what} duration of etcd on {{ $labels.instance }} has been above ${limit}s for 10 minutes: its disk is too slow, and leader elections follow.`,
      runbook: "etcd needs a disk with low fsync latency: an SSD, not an SD card or a busy HDD, and not NFS.",
      needs: ["etcd"],
      test: {
        firing: {
          series: [
            { series: `${metric}_bucket{${lab(`job="etcd", instance="a", le="0.1"`)}}`, values: "0x30" },
            { series: `${metric}_bucket{${lab(`job="etcd", instance="a", le="1"`)}}`, values: "0+10x30" },
            { series: `${metric}_bucket{${lab(`job="etcd", instance="a", le="+Inf"`)}}`, values: "0+10x30" },
          ],
          at: "25m",
          labels: { instance: "a", cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `${metric}_bucket{${lab(`job="etcd", instance="a", le="0.1"`)}}`, values: "0+10x30" },
            { series: `${metric}_bucket{${lab(`job="etcd", instance="a", le="+Inf"`)}}`, values: "0+10x30" },
          ],
          at: "25m",
        },
      },
    })),
  ],
});
