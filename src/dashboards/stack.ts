// The stack's own health: VictoriaMetrics or Prometheus, vmagent, vmalert, Alertmanager, the log store and agent.
import type { DashboardSpec } from "./build.js";

const c = 'cluster="$cluster"';

export const stackDashboard: DashboardSpec = {
  uid: "vigil-stack",
  title: "Monitoring stack",
  folder: "Monitoring",
  description: "Ingestion, errors, disk and memory of the monitoring stack itself.",
  variables: [],
  rows: [
    {
      title: "VictoriaMetrics",
      panels: [
        { title: "Samples ingested", kind: "timeseries", unit: "short", needs: ["victoriametrics"], queries: [{ expr: `sum(rate(vm_rows_inserted_total{${c}, job="victoriametrics"}[$__rate_interval]))`, legend: "samples/s" }] },
        { title: "Active series (new per hour)", kind: "timeseries", needs: ["victoriametrics"], queries: [{ expr: `sum(increase(vm_new_timeseries_created_total{${c}, job="victoriametrics"}[1h]))`, legend: "new series/h" }] },
        { title: "Disk: data and free", kind: "timeseries", unit: "bytes", needs: ["victoriametrics"], queries: [{ expr: `sum(vm_data_size_bytes{${c}, job="victoriametrics"})`, legend: "data" }, { expr: `min(vm_free_disk_space_bytes{${c}, job="victoriametrics"})`, legend: "free" }] },
        { title: "Memory", kind: "timeseries", unit: "bytes", needs: ["victoriametrics", "vmagent"], queries: [{ expr: `sum by (job) (process_resident_memory_bytes{${c}, job=~"victoriametrics|vmagent|vmalert|alertmanager|victorialogs"})`, legend: "{{job}}" }] },
      ],
    },
    {
      // metrics.mode cluster: vminsert receives, vmstorage keeps, vmselect answers.
      title: "VictoriaMetrics cluster",
      panels: [
        { title: "Samples received (vminsert)", kind: "timeseries", unit: "short", needs: ["vminsert"], queries: [{ expr: `sum(rate(vm_rows_inserted_total{${c}, job="vminsert"}[$__rate_interval]))`, legend: "samples/s" }] },
        { title: "vmstorage nodes reachable", kind: "timeseries", needs: ["vminsert"], queries: [{ expr: `min by (addr) (vm_rpc_vmstorage_is_reachable{${c}, job="vminsert"})`, legend: "{{addr}}" }] },
        { title: "Rows rerouted and incompletely replicated", kind: "timeseries", unit: "short", needs: ["vminsert"], queries: [{ expr: `sum by (addr) (rate(vm_rpc_rows_rerouted_from_here_total{${c}, job="vminsert"}[$__rate_interval]))`, legend: "rerouted from {{addr}}" }, { expr: `sum(rate(vm_rpc_rows_incompletely_replicated_total{${c}, job="vminsert"}[$__rate_interval]))`, legend: "incompletely replicated" }] },
        { title: "Disk per vmstorage: data and free", kind: "timeseries", unit: "bytes", needs: ["vmstorage"], queries: [{ expr: `sum by (instance) (vm_data_size_bytes{${c}, job="vmstorage"})`, legend: "{{instance}} data" }, { expr: `min by (instance) (vm_free_disk_space_bytes{${c}, job="vmstorage"})`, legend: "{{instance}} free" }] },
        { title: "Active merges per vmstorage", kind: "timeseries", needs: ["vmstorage"], queries: [{ expr: `sum by (instance) (vm_active_merges{${c}, job="vmstorage"})`, legend: "{{instance}}" }] },
        { title: "vmselect errors", kind: "timeseries", unit: "short", needs: ["vmselect"], queries: [{ expr: `sum by (instance) (rate(vm_http_request_errors_total{${c}, job="vmselect"}[$__rate_interval]))`, legend: "{{instance}}" }] },
        { title: "Memory", kind: "timeseries", unit: "bytes", needs: ["vmstorage", "vminsert", "vmselect"], queries: [{ expr: `sum by (job, instance) (process_resident_memory_bytes{${c}, job=~"vmstorage|vminsert|vmselect"})`, legend: "{{job}} {{instance}}" }] },
      ],
    },
    {
      // metrics.backend: prometheus: one Prometheus stores, scrapes and evaluates.
      title: "Prometheus",
      panels: [
        { title: "Samples appended", kind: "timeseries", unit: "short", needs: ["prometheus"], queries: [{ expr: `sum(rate(prometheus_tsdb_head_samples_appended_total{${c}, job="prometheus"}[$__rate_interval]))`, legend: "samples/s" }] },
        { title: "Series in the head block", kind: "timeseries", needs: ["prometheus"], queries: [{ expr: `sum(prometheus_tsdb_head_series{${c}, job="prometheus"})`, legend: "series" }] },
        { title: "Disk: blocks and size limit", kind: "timeseries", unit: "bytes", needs: ["prometheus"], queries: [{ expr: `sum(prometheus_tsdb_storage_blocks_bytes{${c}, job="prometheus"})`, legend: "blocks" }, { expr: `max(prometheus_tsdb_retention_limit_bytes{${c}, job="prometheus"})`, legend: "retentionSize" }] },
        { title: "Targets", kind: "timeseries", needs: ["prometheus"], queries: [{ expr: `sum(prometheus_target_scrape_pool_targets{${c}, job="prometheus"})`, legend: "targets" }, { expr: `count(up{${c}} == 0)`, legend: "down" }] },
        { title: "Rule evaluation failures", kind: "timeseries", needs: ["prometheus"], queries: [{ expr: `sum by (rule_group) (rate(prometheus_rule_evaluation_failures_total{${c}, job="prometheus"}[$__rate_interval]))`, legend: "{{rule_group}}" }] },
        { title: "Memory", kind: "timeseries", unit: "bytes", needs: ["prometheus"], queries: [{ expr: `sum by (job) (process_resident_memory_bytes{${c}, job=~"prometheus|alertmanager|victorialogs|loki"})`, legend: "{{job}}" }] },
      ],
    },
    {
      title: "vmagent",
      panels: [
        { title: "Targets", kind: "timeseries", needs: ["vmagent"], queries: [{ expr: `sum by (status) (vm_promscrape_targets{${c}, job="vmagent"})`, legend: "{{status}}" }] },
        { title: "Scrape failures", kind: "timeseries", needs: ["vmagent"], queries: [{ expr: `sum(rate(vm_promscrape_scrapes_failed_total{${c}, job="vmagent"}[$__rate_interval]))`, legend: "failed/s" }] },
        { title: "Remote write pending", kind: "timeseries", unit: "bytes", needs: ["vmagent"], queries: [{ expr: `sum(vmagent_remotewrite_pending_data_bytes{${c}, job="vmagent"})`, legend: "pending" }] },
        { title: "Remote write dropped", kind: "timeseries", needs: ["vmagent"], queries: [{ expr: `sum(rate(vmagent_remotewrite_packets_dropped_total{${c}, job="vmagent"}[$__rate_interval]))`, legend: "dropped/s" }] },
      ],
    },
    {
      title: "Alerting",
      panels: [
        { title: "Rule evaluation errors", kind: "timeseries", needs: ["vmalert"], queries: [{ expr: `sum by (group) (rate(vmalert_alerting_rules_errors_total{${c}, job="vmalert"}[$__rate_interval]))`, legend: "{{group}}" }] },
        { title: "Notifications by integration", kind: "timeseries", needs: ["alertmanager"], queries: [{ expr: `sum by (integration) (rate(alertmanager_notifications_total{${c}, job="alertmanager"}[$__rate_interval]))`, legend: "{{integration}} sent" }, { expr: `sum by (integration) (rate(alertmanager_notifications_failed_total{${c}, job="alertmanager"}[$__rate_interval]))`, legend: "{{integration}} failed" }] },
      ],
    },
    {
      title: "Logs",
      panels: [
        { title: "VictoriaLogs: lines ingested", kind: "timeseries", needs: ["victorialogs"], queries: [{ expr: `sum(rate(vl_rows_ingested_total{${c}, job="victorialogs"}[$__rate_interval]))`, legend: "lines/s" }] },
        { title: "VictoriaLogs: disk", kind: "timeseries", unit: "bytes", needs: ["victorialogs"], queries: [{ expr: `sum(vl_data_size_bytes{${c}, job="victorialogs"})`, legend: "data" }, { expr: `min(vl_free_disk_space_bytes{${c}, job="victorialogs"})`, legend: "free" }] },
        { title: "VictoriaLogs: lines ingested", kind: "timeseries", needs: ["vlinsert"], queries: [{ expr: `sum(rate(vl_rows_ingested_total{${c}, job="vlinsert"}[$__rate_interval]))`, legend: "lines/s" }] },
        { title: "Vector: events sent per node", kind: "timeseries", needs: ["vector"], queries: [{ expr: `sum by (node) (rate(vector_component_sent_events_total{${c}, job="vector", component_id=~"logstore_.*"}[$__rate_interval]))`, legend: "{{node}}" }] },
        { title: "Vector: errors", kind: "timeseries", needs: ["vector"], queries: [{ expr: `sum by (node, component_id) (rate(vector_component_errors_total{${c}, job="vector"}[$__rate_interval]))`, legend: "{{node}} {{component_id}}" }] },
      ],
    },
    {
      // logs.mode cluster: vlinsert receives and spreads, vlstorage keeps, vlselect answers.
      title: "VictoriaLogs cluster",
      panels: [
        { title: "vlstorage nodes reachable (vlinsert)", kind: "timeseries", needs: ["vlinsert"], queries: [{ expr: `min by (addr) (vl_insert_remote_is_reachable{${c}, job="vlinsert"})`, legend: "{{addr}}" }] },
        { title: "Disk per vlstorage: data and free", kind: "timeseries", unit: "bytes", needs: ["vlstorage"], queries: [{ expr: `sum by (instance) (vl_data_size_bytes{${c}, job="vlstorage"})`, legend: "{{instance}} data" }, { expr: `min by (instance) (vl_free_disk_space_bytes{${c}, job="vlstorage"})`, legend: "{{instance}} free" }] },
        { title: "vlselect errors per storage node", kind: "timeseries", unit: "short", needs: ["vlselect"], queries: [{ expr: `sum by (addr) (rate(vl_select_remote_send_errors_total{${c}, job="vlselect"}[$__rate_interval]))`, legend: "{{addr}}" }] },
        { title: "Memory", kind: "timeseries", unit: "bytes", needs: ["vlstorage", "vlinsert", "vlselect"], queries: [{ expr: `sum by (job, instance) (process_resident_memory_bytes{${c}, job=~"vlstorage|vlinsert|vlselect"})`, legend: "{{job}} {{instance}}" }] },
      ],
    },
  ],
};
