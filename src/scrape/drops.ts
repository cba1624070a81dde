// Series vigil drops at scrape time: high-cardinality families that no vigil rule or dashboard
// uses. Sizes are from the real scrapes in shared/reference/metrics (series of one target).
import { dropMetrics, type RelabelRule } from "./relabel.js";

export const DROPS: Record<string, RelabelRule[]> = {
  /** On every Kubernetes component: client-go size/rate-limiter and workqueue latency buckets, Go debug counters, feature gates. */
  generic: [
    dropMetrics(
      "rest_client_(request_size_bytes|response_size_bytes|rate_limiter_duration_seconds)_bucket|workqueue_(work|queue)_duration_seconds_bucket|kubernetes_feature_enabled|go_godebug_non_default_behavior_.+|go_gc_heap_(allocs|frees)_by_size_bytes_bucket|go_sched_.+_bucket|go_gc_pauses_seconds_bucket",
    ),
  ],
  /**
   * kube-apiserver: of 22.8k series, the request-size, watch, admission, flow-control and
   * etcd-client latency buckets are ~14k; the request latency histogram keeps a third of its
   * buckets (the ones kube-prometheus keeps), enough for its quantiles.
   */
  apiserver: [
    dropMetrics(
      "apiserver_request_sli_duration_seconds_bucket|apiserver_request_body_size_bytes_bucket|apiserver_response_sizes_bucket|apiserver_watch_list_duration_seconds_bucket|apiserver_watch_cache_read_wait_seconds_bucket|apiserver_watch_events_sizes_bucket|apiserver_admission_(controller|step)_admission_duration_seconds_bucket|apiserver_flowcontrol_.+_bucket|apiserver_storage_.+_bucket|apiserver_request_filter_duration_seconds_bucket|etcd_request_duration_seconds_bucket",
    ),
    {
      action: "drop",
      sourceLabels: ["__name__", "le"],
      regex: "apiserver_request_duration_seconds_bucket;(0.15|0.2|0.3|0.35|0.4|0.45|0.6|0.7|0.8|0.9|1.25|1.5|1.75|2|3|3.5|4|4.5|6|7|8|9|15|20|30|40|45|50)",
    },
  ],
  /** kube-scheduler: per-plugin and event-handling buckets are 950 of its 2.3k series. */
  scheduler: [dropMetrics("scheduler_plugin_execution_duration_seconds_bucket|scheduler_event_handling_duration_seconds_bucket|scheduler_queueing_hint_execution_duration_seconds_bucket")],
  controllerManager: [],
  kubeProxy: [],
  /** etcd: debugging families and per-method gRPC message counters. */
  etcd: [dropMetrics("etcd_debugging_.+|grpc_server_msg_(received|sent)_total|etcd_grpc_proxy_.+")],
  /** kubelet /metrics: per-operation latency buckets. */
  kubelet: [
    dropMetrics(
      "kubelet_runtime_operations_duration_seconds_bucket|storage_operation_duration_seconds_bucket|kubelet_http_requests_duration_seconds_bucket|kubelet_cgroup_manager_duration_seconds_bucket|kubelet_pod_worker_duration_seconds_bucket|kubelet_image_pull_duration_seconds_bucket",
    ),
  ],
  /**
   * cAdvisor: task states, memory-failure counters and packet counters are 1.3k of 4.6k series;
   * cgroups that are no pod's (system slices) carry no pod label and are node-exporter's job.
   */
  cadvisor: [
    dropMetrics("container_tasks_state|container_memory_failures_total|container_network_(receive|transmit)_packets(_dropped)?_total|container_blkio_device_usage_total"),
    { action: "drop", sourceLabels: ["pod"], regex: "" },
  ],
};
