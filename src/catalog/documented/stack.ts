// The monitoring stack's own metrics, from the upstream alert rules and docs of each project
// (VictoriaMetrics deployment/docker/rules/alerts-*.yml, VictoriaLogs alerts-vlogs.yml,
// Alertmanager's and Vector's metric references). Only the families vigil's rules and dashboards use,
// plus the process and Go families every one of them exports.
import { histogram } from "../index.js";

const PROCESS = ["process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds", "process_max_fds", "process_start_time_seconds", "go_goroutines", "go_memstats_alloc_bytes"];
const VM_COMMON = ["vm_app_version", "vm_app_uptime_seconds", "vm_http_requests_total", "vm_http_request_errors_total", "flag", ...PROCESS];

/** The storage families VMSingle and vmstorage share (lib/storage), checked against a real VictoriaMetrics in test/metrics-cluster.test.ts. */
export const VM_STORAGE_FAMILIES: readonly string[] = [
  "vm_free_disk_space_bytes", "vm_free_disk_space_limit_bytes", "vm_data_size_bytes", "vm_rows", "vm_rows_added_to_storage_total",
  "vm_new_timeseries_created_total", "vm_cache_entries", "vm_cache_size_bytes", "vm_deduplicated_samples_total", "vm_storage_is_read_only",
  "vm_active_merges", "vm_merges_total", "vm_rows_merged_total",
];

/** VictoriaMetrics single node: the storage, and its own ingestion. */
export const VMSINGLE: readonly string[] = [
  ...VM_COMMON,
  ...VM_STORAGE_FAMILIES,
  "vm_rows_inserted_total", "vm_slow_row_inserts_total", "vm_concurrent_insert_current", "vm_concurrent_insert_capacity",
].sort();

/**
 * The VictoriaMetrics cluster (metrics.mode cluster), from app/vminsert/netstorage and
 * app/vmselect of the cluster branch and deployment/docker/rules/alerts-cluster.yml.
 */
export const VMSTORAGE: readonly string[] = [...VM_COMMON, ...VM_STORAGE_FAMILIES].sort();
export const VMINSERT: readonly string[] = [
  ...VM_COMMON,
  "vm_rows_inserted_total", "vm_rpc_vmstorage_is_reachable", "vm_rpc_vmstorage_is_read_only", "vm_rpc_rows_sent_total", "vm_rpc_rows_pushed_total",
  "vm_rpc_rows_rerouted_from_here_total", "vm_rpc_rows_rerouted_to_here_total", "vm_rpc_rows_dropped_on_overload_total", "vm_rpc_rows_incompletely_replicated_total",
  "vm_rpc_dial_errors_total", "vm_rpc_connection_errors_total", "vm_rpc_handshake_errors_total", "vm_rpc_send_duration_seconds_total", "vm_rpc_rows_pending",
].sort();
export const VMSELECT: readonly string[] = [...VM_COMMON, "vm_rpc_dial_errors_total", "vm_rpc_connection_errors_total", "vm_rpc_handshake_errors_total", "vm_cache_entries", "vm_cache_size_bytes"].sort();

/**
 * Prometheus itself: storage, scraping, rules and notifications (the families of the upstream
 * prometheus-mixin alerts, checked against a real scrape of Debian's Prometheus 2.42).
 */
export const PROMETHEUS: readonly string[] = [
  ...PROCESS,
  "prometheus_build_info", "prometheus_config_last_reload_successful", "prometheus_tsdb_head_series", "prometheus_tsdb_head_samples_appended_total",
  "prometheus_tsdb_storage_blocks_bytes", "prometheus_tsdb_retention_limit_bytes", "prometheus_tsdb_compactions_failed_total", "prometheus_tsdb_wal_corruptions_total",
  "prometheus_tsdb_lowest_timestamp_seconds", "prometheus_target_scrape_pool_targets", "prometheus_sd_discovered_targets",
  "prometheus_target_scrapes_exceeded_sample_limit_total", "prometheus_rule_evaluation_failures_total", "prometheus_rule_group_iterations_missed_total",
  "prometheus_notifications_dropped_total", "prometheus_notifications_errors_total", "prometheus_notifications_alertmanagers_discovered",
  "prometheus_remote_storage_samples_in_total",
].sort();

/**
 * Prometheus in agent mode (a fleet's spoke): scraping, its WAL and remote write. Names from the
 * /metrics of Debian's prometheus 2.42 run with --enable-feature=agent and a remote write; the
 * queue's highest-sent timestamp appears after the first successful send.
 */
export const PROMETHEUS_AGENT: readonly string[] = [
  ...PROCESS,
  "prometheus_build_info", "prometheus_config_last_reload_successful", "prometheus_agent_active_series", "prometheus_agent_samples_appended_total",
  "prometheus_agent_corruptions_total", "prometheus_target_scrape_pool_targets", "prometheus_sd_discovered_targets",
  "prometheus_remote_storage_highest_timestamp_in_seconds", "prometheus_remote_storage_queue_highest_sent_timestamp_seconds",
  "prometheus_remote_storage_samples_total", "prometheus_remote_storage_samples_failed_total", "prometheus_remote_storage_samples_retried_total",
  "prometheus_remote_storage_samples_dropped_total", "prometheus_remote_storage_samples_pending", "prometheus_remote_storage_shards",
].sort();

/** vmagent: scraping and remote write. */
export const VMAGENT: readonly string[] = [
  ...VM_COMMON,
  "vm_promscrape_targets", "vm_promscrape_scrapes_total", "vm_promscrape_scrapes_failed_total", "vm_promscrape_scrape_duration_seconds_sum",
  "vm_promscrape_scrape_duration_seconds_count", "vmagent_rows_inserted_total", "vmagent_remotewrite_requests_total",
  "vmagent_remotewrite_packets_dropped_total", "vmagent_remotewrite_pending_data_bytes", "vmagent_remotewrite_retries_count_total",
  "vmagent_remotewrite_conns", "vm_persistentqueue_bytes_pending", "vmagent_remotewrite_samples_dropped_total",
].sort();

/** vmalert: rule evaluation and notification. */
export const VMALERT: readonly string[] = [
  ...VM_COMMON,
  "vmalert_alerts_firing", "vmalert_alerts_pending", "vmalert_alerting_rules_errors_total", "vmalert_recording_rules_errors_total",
  "vmalert_iteration_missed_total", "vmalert_iteration_total", "vmalert_alerts_sent_total", "vmalert_alerts_send_errors_total",
  "vmalert_remotewrite_errors_total", "vmalert_execution_errors_total", "vmalert_config_last_reload_successful", "vmalert_alerting_rules_last_evaluation_samples",
].sort();

/** Alertmanager. */
export const ALERTMANAGER: readonly string[] = [
  ...PROCESS,
  "alertmanager_alerts", "alertmanager_notifications_total", "alertmanager_notifications_failed_total", "alertmanager_config_last_reload_successful",
  "alertmanager_silences", "alertmanager_build_info", ...histogram("alertmanager_notification_latency_seconds"),
].sort();

/** What VictoriaLogs' storage exports, on the single node and on each vlstorage (app/vlstorage/main.go). */
const VL_STORAGE_FAMILIES = [
  "vl_free_disk_space_bytes", "vl_total_disk_space_bytes", "vl_data_size_bytes", "vl_storage_is_read_only", "vl_partitions",
  "vl_streams_created_total", "vl_storage_parts", "vl_rows_dropped_total",
];
/** What its ingestion exports, on the single node and on vlinsert (app/vlinsert). */
const VL_INSERT_FAMILIES = ["vl_rows_ingested_total", "vl_bytes_ingested_total", "vl_rows_dropped_total", "vl_too_long_lines_skipped_total"];
const VL_HTTP = ["vl_http_requests_total", "vl_http_errors_total"];

/** VictoriaLogs single node. */
export const VICTORIALOGS: readonly string[] = [...new Set([...VM_COMMON, ...VL_STORAGE_FAMILIES, ...VL_INSERT_FAMILIES, ...VL_HTTP])].sort();

/**
 * The VictoriaLogs cluster (logs.mode cluster), from docs/victorialogs/metrics.md and the per-node
 * families of app/vlstorage/netinsert and netselect (v1.25.1 and later: `addr` is the -storageNode).
 */
export const VLSTORAGE: readonly string[] = [...new Set([...VM_COMMON, ...VL_STORAGE_FAMILIES, ...VL_HTTP])].sort();
export const VLINSERT: readonly string[] = [
  ...new Set([...VM_COMMON, ...VL_INSERT_FAMILIES, ...VL_HTTP, "vl_insert_remote_is_reachable", "vl_insert_remote_send_errors_total", "vl_insert_active_streams"]),
].sort();
export const VLSELECT: readonly string[] = [
  ...VM_COMMON, ...VL_HTTP, "vl_select_remote_send_errors_total", "vl_concurrent_select_current", "vl_concurrent_select_capacity", "vl_concurrent_select_limit_reached_total",
].sort();

/** Loki (grafana.com/docs/loki/latest/operations/observability/ and its mixin's rules). */
export const LOKI: readonly string[] = [
  ...PROCESS,
  "loki_build_info", "loki_distributor_lines_received_total", "loki_distributor_bytes_received_total", "loki_ingester_memory_streams",
  "loki_ingester_chunks_flushed_total", "loki_discarded_samples_total", "loki_compactor_apply_retention_last_successful_run_timestamp_seconds",
  ...["loki_request_duration_seconds"].flatMap((n) => [`${n}_bucket`, `${n}_sum`, `${n}_count`]),
].sort();

/** Alloy's controller (docs/sources/troubleshoot/controller_metrics.md) and its process, on :12345/metrics. */
const ALLOY_CONTROLLER = ["alloy_build_info", "alloy_config_last_load_successful", "alloy_component_controller_running_components", ...PROCESS];

/** Alloy as the log agent: loki.write's debug metrics (docs/sources/reference/components/loki/loki.write.md). */
export const ALLOY: readonly string[] = [
  ...ALLOY_CONTROLLER,
  "loki_write_sent_entries_total", "loki_write_dropped_entries_total", "loki_write_sent_bytes_total", "loki_write_dropped_bytes_total", "loki_write_batch_retries_total",
  ...["loki_write_request_duration_seconds"].flatMap((n) => [`${n}_bucket`, `${n}_sum`, `${n}_count`]),
].sort();

/** Alloy as the trace collector: the otelcol receiver's and exporter's (otelcol.receiver.otlp.md, otelcol.exporter.otlp.md). */
export const ALLOY_TRACES: readonly string[] = [
  ...ALLOY_CONTROLLER,
  "otelcol_receiver_accepted_spans_total", "otelcol_receiver_refused_spans_total",
  "otelcol_exporter_sent_spans_total", "otelcol_exporter_send_failed_spans_total", "otelcol_exporter_queue_size", "otelcol_exporter_queue_capacity",
].sort();

/** Vector's internal_metrics, through its prometheus_exporter sink (namespace "vector"). */
export const VECTOR: readonly string[] = [
  "vector_component_received_events_total", "vector_component_sent_events_total", "vector_component_errors_total",
  "vector_component_discarded_events_total", "vector_component_received_event_bytes_total", "vector_component_sent_event_bytes_total",
  "vector_buffer_events", "vector_buffer_byte_size", "vector_buffer_size_events", "vector_buffer_size_bytes", "vector_utilization", "vector_started_total", "vector_build_info", "vector_uptime_seconds",
].sort();

/** Tempo (grafana.com/docs/tempo/latest/operations/monitor/ and its mixin): on its HTTP port's /metrics. */
/**
 * What Tempo's metrics generator writes to the metrics store (traces.metricsGenerator), from Tempo's
 * documented metric lists ("Span metrics", "Service graphs", Tempo 2.10): not scraped, remote-written.
 */
export const TEMPO_METRICS_GENERATOR: readonly string[] = [
  "traces_spanmetrics_calls_total", "traces_spanmetrics_size_total",
  "traces_spanmetrics_latency_bucket", "traces_spanmetrics_latency_sum", "traces_spanmetrics_latency_count",
  "traces_service_graph_request_total", "traces_service_graph_request_failed_total",
  "traces_service_graph_request_server_seconds_bucket", "traces_service_graph_request_server_seconds_sum", "traces_service_graph_request_server_seconds_count",
  "traces_service_graph_request_client_seconds_bucket", "traces_service_graph_request_client_seconds_sum", "traces_service_graph_request_client_seconds_count",
  "traces_service_graph_unpaired_spans_total", "traces_service_graph_dropped_spans_total",
].sort();

export const TEMPO: readonly string[] = [
  "tempo_distributor_spans_received_total", "tempo_distributor_bytes_received_total", "tempo_discarded_spans_total",
  "tempo_ingester_live_traces", "tempo_ingester_blocks_flushed_total", "tempo_ingester_failed_flushes_total",
  "tempo_request_duration_seconds_bucket", "tempo_request_duration_seconds_sum", "tempo_request_duration_seconds_count",
  "tempodb_blocklist_length", "tempodb_compaction_errors_total",
  "process_resident_memory_bytes", "process_cpu_seconds_total", "go_goroutines",
].sort();
