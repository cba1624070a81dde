// prometheus-pve-exporter 3.x (github.com/prometheus-pve/prometheus-pve-exporter README): the
// families of the default module with the node and cluster collectors.
export const PVE_EXPORTER: readonly string[] = [
  "pve_up", "pve_cpu_usage_ratio", "pve_cpu_usage_limit", "pve_memory_usage_bytes", "pve_memory_size_bytes", "pve_disk_usage_bytes",
  "pve_disk_size_bytes", "pve_uptime_seconds", "pve_guest_info", "pve_node_info", "pve_storage_info", "pve_storage_shared",
  "pve_network_receive_bytes", "pve_network_transmit_bytes", "pve_disk_read_bytes", "pve_disk_write_bytes", "pve_ha_state",
  "pve_lock_state", "pve_version_info", "pve_cluster_info", "pve_onboot_status",
].sort();
