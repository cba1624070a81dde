// kubelet /metrics (Kubernetes 1.30-1.35), from the Kubernetes metrics reference
// (kubernetes.io/docs/reference/instrumentation/metrics) and pkg/kubelet/metrics/metrics.go.
// No real scrape of this endpoint is in the reference data. The component-base families every
// component has (go_, process_, rest_client_, workqueue_...) come from the other components' scrapes.
import { histogram } from "../index.js";
import { KUBE_SCHEDULER } from "../scraped/kube-scheduler.js";

const GAUGES_AND_COUNTERS = [
  "kubelet_running_pods", "kubelet_running_containers", "kubelet_runtime_operations_total", "kubelet_runtime_operations_errors_total",
  "kubelet_volume_stats_capacity_bytes", "kubelet_volume_stats_available_bytes", "kubelet_volume_stats_used_bytes",
  "kubelet_volume_stats_inodes", "kubelet_volume_stats_inodes_free", "kubelet_volume_stats_inodes_used", "kubelet_volume_stats_health_status_abnormal",
  "kubelet_node_name", "kubelet_certificate_manager_client_ttl_seconds", "kubelet_certificate_manager_client_expiration_renew_errors",
  "kubelet_certificate_manager_server_ttl_seconds", "kubelet_server_expiration_renew_errors", "kubelet_evictions", "kubelet_preemptions",
  "kubelet_started_pods_total", "kubelet_started_pods_errors_total", "kubelet_started_containers_total", "kubelet_started_containers_errors_total",
  "kubelet_restarted_pods_total", "kubelet_desired_pods", "kubelet_active_pods", "kubelet_mirror_pods", "kubelet_working_pods",
  "kubelet_orphaned_runtime_pods_total", "kubelet_http_requests_total", "kubelet_http_inflight_requests", "kubelet_managed_ephemeral_containers",
  "kubelet_node_startup_duration_seconds", "kubelet_pleg_last_seen_seconds", "kubelet_pleg_discard_events", "kubelet_run_podsandbox_errors_total",
  "kubelet_image_garbage_collected_total", "kubelet_container_log_filesystem_used_bytes", "kubelet_graceful_shutdown_start_time_seconds",
  "kubelet_graceful_shutdown_end_time_seconds", "kubelet_topology_manager_admission_requests_total", "kubelet_topology_manager_admission_errors_total",
  "volume_manager_total_volumes", "plugin_manager_total_plugins", "reconstruct_volume_operations_total", "reconstruct_volume_operations_errors_total",
];

const HISTOGRAMS = [
  "kubelet_pod_start_duration_seconds", "kubelet_pod_start_sli_duration_seconds", "kubelet_pod_start_total_duration_seconds",
  "kubelet_pod_worker_duration_seconds", "kubelet_pod_worker_start_duration_seconds", "kubelet_pleg_relist_duration_seconds",
  "kubelet_pleg_relist_interval_seconds", "kubelet_runtime_operations_duration_seconds", "kubelet_cgroup_manager_duration_seconds",
  "kubelet_http_requests_duration_seconds", "kubelet_image_pull_duration_seconds", "kubelet_pod_status_sync_duration_seconds",
  "kubelet_run_podsandbox_duration_seconds", "kubelet_eviction_stats_age_seconds", "kubelet_containers_per_pod_count",
  "kubelet_volume_metric_collection_duration_seconds", "kubelet_topology_manager_admission_duration_ms", "storage_operation_duration_seconds",
];

/** Component-base families, as every Kubernetes component exports them (taken from kube-scheduler's real scrape). */
const COMPONENT_BASE = KUBE_SCHEDULER.filter((n) => /^(go_|process_|rest_client_|workqueue_|kubernetes_build_info$|kubernetes_feature_enabled$|registered_metrics_total$|disabled_metrics_total$|hidden_metrics_total$)/.test(n));

export const KUBELET: readonly string[] = [...new Set([...GAUGES_AND_COUNTERS, ...HISTOGRAMS.flatMap(histogram), ...COMPONENT_BASE])].sort();

/** kubelet /metrics/probes: prober_probe_total (real scrape) and, from 1.24, its duration histogram. */
export const KUBELET_PROBES: readonly string[] = ["prober_probe_total", ...histogram("prober_probe_duration_seconds")];
