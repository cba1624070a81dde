// Dashboards of the homelab's platform apps. Each appears when its scrape does: CoreDNS is scraped
// by default; cert-manager, Flux, Argo CD, Traefik and Longhorn come with exporters.<app>.
import type { DashboardSpec } from "./build.js";

const c = 'cluster="$cluster"';

export const appDashboards: DashboardSpec[] = [
  {
    uid: "vigil-coredns",
    title: "CoreDNS",
    folder: "Apps",
    description: "Cluster DNS: queries, answers, latency, cache.",
    variables: [],
    rows: [
      {
        title: "CoreDNS",
        panels: [
          { title: "Queries by type", kind: "timeseries", unit: "reqps", needs: ["coredns"], queries: [{ expr: `sum by (type) (rate(coredns_dns_requests_total{${c}, job="coredns"}[$__rate_interval]))`, legend: "{{type}}" }] },
          { title: "Answers by code", kind: "timeseries", unit: "reqps", needs: ["coredns"], queries: [{ expr: `sum by (rcode) (rate(coredns_dns_responses_total{${c}, job="coredns"}[$__rate_interval]))`, legend: "{{rcode}}" }] },
          { title: "Latency p99", kind: "timeseries", unit: "s", needs: ["coredns"], queries: [{ expr: `histogram_quantile(0.99, sum by (le) (rate(coredns_dns_request_duration_seconds_bucket{${c}, job="coredns"}[$__rate_interval])))`, legend: "p99" }] },
          { title: "Cache hits", kind: "timeseries", unit: "reqps", needs: ["coredns"], queries: [{ expr: `sum by (type) (rate(coredns_cache_hits_total{${c}, job="coredns"}[$__rate_interval]))`, legend: "{{type}}" }] },
        ],
      },
    ],
  },
  {
    uid: "vigil-traefik",
    title: "Traefik",
    folder: "Apps",
    description: "Requests through K3s's ingress, per service.",
    variables: [],
    rows: [
      {
        title: "Traefik",
        panels: [
          { title: "Requests by service", kind: "timeseries", unit: "reqps", needs: ["traefik"], queries: [{ expr: `sum by (service) (rate(traefik_service_requests_total{${c}, job="traefik"}[$__rate_interval]))`, legend: "{{service}}" }] },
          { title: "5xx by service", kind: "timeseries", unit: "reqps", needs: ["traefik"], queries: [{ expr: `sum by (service) (rate(traefik_service_requests_total{${c}, job="traefik", code=~"5.."}[$__rate_interval]))`, legend: "{{service}}" }] },
          { title: "Latency p95 by service", kind: "timeseries", unit: "s", needs: ["traefik"], queries: [{ expr: `histogram_quantile(0.95, sum by (service, le) (rate(traefik_service_request_duration_seconds_bucket{${c}, job="traefik"}[$__rate_interval])))`, legend: "{{service}}" }] },
          { title: "Open connections", kind: "timeseries", needs: ["traefik"], queries: [{ expr: `sum by (entrypoint) (traefik_open_connections{${c}, job="traefik"})`, legend: "{{entrypoint}}" }] },
        ],
      },
    ],
  },
  {
    uid: "vigil-cert-manager",
    title: "cert-manager",
    folder: "Apps",
    description: "Certificates: days left and readiness.",
    variables: [],
    rows: [
      {
        title: "Certificates",
        panels: [
          { title: "Days until expiry", kind: "table", width: 12, needs: ["cert-manager"], queries: [{ expr: `(certmanager_certificate_expiration_timestamp_seconds{${c}, job="cert-manager"} - time()) / 86400`, instant: true }] },
          { title: "Not ready", kind: "table", width: 12, needs: ["cert-manager"], queries: [{ expr: `certmanager_certificate_ready_status{${c}, job="cert-manager", condition="False"} == 1`, instant: true }] },
        ],
      },
    ],
  },
  {
    uid: "vigil-flux",
    title: "Flux",
    folder: "Apps",
    description: "Flux's resources: ready, failing, suspended (kube-state-metrics custom-resource state).",
    variables: [],
    rows: [
      {
        title: "Resources",
        panels: [
          { title: "Not ready", kind: "table", width: 12, needs: ["kube-state-metrics"], needsMetrics: ["gotk_resource_info"], queries: [{ expr: `gotk_resource_info{${c}, job="kube-state-metrics", ready="False"}`, instant: true }] },
          { title: "Suspended", kind: "table", width: 12, needs: ["kube-state-metrics"], needsMetrics: ["gotk_resource_info"], queries: [{ expr: `gotk_resource_info{${c}, job="kube-state-metrics", suspended="true"}`, instant: true }] },
          { title: "Resources by kind and readiness", kind: "timeseries", width: 24, needs: ["kube-state-metrics"], needsMetrics: ["gotk_resource_info"], queries: [{ expr: `count by (customresource_kind, ready) (gotk_resource_info{${c}, job="kube-state-metrics"})`, legend: "{{customresource_kind}} ready={{ready}}" }] },
        ],
      },
    ],
  },
  {
    uid: "vigil-argocd",
    title: "Argo CD",
    folder: "Apps",
    description: "Applications by health and sync status.",
    variables: [],
    rows: [
      {
        title: "Applications",
        panels: [
          { title: "Apps by health", kind: "timeseries", needs: ["argocd"], queries: [{ expr: `count by (health_status) (argocd_app_info{${c}, job="argocd"})`, legend: "{{health_status}}" }] },
          { title: "Apps by sync status", kind: "timeseries", needs: ["argocd"], queries: [{ expr: `count by (sync_status) (argocd_app_info{${c}, job="argocd"})`, legend: "{{sync_status}}" }] },
          { title: "Apps not healthy or not synced", kind: "table", width: 24, needs: ["argocd"], queries: [{ expr: `argocd_app_info{${c}, job="argocd", health_status!="Healthy"} or argocd_app_info{${c}, job="argocd", sync_status!="Synced"}`, instant: true }] },
        ],
      },
    ],
  },
  {
    uid: "vigil-longhorn",
    title: "Longhorn",
    folder: "Apps",
    description: "Volumes' robustness and disks' use.",
    variables: [],
    rows: [
      {
        title: "Longhorn",
        panels: [
          { title: "Volumes not healthy", kind: "table", width: 12, needs: ["longhorn"], description: "Robustness 2 = degraded, 3 = faulted.", queries: [{ expr: `longhorn_volume_robustness{${c}, job="longhorn"} > 1`, instant: true }] },
          { title: "Disk use", kind: "timeseries", unit: "percentunit", max: 1, needs: ["longhorn"], queries: [{ expr: `longhorn_disk_usage_bytes{${c}, job="longhorn"} / longhorn_disk_capacity_bytes{${c}, job="longhorn"}`, legend: "{{node}} {{disk}}" }] },
        ],
      },
    ],
  },
  {
    uid: "vigil-proxmox",
    title: "Proxmox VE",
    folder: "Apps",
    description: "Proxmox nodes and guests, from prometheus-pve-exporter (apps.proxmox).",
    variables: [],
    rows: [
      {
        title: "Proxmox",
        panels: [
          { title: "Guests running", kind: "stat", needs: ["pve"], queries: [{ expr: `count(pve_up{${c}, job="pve", id=~"qemu/.*|lxc/.*"} == 1)`, instant: true }] },
          { title: "Guests stopped", kind: "stat", needs: ["pve"], queries: [{ expr: `count(pve_up{${c}, job="pve", id=~"qemu/.*|lxc/.*"} == 0) or vector(0)`, instant: true }] },
          { title: "CPU by guest and node", kind: "timeseries", unit: "percentunit", needs: ["pve"], queries: [{ expr: `pve_cpu_usage_ratio{${c}, job="pve"} * on (id) group_left (name) pve_guest_info{${c}, job="pve"}`, legend: "{{name}}" }] },
          { title: "Memory by guest", kind: "timeseries", unit: "bytes", needs: ["pve"], queries: [{ expr: `pve_memory_usage_bytes{${c}, job="pve"} * on (id) group_left (name) pve_guest_info{${c}, job="pve"}`, legend: "{{name}}" }] },
          { title: "Storage used", kind: "timeseries", unit: "percentunit", max: 1, needs: ["pve"], queries: [{ expr: `pve_disk_usage_bytes{${c}, job="pve", id=~"storage/.*"} / pve_disk_size_bytes{${c}, job="pve", id=~"storage/.*"}`, legend: "{{id}}" }] },
        ],
      },
    ],
  },
];
