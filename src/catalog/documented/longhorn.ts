// Longhorn manager metrics (longhorn.io/docs/1.7.0/monitoring/metrics/): volume, node and disk state.
export const LONGHORN: readonly string[] = [
  "longhorn_volume_actual_size_bytes", "longhorn_volume_capacity_bytes", "longhorn_volume_state", "longhorn_volume_robustness",
  "longhorn_node_status", "longhorn_node_count_total", "longhorn_disk_capacity_bytes", "longhorn_disk_usage_bytes", "longhorn_disk_reservation_bytes",
  "longhorn_instance_manager_cpu_usage_millicpu", "longhorn_instance_manager_memory_usage_bytes", "longhorn_manager_cpu_usage_millicpu",
  "longhorn_manager_memory_usage_bytes", "longhorn_backup_state",
].sort();
