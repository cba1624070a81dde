// Namespace, workload and pod resources: CPU, memory, restarts, throttling, OOM kills. cAdvisor's
// series are matched on `pod`, never `container!=""`: on K3s cAdvisor can lack the container label.
import type { DashboardSpec } from "./build.js";

const c = 'cluster="$cluster"';
const cad = `${c}, job="kubelet", metrics_path="/metrics/cadvisor", namespace=~"$namespace", pod=~"$pod"`;
const ksm = `${c}, job="kube-state-metrics", namespace=~"$namespace", pod=~"$pod"`;

export const workloadsDashboard: DashboardSpec = {
  uid: "vigil-workloads",
  title: "Namespaces and pods",
  folder: "Kubernetes",
  description: "Resources of the pods of one or more namespaces.",
  // Its namespace and pod pickers list kube-state-metrics' pods (kube_pod_info).
  when: (stack) => stack.enabled.kubeStateMetrics,
  variables: [
    { name: "namespace", label: "Namespace", query: `label_values(kube_pod_info{cluster="$cluster", job="kube-state-metrics"}, namespace)`, multi: true, includeAll: true },
    { name: "pod", label: "Pod", query: `label_values(kube_pod_info{cluster="$cluster", job="kube-state-metrics", namespace=~"$namespace"}, pod)`, multi: true, includeAll: true },
  ],
  rows: [
    {
      title: "CPU",
      panels: [
        { title: "CPU by pod", kind: "timeseries", needs: ["kubelet"], queries: [{ expr: `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{${cad}}[$__rate_interval]))`, legend: "{{namespace}}/{{pod}}" }] },
        {
          title: "CPU throttled",
          kind: "timeseries",
          unit: "percentunit",
          needs: ["kubelet"],
          description: "Share of scheduling periods in which the pod hit its CPU limit.",
          queries: [{ expr: `sum by (namespace, pod) (rate(container_cpu_cfs_throttled_periods_total{${cad}}[$__rate_interval])) / sum by (namespace, pod) (rate(container_cpu_cfs_periods_total{${cad}}[$__rate_interval]))`, legend: "{{namespace}}/{{pod}}" }],
        },
      ],
    },
    {
      title: "Memory",
      panels: [
        { title: "Memory (working set) by pod", kind: "timeseries", unit: "bytes", needs: ["kubelet"], queries: [{ expr: `sum by (namespace, pod) (container_memory_working_set_bytes{${cad}})`, legend: "{{namespace}}/{{pod}}" }] },
        { title: "Memory limits by pod", kind: "timeseries", unit: "bytes", needs: ["kube-state-metrics"], queries: [{ expr: `sum by (namespace, pod) (kube_pod_container_resource_limits{${ksm}, resource="memory"})`, legend: "{{namespace}}/{{pod}}" }] },
      ],
    },
    {
      title: "Restarts",
      panels: [
        { title: "Restarts", kind: "timeseries", needs: ["kube-state-metrics"], queries: [{ expr: `sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{${ksm}}[1h]))`, legend: "{{namespace}}/{{pod}}" }] },
        { title: "Last terminated: OOM-killed", kind: "table", needs: ["kube-state-metrics"], queries: [{ expr: `kube_pod_container_status_last_terminated_reason{${ksm}, reason="OOMKilled"} == 1`, instant: true }] },
      ],
    },
    {
      title: "Network",
      panels: [
        { title: "Network by pod", kind: "timeseries", unit: "Bps", needs: ["kubelet"], queries: [{ expr: `sum by (namespace, pod) (rate(container_network_receive_bytes_total{${cad}}[$__rate_interval]))`, legend: "{{namespace}}/{{pod}} in" }, { expr: `sum by (namespace, pod) (rate(container_network_transmit_bytes_total{${cad}}[$__rate_interval]))`, legend: "{{namespace}}/{{pod}} out" }] },
      ],
    },
  ],
};
