// node_exporter 1.8-1.9 default Linux collectors, from collector/*.go at v1.8.0 and v1.9.1.
// The real scrape in the reference data ran against fixture /proc and /sys and lacks the
// host-dependent families below (filesystem, network bytes, MemAvailable, uname, timex).
import { NODE_EXPORTER as SCRAPED } from "../scraped/node-exporter.js";

const DOCUMENTED = [
  "node_filesystem_avail_bytes", "node_filesystem_size_bytes", "node_filesystem_free_bytes", "node_filesystem_files", "node_filesystem_files_free",
  "node_filesystem_readonly", "node_filesystem_device_error", "node_network_receive_bytes_total", "node_network_transmit_bytes_total",
  "node_network_receive_errs_total", "node_network_transmit_errs_total", "node_network_receive_drop_total", "node_network_transmit_drop_total",
  "node_network_receive_packets_total", "node_network_transmit_packets_total", "node_network_up", "node_network_info", "node_network_carrier",
  "node_network_speed_bytes", "node_network_mtu_bytes", "node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes", "node_memory_MemFree_bytes",
  "node_memory_Buffers_bytes", "node_memory_Cached_bytes", "node_memory_SwapTotal_bytes", "node_memory_SwapFree_bytes", "node_uname_info",
  "node_os_info", "node_boot_time_seconds", "node_time_seconds", "node_timex_offset_seconds", "node_timex_sync_status", "node_timex_maxerror_seconds",
  "node_timex_estimated_error_seconds", "node_vmstat_oom_kill", "node_pressure_cpu_waiting_seconds_total", "node_pressure_io_waiting_seconds_total",
  "node_pressure_io_stalled_seconds_total", "node_pressure_memory_waiting_seconds_total", "node_pressure_memory_stalled_seconds_total",
  "node_hwmon_temp_celsius", "node_thermal_zone_temp", "node_load1", "node_load5", "node_load15", "node_cpu_seconds_total",
  "node_disk_read_bytes_total", "node_disk_written_bytes_total", "node_disk_io_time_seconds_total", "node_exporter_build_info",
  "node_scrape_collector_success", "node_scrape_collector_duration_seconds", "node_textfile_scrape_error",
];

export const NODE_EXPORTER: readonly string[] = [...new Set([...SCRAPED, ...DOCUMENTED])].sort();
