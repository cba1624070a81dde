// Optional groups, each switched on with exporters.<name> (or alerting.groups.<key> for CoreDNS) together with the scrape it needs
// (components/optional-targets.ts): cert-manager, Flux, Argo CD, CoreDNS, Traefik, Longhorn.
import type { GroupDef } from "./types.js";

const lab = (labels: string) => `${labels}, cluster="lab"`;

export const coreDnsRules = (): GroupDef => ({
  name: "vigil.coredns",
  key: "coredns",
  alerts: [
    {
      alert: "CoreDnsErrors",
      expr: `sum by (cluster) (rate(coredns_dns_responses_total{job="coredns", rcode="SERVFAIL"}[5m])) / sum by (cluster) (rate(coredns_dns_responses_total{job="coredns"}[5m])) > 0.05`,
      for: "10m",
      severity: "warning",
      summary: "CoreDNS answers {{ $value | humanizePercentage }} of queries with SERVFAIL",
      description: "More than 5% of DNS answers have been SERVFAIL for 10 minutes: upstream resolvers fail or time out.",
      runbook: "Check the upstream resolvers in the coredns ConfigMap (forward . /etc/resolv.conf) and that the node reaches them.",
      needs: ["coredns"],
      test: {
        firing: { series: [{ series: `coredns_dns_responses_total{${lab(`job="coredns", rcode="SERVFAIL"`)}}`, values: "0+10x30" }, { series: `coredns_dns_responses_total{${lab(`job="coredns", rcode="NOERROR"`)}}`, values: "0+10x30" }], at: "25m", labels: { cluster: "lab" } },
        healthy: { series: [{ series: `coredns_dns_responses_total{${lab(`job="coredns", rcode="SERVFAIL"`)}}`, values: "0x30" }, { series: `coredns_dns_responses_total{${lab(`job="coredns", rcode="NOERROR"`)}}`, values: "0+10x30" }], at: "25m" },
      },
    },
    {
      alert: "CoreDnsLatencyHigh",
      expr: `histogram_quantile(0.99, sum by (cluster, le) (rate(coredns_dns_request_duration_seconds_bucket{job="coredns"}[5m]))) > 1`,
      for: "10m",
      severity: "warning",
      summary: "CoreDNS's 99th percentile answer time is {{ $value | humanizeDuration }}",
      description: "1% of DNS queries have taken more than a second for 10 minutes.",
      runbook: "Usually a slow upstream resolver; check it from the node (`dig @<upstream> example.com`).",
      needs: ["coredns"],
      test: {
        firing: { series: [{ series: `coredns_dns_request_duration_seconds_bucket{${lab(`job="coredns", le="0.5"`)}}`, values: "0x30" }, { series: `coredns_dns_request_duration_seconds_bucket{${lab(`job="coredns", le="4"`)}}`, values: "0+10x30" }, { series: `coredns_dns_request_duration_seconds_bucket{${lab(`job="coredns", le="+Inf"`)}}`, values: "0+10x30" }], at: "25m", labels: { cluster: "lab" } },
        healthy: { series: [{ series: `coredns_dns_request_duration_seconds_bucket{${lab(`job="coredns", le="0.5"`)}}`, values: "0+10x30" }, { series: `coredns_dns_request_duration_seconds_bucket{${lab(`job="coredns", le="+Inf"`)}}`, values: "0+10x30" }], at: "25m" },
      },
    },
  ],
});

export const certManagerRules = (): GroupDef => ({
  name: "vigil.cert-manager",
  key: "certManager",
  alerts: [
    ...([
      ["CertificateExpiresInAWeek", "warning", 7 * 86400, "7 days"],
      ["CertificateExpiresToday", "critical", 86400, "24 hours"],
    ] as const).map(([alert, severity, seconds, human]) => ({
      alert,
      expr: `certmanager_certificate_expiration_timestamp_seconds{job="cert-manager"} - time() < ${seconds}`,
      for: "15m",
      severity,
      summary: `Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within ${human}`,
      description: `cert-manager has not renewed {{ $labels.namespace }}/{{ $labels.name }}, which expires in less than ${human}.`,
      runbook: "`kubectl -n <ns> describe certificate <name>` and its CertificateRequest and Order: DNS or HTTP challenges failing, rate limits, or an issuer not ready.",
      needs: ["cert-manager"],
      test: {
        firing: { series: [{ series: `certmanager_certificate_expiration_timestamp_seconds{${lab(`job="cert-manager", namespace="web", name="site"`)}}`, values: "3600x30" }], at: "20m", labels: { job: "cert-manager", namespace: "web", name: "site", cluster: "lab" } },
        healthy: { series: [{ series: `certmanager_certificate_expiration_timestamp_seconds{${lab(`job="cert-manager", namespace="web", name="site"`)}}`, values: "99999999x30" }], at: "20m" },
      },
    })),
    {
      alert: "CertificateNotReady",
      expr: `certmanager_certificate_ready_status{job="cert-manager", condition="False"} == 1`,
      for: "30m",
      severity: "warning",
      summary: "Certificate {{ $labels.namespace }}/{{ $labels.name }} is not ready",
      description: "cert-manager has not been able to issue {{ $labels.namespace }}/{{ $labels.name }} for 30 minutes.",
      runbook: "`kubectl -n <ns> describe certificate <name>`, then the cert-manager controller's log.",
      needs: ["cert-manager"],
      test: {
        firing: { series: [{ series: `certmanager_certificate_ready_status{${lab(`job="cert-manager", namespace="web", name="site", condition="False"`)}}`, values: "1x40" }], at: "35m", labels: { job: "cert-manager", namespace: "web", name: "site", condition: "False", cluster: "lab" } },
        healthy: { series: [{ series: `certmanager_certificate_ready_status{${lab(`job="cert-manager", namespace="web", name="site", condition="False"`)}}`, values: "0x40" }], at: "35m" },
      },
    },
  ],
});

/** Flux's source kinds (source.toolkit.fluxcd.io). */
const FLUX_SOURCE_KINDS = "GitRepository|OCIRepository|HelmRepository|HelmChart|Bucket";

/** Flux's resources as kube-state-metrics reports them (gotk_resource_info, the Flux-documented way). */
export const fluxRules = (): GroupDef => ({
  name: "vigil.flux",
  key: "flux",
  alerts: [
    {
      alert: "FluxSourceNotReady",
      expr: `gotk_resource_info{job="kube-state-metrics", customresource_kind=~"${FLUX_SOURCE_KINDS}", ready="False", suspended="false"} == 1`,
      for: "10m",
      severity: "warning",
      summary: "Flux source {{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} cannot fetch",
      description: "The {{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} has not been Ready for 10 minutes: whatever is built from it stays at its last revision.",
      runbook: "`flux get sources all -A --status-selector ready=false`: a changed URL, an expired credential (the source's secretRef), or the registry or git host down.",
      needs: ["kube-state-metrics"],
      test: {
        firing: { series: [{ series: `gotk_resource_info{${lab(`job="kube-state-metrics", customresource_kind="GitRepository", exported_namespace="flux-system", name="flux-system", ready="False", suspended="false"`)}}`, values: "1x30" }], at: "15m", labels: { job: "kube-state-metrics", customresource_kind: "GitRepository", exported_namespace: "flux-system", name: "flux-system", ready: "False", suspended: "false", cluster: "lab" } },
        healthy: { series: [{ series: `gotk_resource_info{${lab(`job="kube-state-metrics", customresource_kind="Kustomization", exported_namespace="flux-system", name="apps", ready="False", suspended="false"`)}}`, values: "1x30" }], at: "15m" },
      },
    },
    {
      alert: "FluxReconciliationFailing",
      // The sources have FluxSourceNotReady.
      expr: `gotk_resource_info{job="kube-state-metrics", customresource_kind!~"${FLUX_SOURCE_KINDS}", ready="False", suspended="false"} == 1`,
      for: "15m",
      severity: "warning",
      summary: "Flux {{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} fails to reconcile",
      description: "The {{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} has not been Ready for 15 minutes.",
      runbook: "`flux get all -A --status-selector ready=false`, then `flux logs --kind <Kind> --name <name>`.",
      needs: ["kube-state-metrics"],
      test: {
        firing: { series: [{ series: `gotk_resource_info{${lab(`job="kube-state-metrics", customresource_kind="Kustomization", exported_namespace="flux-system", name="apps", ready="False", suspended="false"`)}}`, values: "1x30" }], at: "20m", labels: { job: "kube-state-metrics", customresource_kind: "Kustomization", exported_namespace: "flux-system", name: "apps", ready: "False", suspended: "false", cluster: "lab" } },
        healthy: { series: [{ series: `gotk_resource_info{${lab(`job="kube-state-metrics", customresource_kind="Kustomization", exported_namespace="flux-system", name="apps", ready="True", suspended="false"`)}}`, values: "1x30" }], at: "20m" },
      },
    },
    {
      alert: "FluxResourceSuspended",
      expr: `gotk_resource_info{job="kube-state-metrics", suspended="true"} == 1`,
      for: "24h",
      severity: "warning",
      summary: "Flux {{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} has been suspended for a day",
      description: "A suspended resource no longer follows git; suspensions are easy to forget.",
      runbook: "`flux resume <kind> <name> -n <ns>` when the maintenance is over.",
      needs: ["kube-state-metrics"],
      test: {
        firing: { series: [{ series: `gotk_resource_info{${lab(`job="kube-state-metrics", customresource_kind="HelmRelease", exported_namespace="apps", name="web", ready="True", suspended="true"`)}}`, values: "1x1500" }], at: "1450m", labels: { job: "kube-state-metrics", customresource_kind: "HelmRelease", exported_namespace: "apps", name: "web", ready: "True", suspended: "true", cluster: "lab" } },
        healthy: { series: [{ series: `gotk_resource_info{${lab(`job="kube-state-metrics", customresource_kind="HelmRelease", exported_namespace="apps", name="web", ready="True", suspended="false"`)}}`, values: "1x1500" }], at: "1450m" },
      },
    },
  ],
});

export const argocdRules = (): GroupDef => ({
  name: "vigil.argocd",
  key: "argocd",
  alerts: [
    {
      alert: "ArgoAppDegraded",
      expr: `argocd_app_info{job="argocd", health_status="Degraded"} == 1`,
      for: "15m",
      severity: "warning",
      summary: "Argo CD app {{ $labels.name }} is degraded",
      description: "The Argo CD application {{ $labels.name }} has been Degraded for 15 minutes: some of its resources are unhealthy.",
      runbook: "`argocd app get <name>` (or the UI) shows which resource is unhealthy and why.",
      needs: ["argocd"],
      test: {
        firing: { series: [{ series: `argocd_app_info{${lab(`job="argocd", name="web", namespace="argocd", health_status="Degraded", sync_status="Synced"`)}}`, values: "1x30" }], at: "20m", labels: { job: "argocd", name: "web", namespace: "argocd", health_status: "Degraded", sync_status: "Synced", cluster: "lab" } },
        healthy: { series: [{ series: `argocd_app_info{${lab(`job="argocd", name="web", namespace="argocd", health_status="Healthy", sync_status="Synced"`)}}`, values: "1x30" }], at: "20m" },
      },
    },
    {
      alert: "ArgoAppOutOfSync",
      expr: `argocd_app_info{job="argocd", sync_status="OutOfSync"} == 1`,
      for: "1h",
      severity: "warning",
      summary: "Argo CD app {{ $labels.name }} has been out of sync for an hour",
      description: "The cluster has differed from git for {{ $labels.name }} for an hour: a sync fails, or automated sync is off.",
      runbook: "`argocd app diff <name>` shows the difference; `argocd app sync <name>` shows why a sync fails.",
      needs: ["argocd"],
      test: {
        firing: { series: [{ series: `argocd_app_info{${lab(`job="argocd", name="web", namespace="argocd", health_status="Healthy", sync_status="OutOfSync"`)}}`, values: "1x90" }], at: "80m", labels: { job: "argocd", name: "web", namespace: "argocd", health_status: "Healthy", sync_status: "OutOfSync", cluster: "lab" } },
        healthy: { series: [{ series: `argocd_app_info{${lab(`job="argocd", name="web", namespace="argocd", health_status="Healthy", sync_status="Synced"`)}}`, values: "1x90" }], at: "80m" },
      },
    },
  ],
});

export const traefikRules = (): GroupDef => ({
  name: "vigil.traefik",
  key: "traefik",
  alerts: [
    {
      alert: "TraefikServiceErrors",
      expr: `sum by (cluster, service) (rate(traefik_service_requests_total{job="traefik", code=~"5.."}[5m])) / sum by (cluster, service) (rate(traefik_service_requests_total{job="traefik"}[5m])) > 0.05`,
      for: "10m",
      severity: "warning",
      summary: "{{ $labels.service }} answers {{ $value | humanizePercentage }} of requests with 5xx",
      description: "More than 5% of the requests Traefik routes to {{ $labels.service }} have failed for 10 minutes.",
      runbook: "Check the backend's pods and logs; 502/504 mean Traefik cannot reach it or it is too slow.",
      needs: ["traefik"],
      test: {
        firing: { series: [{ series: `traefik_service_requests_total{${lab(`job="traefik", service="web@kubernetes", code="502"`)}}`, values: "0+10x30" }, { series: `traefik_service_requests_total{${lab(`job="traefik", service="web@kubernetes", code="200"`)}}`, values: "0+10x30" }], at: "25m", labels: { service: "web@kubernetes", cluster: "lab" } },
        healthy: { series: [{ series: `traefik_service_requests_total{${lab(`job="traefik", service="web@kubernetes", code="200"`)}}`, values: "0+10x30" }], at: "25m" },
      },
    },
  ],
});

export const longhornRules = (): GroupDef => ({
  name: "vigil.longhorn",
  key: "longhorn",
  alerts: [
    ...([
      ["LonghornVolumeDegraded", "warning", 2, "degraded (fewer healthy replicas than wanted)"],
      ["LonghornVolumeFaulted", "critical", 3, "faulted (no healthy replica: data is unavailable)"],
    ] as const).map(([alert, severity, value, what]) => ({
      alert,
      expr: `longhorn_volume_robustness{job="longhorn"} == ${value}`,
      for: severity === "warning" ? "15m" : "2m",
      severity,
      summary: `Longhorn volume {{ $labels.volume }} is ${what.split(" ")[0]}`,
      description: `Longhorn volume {{ $labels.volume }} is ${what}.`,
      runbook: "Longhorn UI → Volume: which replica failed and on which node; check that node's disk and network. A faulted volume may need a replica salvaged.",
      needs: ["longhorn"],
      test: {
        firing: { series: [{ series: `longhorn_volume_robustness{${lab(`job="longhorn", volume="pvc-1", node="n1"`)}}`, values: `${value}x30` }], at: "20m", labels: { job: "longhorn", volume: "pvc-1", node: "n1", cluster: "lab" } },
        healthy: { series: [{ series: `longhorn_volume_robustness{${lab(`job="longhorn", volume="pvc-1", node="n1"`)}}`, values: "1x30" }], at: "20m" },
      },
    })),
    {
      alert: "LonghornDiskAlmostFull",
      expr: `longhorn_disk_usage_bytes{job="longhorn"} / longhorn_disk_capacity_bytes{job="longhorn"} > 0.85`,
      for: "15m",
      severity: "warning",
      summary: "Longhorn disk {{ $labels.disk }} on {{ $labels.node }} is {{ $value | humanizePercentage }} full",
      description: "A Longhorn disk is more than 85% used; new replicas cannot be scheduled there.",
      runbook: "Add a disk or node, delete unused volumes and snapshots, or lower replica counts.",
      needs: ["longhorn"],
      test: {
        firing: { series: [{ series: `longhorn_disk_usage_bytes{${lab(`job="longhorn", node="n1", disk="default"`)}}`, values: "90x30" }, { series: `longhorn_disk_capacity_bytes{${lab(`job="longhorn", node="n1", disk="default"`)}}`, values: "100x30" }], at: "20m", labels: { job: "longhorn", node: "n1", disk: "default", cluster: "lab" } },
        healthy: { series: [{ series: `longhorn_disk_usage_bytes{${lab(`job="longhorn", node="n1", disk="default"`)}}`, values: "10x30" }, { series: `longhorn_disk_capacity_bytes{${lab(`job="longhorn", node="n1", disk="default"`)}}`, values: "100x30" }], at: "20m" },
      },
    },
  ],
});

/**
 * ZFS pools, from node-exporter's zfs collector (kstat.zfs.misc.state: one series per pool and
 * state, 1 for the pool's current one), on the cluster's nodes and a fleet's hosts alike. It
 * exports no pool capacity or scrub result: a pool filling up is NodeFilesystemFillingUp's.
 */
export const zfsRules = (): GroupDef => ({
  name: "vigil.zfs",
  key: "zfs",
  alerts: [
    {
      alert: "ZfsPoolDegraded",
      expr: `node_zfs_zpool_state{job="node-exporter", state="degraded"} == 1`,
      for: "5m",
      severity: "warning",
      summary: "ZFS pool {{ $labels.zpool }} on {{ $labels.instance }} is degraded",
      description: "The pool {{ $labels.zpool }} has lost a disk or a vdev's redundancy: it still works, but one more failure may lose data.",
      runbook: "`zpool status -x {{ $labels.zpool }}` on the host names the device; replace it (`zpool replace`) and let the resilver finish.",
      needs: ["node-exporter"],
      test: {
        firing: {
          series: [
            { series: `node_zfs_zpool_state{${lab(`job="node-exporter", instance="nas", zpool="tank", state="degraded"`)}}`, values: "1x20" },
            { series: `node_zfs_zpool_state{${lab(`job="node-exporter", instance="nas", zpool="tank", state="online"`)}}`, values: "0x20" },
          ],
          at: "10m",
          labels: { job: "node-exporter", instance: "nas", zpool: "tank", state: "degraded", cluster: "lab" },
        },
        healthy: { series: [{ series: `node_zfs_zpool_state{${lab(`job="node-exporter", instance="nas", zpool="tank", state="degraded"`)}}`, values: "0x20" }], at: "10m" },
      },
    },
    {
      alert: "ZfsPoolFaulted",
      expr: `node_zfs_zpool_state{job="node-exporter", state=~"faulted|unavail|suspended|removed"} == 1`,
      for: "1m",
      severity: "critical",
      summary: "ZFS pool {{ $labels.zpool }} on {{ $labels.instance }} is {{ $labels.state }}",
      description: "The pool {{ $labels.zpool }} is {{ $labels.state }}: its data cannot be read or written.",
      runbook: "`zpool status {{ $labels.zpool }}`: reconnect or replace the devices it names, then `zpool clear`; restore from backup if the pool cannot be imported.",
      needs: ["node-exporter"],
      test: {
        firing: { series: [{ series: `node_zfs_zpool_state{${lab(`job="node-exporter", instance="nas", zpool="tank", state="suspended"`)}}`, values: "1x10" }], at: "5m", labels: { job: "node-exporter", instance: "nas", zpool: "tank", state: "suspended", cluster: "lab" } },
        healthy: { series: [{ series: `node_zfs_zpool_state{${lab(`job="node-exporter", instance="nas", zpool="tank", state="suspended"`)}}`, values: "0x10" }], at: "5m" },
      },
    },
  ],
});
