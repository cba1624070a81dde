// CoreDNS 1.11-1.12 on :9153 (plugin/*/metrics.go at v1.11.0-v1.12.4). forward's per-upstream
// metrics are coredns_proxy_* since 1.11.0; the old coredns_forward_requests_total and friends
// no longer exist.
import { histogram } from "../index.js";

export const COREDNS: readonly string[] = [
  "coredns_build_info", "coredns_panics_total", "coredns_plugin_enabled", "coredns_dns_requests_total", "coredns_dns_responses_total",
  "coredns_dns_do_requests_total", "coredns_cache_entries", "coredns_cache_requests_total", "coredns_cache_hits_total", "coredns_cache_misses_total",
  "coredns_cache_prefetch_total", "coredns_cache_drops_total", "coredns_cache_served_stale_total", "coredns_cache_evictions_total",
  "coredns_proxy_healthcheck_failures_total", "coredns_proxy_conn_cache_hits_total", "coredns_proxy_conn_cache_misses_total",
  "coredns_forward_healthcheck_broken_total", "coredns_forward_max_concurrent_rejects_total", "coredns_reload_failed_total",
  "coredns_reload_version_info", "coredns_health_request_failures_total", "coredns_hosts_entries", "coredns_hosts_reload_timestamp_seconds",
  "coredns_kubernetes_rest_client_requests_total",
  ...["coredns_dns_request_duration_seconds", "coredns_dns_request_size_bytes", "coredns_dns_response_size_bytes", "coredns_proxy_request_duration_seconds",
    "coredns_health_request_duration_seconds", "coredns_kubernetes_dns_programming_duration_seconds"].flatMap(histogram),
  "go_goroutines", "go_memstats_alloc_bytes", "go_memstats_heap_inuse_bytes", "process_cpu_seconds_total", "process_resident_memory_bytes",
  "process_open_fds", "process_max_fds", "process_start_time_seconds",
].sort();
