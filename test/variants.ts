// Configs the contract and schema tests run over: the default and the ones that switch things.
import type { VigilConfigInput } from "../src/config/schema/index.js";

export const VARIANTS: Record<string, VigilConfigInput> = {
  default: {},
  "talos, medium profile, longhorn": { cluster: { name: "talos-lab", distribution: "talos", nodes: 3 }, resources: { profile: "medium" }, storage: { storageClass: "longhorn" } },
  "metrics only": { components: { logs: false, logAgent: false, grafana: false, alertmanager: false, vmalert: false, nodeExporter: false, kubeStateMetrics: false } },
  "vmalert without alertmanager": { components: { alertmanager: false } },
  "Loki instead of VictoriaLogs": { logs: { backend: "loki" }, retention: { logs: "30d" } },
  "Loki on MinIO": { logs: { backend: "loki", lokiS3: { endpoint: "minio.storage.svc:9000", bucket: "loki", insecure: true } } },
  "Alloy instead of Vector, on Loki": { logs: { agent: "alloy", backend: "loki" } },
  "Proxmox VE exporter": { apps: { proxmox: { hosts: ["192.168.1.5", "192.168.1.6"], secret: "pve-token" } } },
  "Proxmox VE exporter with a password": { apps: { proxmox: { hosts: ["192.168.1.5"], auth: "password", user: "monitoring@pam" } } },
  "the VictoriaMetrics cluster on three nodes, backed up, with every UI behind vmauth": {
    cluster: { nodes: 3 },
    metrics: { mode: "cluster", cluster: { vmstorage: 3 } },
    storage: { storageClass: "longhorn" },
    backup: { metrics: { s3: { endpoint: "minio.nas.lan:9000", bucket: "homelab-backups", insecure: true } } },
    access: { ingress: {}, uis: { metrics: "https://metrics.lab.example.com", logs: "https://logs.lab.example.com", alerts: "https://alerts.lab.example.com", passwordSecret: "vigil-ui" } },
  },
  "both clusters on three nodes, the logs' behind vmauth, the former single node's logs kept readable": {
    cluster: { nodes: 3 },
    metrics: { mode: "cluster" },
    logs: { mode: "cluster", cluster: { vlstorage: 3, previousSingle: true } },
    access: { ingress: {}, uis: { logs: "https://logs.lab.example.com", passwordSecret: "vigil-ui" } },
  },
  "the VictoriaLogs cluster shipped to by Alloy": { cluster: { nodes: 2 }, logs: { mode: "cluster", agent: "alloy" } },
  "stateless Grafana and Alertmanager (no claims)": { storage: { grafana: { persistent: false }, alertmanager: { persistent: false } } },
  "nightly metrics backup to MinIO": { backup: { metrics: { s3: { endpoint: "minio.nas.lan:9000", bucket: "homelab-backups", insecure: true } } } },
  "ExternalSecrets from a 1Password store": {
    secrets: { externalSecrets: { store: "onepassword", keyPrefix: "homelab/" } },
    alerting: { receivers: { discord: { webhookUrl: { secret: { name: "alertmanager-receivers", key: "discord-webhook" } } } } },
    logs: { backend: "loki", lokiS3: { endpoint: "minio.storage.svc:9000", bucket: "loki" } },
  },
  "Grafana on a Gateway": { access: { gateway: { name: "homelab", namespace: "gateway", sectionName: "https" }, grafana: { url: "https://grafana.lab.example.com" } } },
  "Grafana on K3s's Traefik Ingress, with single sign-on": {
    access: { ingress: { tlsSecret: "grafana-tls" }, grafana: { url: "https://grafana.lab.example.com" } },
    grafana: {
      sso: {
        authUrl: "https://auth.lab.example.com/application/o/authorize/",
        tokenUrl: "https://auth.lab.example.com/application/o/token/",
        apiUrl: "https://auth.lab.example.com/application/o/userinfo/",
        clientId: "grafana",
        clientSecret: { secret: { name: "grafana-oauth", key: "client-secret" } },
      },
    },
  },
  "every UI behind vmauth, on a Gateway": {
    access: {
      gateway: { name: "homelab", namespace: "gateway" },
      grafana: { url: "https://grafana.lab.example.com" },
      uis: { metrics: "https://metrics.lab.example.com", logs: "https://logs.lab.example.com", alerts: "https://alerts.lab.example.com", alertmanager: "https://alertmanager.lab.example.com" },
    },
    networkPolicy: { allowFrom: ["10.8.0.0/24"] },
  },
  "Flux, with SOPS decryption, Loki and the UIs": {
    gitops: { target: "flux", path: "clusters/lab/monitoring", flux: { sopsSecret: "sops-age" } },
    logs: { backend: "loki" },
    access: { ingress: {}, grafana: { url: "https://grafana.lab.example.com" }, uis: { metrics: "https://metrics.lab.example.com" } },
  },
  "traces with Tempo": { components: { traces: true }, retention: { traces: "3d" }, storage: { traces: { size: "5Gi" } } },
  "traces on Prometheus, Zipkin, every trace, Loki and Alloy": {
    metrics: { backend: "prometheus" },
    components: { traces: true },
    traces: { zipkin: true, sampleRate: 100 },
    logs: { backend: "loki", agent: "alloy" },
  },
  "traces straight to Tempo, no metrics generator": { components: { traces: true }, traces: { collector: false, metricsGenerator: false } },
  "every optional alert group": { alerting: { groups: { coredns: true } }, exporters: { certManager: true, flux: true, argocd: true, traefik: true, longhorn: true, zfs: true } },
  "nfs with local metrics, custom repo path": {
    storage: { storageClass: "nfs", metrics: { storageClass: "local-path", size: "50Gi" } },
    gitops: { repoURL: "git@github.com:me/lab.git", revision: "main", path: "clusters/lab/monitoring" },
    resources: { overrides: { vmsingle: { limits: { memory: "1Gi" } } } },
  },
  "the prometheus-operator CRDs for other charts' ServiceMonitors, with Flux": { scrape: { serviceMonitors: true }, gitops: { target: "flux" } },
  // metrics.backend: prometheus (kube-prometheus-stack).
  "Prometheus instead of VictoriaMetrics": { metrics: { backend: "prometheus" }, logs: { backend: "loki" } },
  "Prometheus on Talos, Flux, Alloy, medium profile": {
    metrics: { backend: "prometheus", retentionSize: "40GiB" },
    cluster: { name: "talos-lab", distribution: "talos", nodes: 3 },
    gitops: { target: "flux" },
    logs: { backend: "loki", agent: "alloy" },
    resources: { profile: "medium" },
    storage: { storageClass: "longhorn", metrics: { size: "50Gi" } },
  },
  "Prometheus without logs or exporters, K3s with etcd, every optional alert group": {
    metrics: { backend: "prometheus" },
    cluster: { datastore: "embedded-etcd" },
    components: { logs: false, logAgent: false, nodeExporter: false, kubeStateMetrics: false },
    alerting: { groups: { coredns: true } }, exporters: { certManager: true, flux: true, argocd: true, traefik: true, longhorn: true, zfs: true },
  },
};

/** Fleets the same tests run over, each of their clusters on its own (docs/fleet.md). */
export const FLEET_VARIANTS: Record<string, VigilConfigInput> = {
  "fleet: VictoriaLogs and Vector, a Talos spoke on Flux, two hosts": {
    storage: { storageClass: "local-path" },
    fleet: {
      hub: "hub",
      ingest: { address: "100.64.0.2" },
      clusters: { hub: {}, home: { cluster: { nodes: 2 } }, lab: { cluster: { distribution: "talos", nodes: 3 }, gitops: { target: "flux" } } },
      hosts: { nas: { os: "nixos" }, pi: { os: "debian" } },
    },
  },
  "fleet: a Prometheus hub (its remote-write receiver), a vmagent spoke and a Prometheus-agent spoke": {
    metrics: { backend: "prometheus" },
    fleet: { hub: "hub", ingest: { address: "100.64.0.2" }, clusters: { hub: {}, home: { metrics: { backend: "victoria-metrics" } }, edge: {} }, hosts: { pi: { os: "debian" } } },
  },
  "fleet: Loki and Alloy": {
    logs: { backend: "loki", agent: "alloy" },
    fleet: { hub: "hub", ingest: { address: "hub.tailnet.ts.net", port: 9443 }, clusters: { hub: {}, edge: {} } },
  },
};

/** [name, config, cluster]: every single-cluster variant, and each cluster of each fleet variant. */
export const CLUSTER_CASES: [string, VigilConfigInput, string | undefined][] = [
  ...Object.entries(VARIANTS).map(([name, input]) => [name, input, undefined] as [string, VigilConfigInput, undefined]),
  ...Object.entries(FLEET_VARIANTS).flatMap(([name, input]) => Object.keys(input.fleet!.clusters).map((c) => [`${name} (cluster ${c})`, input, c] as [string, VigilConfigInput, string])),
];
