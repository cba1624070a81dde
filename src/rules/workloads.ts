// Workload alerts, from kube-state-metrics and the kubelet's volume stats.
import type { GroupDef, RuleContext } from "./types.js";
import { NO_VOLUME_STATS } from "../model/stack.js";

const KSM = 'job="kube-state-metrics"';
const at = (labels: string) => `${labels}, cluster="lab"`;

export const workloadRules = ({ stack, thresholds: t }: RuleContext): GroupDef => {
  // The PVC alerts read the kubelet's volume stats, which local-path volumes do not have.
  const volumeStats = stack.volumeStats ? {} : { unavailable: NO_VOLUME_STATS };
  return {
  name: "vigil.workloads",
  key: "workloads",
  alerts: [
    {
      alert: "KubePodCrashLooping",
      expr: `max_over_time(kube_pod_container_status_waiting_reason{${KSM}, reason="CrashLoopBackOff"}[5m]) >= 1`,
      for: "15m",
      severity: "warning",
      summary: "{{ $labels.namespace }}/{{ $labels.pod }} is crash looping",
      description: "Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} has been restarting in CrashLoopBackOff for 15 minutes.",
      runbook: "Read why it exits: `kubectl -n <ns> logs <pod> -c <container> --previous` and `kubectl -n <ns> describe pod <pod>`.",
      needs: ["kube-state-metrics"],
      test: {
        firing: { series: [{ series: `kube_pod_container_status_waiting_reason{${at(`${KSM}, namespace="apps", pod="web-1", container="web", reason="CrashLoopBackOff"`)}}`, values: "1x30" }], at: "25m", labels: { job: "kube-state-metrics", namespace: "apps", pod: "web-1", container: "web", reason: "CrashLoopBackOff", cluster: "lab" } },
        healthy: { series: [{ series: `kube_pod_container_status_waiting_reason{${at(`${KSM}, namespace="apps", pod="web-1", container="web", reason="CrashLoopBackOff"`)}}`, values: "0x30" }], at: "25m" },
      },
    },
    {
      alert: "KubePodNotReady",
      expr: `sum by (cluster, namespace, pod) (kube_pod_status_phase{${KSM}, phase=~"Pending|Unknown|Failed"}) > 0 unless on (cluster, namespace, pod) kube_pod_owner{${KSM}, owner_kind="Job"}`,
      for: "15m",
      severity: "warning",
      summary: "{{ $labels.namespace }}/{{ $labels.pod }} has not been running for 15 minutes",
      description: "{{ $labels.namespace }}/{{ $labels.pod }} has been Pending, Unknown or Failed for 15 minutes (pods of Jobs excepted).",
      runbook: "`kubectl -n <ns> describe pod <pod>`: unschedulable (resources, taints, PVC not bound), image pull errors, or a node gone.",
      needs: ["kube-state-metrics"],
      test: {
        firing: { series: [{ series: `kube_pod_status_phase{${at(`${KSM}, namespace="apps", pod="web-1", phase="Pending"`)}}`, values: "1x30" }], at: "25m", labels: { namespace: "apps", pod: "web-1", cluster: "lab" } },
        healthy: {
          series: [
            { series: `kube_pod_status_phase{${at(`${KSM}, namespace="apps", pod="job-1", phase="Pending"`)}}`, values: "1x30" },
            { series: `kube_pod_owner{${at(`${KSM}, namespace="apps", pod="job-1", owner_kind="Job", owner_name="j"`)}}`, values: "1x30" },
            { series: `kube_pod_status_phase{${at(`${KSM}, namespace="apps", pod="web-1", phase="Running"`)}}`, values: "1x30" },
          ],
          at: "25m",
        },
      },
    },
    {
      alert: "KubeDeploymentReplicasMismatch",
      expr: `kube_deployment_spec_replicas{${KSM}} > kube_deployment_status_replicas_available{${KSM}}`,
      for: "15m",
      severity: "warning",
      summary: "Deployment {{ $labels.namespace }}/{{ $labels.deployment }} lacks replicas",
      description: "Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has had fewer available replicas than it wants for 15 minutes.",
      runbook: "`kubectl -n <ns> describe deployment <name>` and its pods: failing readiness, crash loops, or no room on the nodes.",
      needs: ["kube-state-metrics"],
      test: {
        firing: {
          series: [
            { series: `kube_deployment_spec_replicas{${at(`${KSM}, namespace="apps", deployment="web"`)}}`, values: "2x30" },
            { series: `kube_deployment_status_replicas_available{${at(`${KSM}, namespace="apps", deployment="web"`)}}`, values: "1x30" },
          ],
          at: "25m",
          labels: { job: "kube-state-metrics", namespace: "apps", deployment: "web", cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `kube_deployment_spec_replicas{${at(`${KSM}, namespace="apps", deployment="web"`)}}`, values: "2x30" },
            { series: `kube_deployment_status_replicas_available{${at(`${KSM}, namespace="apps", deployment="web"`)}}`, values: "2x30" },
          ],
          at: "25m",
        },
      },
    },
    {
      alert: "KubeStatefulSetReplicasMismatch",
      expr: `kube_statefulset_replicas{${KSM}} > kube_statefulset_status_replicas_ready{${KSM}}`,
      for: "15m",
      severity: "warning",
      summary: "StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} lacks ready replicas",
      description: "StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} has had fewer ready replicas than it wants for 15 minutes.",
      runbook: "`kubectl -n <ns> describe statefulset <name>`; a pod stuck on its volume (PVC pending, volume attached elsewhere) is common.",
      needs: ["kube-state-metrics"],
      test: {
        firing: {
          series: [
            { series: `kube_statefulset_replicas{${at(`${KSM}, namespace="db", statefulset="pg"`)}}`, values: "1x30" },
            { series: `kube_statefulset_status_replicas_ready{${at(`${KSM}, namespace="db", statefulset="pg"`)}}`, values: "0x30" },
          ],
          at: "25m",
          labels: { job: "kube-state-metrics", namespace: "db", statefulset: "pg", cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `kube_statefulset_replicas{${at(`${KSM}, namespace="db", statefulset="pg"`)}}`, values: "1x30" },
            { series: `kube_statefulset_status_replicas_ready{${at(`${KSM}, namespace="db", statefulset="pg"`)}}`, values: "1x30" },
          ],
          at: "25m",
        },
      },
    },
    {
      alert: "KubeDaemonSetNotReady",
      expr: `kube_daemonset_status_desired_number_scheduled{${KSM}} > kube_daemonset_status_number_ready{${KSM}}`,
      for: "15m",
      severity: "warning",
      summary: "DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} is not ready on every node",
      description: "DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} has had fewer ready pods than nodes it should run on for 15 minutes.",
      runbook: "`kubectl -n <ns> get pods -o wide -l <selector>`: find the node where it is not ready and describe that pod.",
      needs: ["kube-state-metrics"],
      test: {
        firing: {
          series: [
            { series: `kube_daemonset_status_desired_number_scheduled{${at(`${KSM}, namespace="monitoring", daemonset="vector"`)}}`, values: "3x30" },
            { series: `kube_daemonset_status_number_ready{${at(`${KSM}, namespace="monitoring", daemonset="vector"`)}}`, values: "2x30" },
          ],
          at: "25m",
          labels: { job: "kube-state-metrics", namespace: "monitoring", daemonset: "vector", cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `kube_daemonset_status_desired_number_scheduled{${at(`${KSM}, namespace="monitoring", daemonset="vector"`)}}`, values: "3x30" },
            { series: `kube_daemonset_status_number_ready{${at(`${KSM}, namespace="monitoring", daemonset="vector"`)}}`, values: "3x30" },
          ],
          at: "25m",
        },
      },
    },
    {
      alert: "KubeJobFailed",
      expr: `kube_job_status_failed{${KSM}} > 0`,
      for: "5m",
      severity: "warning",
      summary: "Job {{ $labels.namespace }}/{{ $labels.job_name }} failed",
      description: "Job {{ $labels.namespace }}/{{ $labels.job_name }} has failed pods. The alert stays until the Job is deleted (CronJobs clean up on their own history limit).",
      runbook: "`kubectl -n <ns> logs job/<name>`; fix the cause, then delete the failed Job.",
      needs: ["kube-state-metrics"],
      test: {
        firing: { series: [{ series: `kube_job_status_failed{${at(`${KSM}, namespace="backup", job_name="nightly"`)}}`, values: "1x20" }], at: "10m", labels: { job: "kube-state-metrics", namespace: "backup", job_name: "nightly", cluster: "lab" } },
        healthy: { series: [{ series: `kube_job_status_failed{${at(`${KSM}, namespace="backup", job_name="nightly"`)}}`, values: "0x20" }], at: "10m" },
      },
    },
    {
      alert: "KubeNodeNotReady",
      expr: `kube_node_status_condition{${KSM}, condition="Ready", status="true"} == 0`,
      for: "10m",
      severity: "critical",
      summary: "Node {{ $labels.node }} is not ready",
      description: "Kubernetes has considered {{ $labels.node }} not ready for 10 minutes; its pods are being evicted.",
      runbook: "`kubectl describe node <node>` (conditions: disk, memory, PID pressure, kubelet stopped posting status); then the kubelet or k3s service on the node.",
      needs: ["kube-state-metrics"],
      test: {
        firing: { series: [{ series: `kube_node_status_condition{${at(`${KSM}, node="n1", condition="Ready", status="true"`)}}`, values: "0x20" }], at: "15m", labels: { job: "kube-state-metrics", node: "n1", condition: "Ready", status: "true", cluster: "lab" } },
        healthy: { series: [{ series: `kube_node_status_condition{${at(`${KSM}, node="n1", condition="Ready", status="true"`)}}`, values: "1x20" }], at: "15m" },
      },
    },
    {
      ...volumeStats,
      alert: "KubePersistentVolumeFillingUp",
      expr: `kubelet_volume_stats_available_bytes{job="kubelet"} / kubelet_volume_stats_capacity_bytes{job="kubelet"} * 100 < 40 and predict_linear(kubelet_volume_stats_available_bytes{job="kubelet"}[6h], 4 * 24 * 3600) < 0`,
      for: "1h",
      severity: "warning",
      summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} fills up within 4 days",
      description: "At the rate of the last 6 hours, {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is full within 4 days.",
      runbook: "Grow the PVC (if its StorageClass allows expansion) or lower the retention of what writes to it.",
      needs: ["kubelet"],
      test: {
        firing: {
          series: [
            { series: `kubelet_volume_stats_available_bytes{${at(`job="kubelet", namespace="monitoring", persistentvolumeclaim="data"`)}}`, values: "300-1x200" },
            { series: `kubelet_volume_stats_capacity_bytes{${at(`job="kubelet", namespace="monitoring", persistentvolumeclaim="data"`)}}`, values: "1000x200" },
          ],
          at: "150m",
          labels: { job: "kubelet", namespace: "monitoring", persistentvolumeclaim: "data", cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `kubelet_volume_stats_available_bytes{${at(`job="kubelet", namespace="monitoring", persistentvolumeclaim="data"`)}}`, values: "300x200" },
            { series: `kubelet_volume_stats_capacity_bytes{${at(`job="kubelet", namespace="monitoring", persistentvolumeclaim="data"`)}}`, values: "1000x200" },
          ],
          at: "150m",
        },
      },
    },
    ...(["warning", "critical"] as const).map((severity) => {
      const pct = severity === "warning" ? t.diskFreeWarningPercent : t.diskFreeCriticalPercent;
      const pvc = (avail: string) => [
        { series: `kubelet_volume_stats_available_bytes{${at(`job="kubelet", namespace="monitoring", persistentvolumeclaim="data"`)}}`, values: `${avail}x30` },
        { series: `kubelet_volume_stats_capacity_bytes{${at(`job="kubelet", namespace="monitoring", persistentvolumeclaim="data"`)}}`, values: "1000x30" },
      ];
      return {
        ...volumeStats,
        alert: severity === "warning" ? "KubePersistentVolumeAlmostFull" : "KubePersistentVolumeFull",
        expr: `kubelet_volume_stats_available_bytes{job="kubelet"} / kubelet_volume_stats_capacity_bytes{job="kubelet"} * 100 < ${pct}`,
        for: severity === "warning" ? "15m" : "2m",
        severity,
        summary: `Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has {{ $value | humanize }}% free`,
        description: `{{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than ${pct}% space left.`,
        runbook: "Grow the PVC or delete data; a database on a full volume stops writing and may not start again.",
        needs: ["kubelet"],
        test: {
          firing: { series: pvc(String(Math.max(0, pct - 2) * 10)), at: "20m", labels: { job: "kubelet", namespace: "monitoring", persistentvolumeclaim: "data", cluster: "lab" } },
          healthy: { series: pvc("600"), at: "20m" },
        },
      };
    }),
    {
      alert: "KubeContainerOomKilled",
      expr: `increase(kube_pod_container_status_restarts_total{${KSM}}[15m]) > 0 and on (cluster, namespace, pod, container) kube_pod_container_status_last_terminated_reason{${KSM}, reason="OOMKilled"} == 1`,
      severity: "info",
      summary: "{{ $labels.namespace }}/{{ $labels.pod }} was OOM-killed",
      description: "Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} restarted after reaching its memory limit.",
      runbook: "Raise the container's memory limit, or find why it grows.",
      needs: ["kube-state-metrics"],
      test: {
        firing: {
          series: [
            { series: `kube_pod_container_status_restarts_total{${at(`${KSM}, namespace="apps", pod="web-1", container="web"`)}}`, values: "0x10 1x10" },
            { series: `kube_pod_container_status_last_terminated_reason{${at(`${KSM}, namespace="apps", pod="web-1", container="web", reason="OOMKilled"`)}}`, values: "1x20" },
          ],
          at: "15m",
          labels: { job: "kube-state-metrics", namespace: "apps", pod: "web-1", container: "web", cluster: "lab" },
        },
        healthy: {
          series: [
            { series: `kube_pod_container_status_restarts_total{${at(`${KSM}, namespace="apps", pod="web-1", container="web"`)}}`, values: "1x20" },
            { series: `kube_pod_container_status_last_terminated_reason{${at(`${KSM}, namespace="apps", pod="web-1", container="web", reason="OOMKilled"`)}}`, values: "1x20" },
          ],
          at: "15m",
        },
      },
    },
  ],
  };
};
