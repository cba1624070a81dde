// VictoriaMetrics through the victoria-metrics-k8s-stack chart: the operator with its CRDs,
// VMSingle (the TSDB; or the VMCluster of cluster.ts) and vmagent (the scraper). The chart also
// hosts vmalert (ruler.ts), Alertmanager (index.ts), node-exporter and kube-state-metrics (their
// own components).
import { CHARTS } from "../../model/versions.js";
import { defineComponent } from "../../components/types.js";
import { metricsVolume } from "../metrics-volume.js";
import { RESTRICTED_POD } from "../../model/pod-security.js";
import { isSpoke, type Stack } from "../../model/stack.js";
import { queueCapBytes } from "../../model/fleet.js";
import { vmClusterFlows, vmClusterValues } from "./cluster.js";
import { spokeBasicAuth, spokeSecret } from "../spoke.js";

/**
 * A spoke's vmagent pushes to the hub's ingest with its own user, and keeps what the hub does not
 * take yet on a volume of its own (statefulMode): operator v0.74 mounts it at /vmagent_pq and caps
 * the queue at -remoteWrite.maxDiskUsagePerURL (factory/vmagent/vmagent.go buildRemoteWriteArgs),
 * which vigil sets per URL (model/fleet.ts queueCapBytes).
 */
function spokeAgent(stack: Stack) {
  return {
    statefulMode: true,
    statefulStorage: {
      volumeClaimTemplate: {
        spec: { storageClassName: stack.storage.metrics.storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: stack.storage.metrics.size } } },
      },
    },
    remoteWrite: [
      {
        url: stack.remoteWriteUrl,
        basicAuth: spokeBasicAuth(stack),
        maxDiskUsage: String(queueCapBytes(stack.storage.metrics.size)),
      },
    ],
  };
}

/** The operator's webhook server (victoria-metrics-operator chart: admissionWebhooks, port 9443). */
const OPERATOR_WEBHOOK_PORT = 9443;

export default defineComponent({
  name: "victoria-metrics",
  description: "VictoriaMetrics operator, VMSingle and vmagent (victoria-metrics-k8s-stack)",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    const clustered = stack.metricsCluster !== undefined;
    const metrics = metricsVolume(
      ctx,
      "VictoriaMetrics' TSDB relies on file locking and fsync semantics NFS does not guarantee, and corrupts or loses data on NFS. Use local-path or Longhorn for storage.metrics (NFS is fine for backups).",
      stack.metricsCluster?.vmstorage ?? 1,
    );
    // The operator turns its converter of ServiceMonitors, PodMonitors, ... on only for the
    // prometheus-operator CRDs that exist when it starts (internal/manager/manager.go initControllers):
    // with scrape.serviceMonitors the metrics app waits for them (targets/order.ts).
    const chart = stack.config.scrape.serviceMonitors ? { ...CHARTS.victoriaMetricsK8sStack, needsCrds: ["monitoring.coreos.com"] } : CHARTS.victoriaMetricsK8sStack;
    if (stack.config.scrape.serviceMonitors && stack.config.gitops.target === "argocd") {
      ctx.note(
        "scrape.serviceMonitors: Argo CD syncs the apps side by side; if the VictoriaMetrics operator started before the prometheus-operator-crds app's CRDs existed, its ServiceMonitor converter is off: restart it once after the first sync (`kubectl -n " +
          stack.namespace +
          " rollout restart deployment/vm-operator`)",
      );
    }
    ctx.release(stack.apps.metrics, chart, {
      // Pinned so that every service name is known in advance (vmsingle-vm, vmagent-vm, ...).
      fullnameOverride: stack.names.vm,
      global: { clusterLabel: stack.clusterLabel },
      // From 0.85 the chart downloads dashboards and rules from GitHub at deploy time; vigil
      // ships its own, so nothing the cluster runs comes from outside the tree.
      syncJob: { enabled: false },
      defaultDashboards: { enabled: false },
      defaultRules: { enabled: false },
      "victoria-metrics-operator": {
        enabled: true,
        fullnameOverride: stack.names.operator,
        // Plain CRDs are rendered by `helm template --include-crds` (what Argo CD runs);
        // the cleanup Job is a Helm pre-delete hook Argo CD does not run.
        crds: { plain: true, cleanup: { enabled: false } },
        resources: ctx.resources("operator", { workload: "Deployment/vm-operator" }),
        // The chart's pod settings (non-root, no capabilities) lack a seccomp profile.
        podSecurityContext: RESTRICTED_POD,
        // No extra ClusterRoles that widen the built-in admin and view roles to VictoriaMetrics'
        // resources: the operator's own RBAC is all the stack needs.
        rbac: { aggregatedClusterRoles: { enabled: false } },
        // The k8s-stack turns on the operator chart's own VMServiceScrape (its metrics port 8080);
        // no rule or dashboard of vigil reads the operator's metrics, so it is not scraped.
        serviceMonitor: { enabled: false },
      },
      // A spoke stores nothing: its vmagent pushes to the hub. metrics.mode cluster: a VMCluster (cluster.ts).
      ...(clustered ? { vmcluster: vmClusterValues(ctx, metrics) } : {}),
      vmsingle: isSpoke(stack) || clustered ? { enabled: false } : {
        enabled: true,
        annotations: stack.crAnnotations,
        spec: {
          retentionPeriod: stack.retention.metrics,
          replicaCount: 1,
          // As 65534 (nobody), like every operator resource; the backup Jobs read its volume as the same user.
          ...stack.operatorSecurity,
          resources: ctx.resources("vmsingle", { workload: `VMSingle/${stack.names.vm}` }),
          storage: {
            storageClassName: metrics.storageClass,
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: metrics.size } },
          },
        },
      },
      vmagent: {
        enabled: true,
        annotations: stack.crAnnotations,
        spec: {
          ...stack.operatorSecurity,
          scrapeInterval: stack.scrapeInterval,
          // Every series carries the cluster name, so dashboards and alerts work for one
          // cluster or many.
          externalLabels: { [stack.clusterLabel]: stack.cluster.name },
          resources: ctx.resources("vmagent", { workload: `VMAgent/${stack.names.vm}` }),
          configReloaderResources: ctx.resources("vmagent-config-reloader", { workload: `VMAgent/${stack.names.vm}` }),
          ...(isSpoke(stack) ? spokeAgent(stack) : {}),
        },
      },
      // The chart's scrapes of the kubelet and the control plane assume pods and Services that
      // K3s and Talos do not have (targets down out of the box) and scrape K3s's one registry
      // several times. vigil's own scrape components replace them all, per distribution.
      kubelet: { enabled: false },
      kubeApiServer: { enabled: false },
      coreDns: { enabled: false },
      kubeDns: { enabled: false },
      kubeControllerManager: { enabled: false },
      // Grafana is a release of its own (components/grafana.ts), with vigil's datasources.
      grafana: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeEtcd: { enabled: false },
      kubeProxy: { enabled: false },
    });
    // The API server calls the operator's validating webhook (enabled by the chart, failurePolicy
    // Fail): it is not a pod, and its address differs per distribution, so any source may connect;
    // the webhook serves TLS only, and the API server is its only client.
    ctx.allow("anywhere", { pods: "operator", port: OPERATOR_WEBHOOK_PORT }, "admission webhook, called by the Kubernetes API server");
    ctx.skip("vm-operator", "no rule or dashboard reads the operator's metrics (its pod's health is in `vigil doctor`)");
    if (isSpoke(stack)) return spokeSecret(ctx);
    ctx.allow("scraper", stack.services.write, "remote write of the scraped samples");
    if (clustered) vmClusterFlows(ctx);
    // The chart points VMSingle's (or vmselect's) vmui at vmalert (-vmalert.proxyURL, templates/
    // _helpers.tpl vm.single.spec, vm.select.spec): the alert views of vmui and of Grafana's
    // metrics datasource are proxied through the store.
    if (stack.enabled.vmalert) ctx.allow("query", stack.services.ruler, `alert and rule views proxied by ${clustered ? "vmselect" : "VMSingle"} (-vmalert.proxyURL)`);
    ctx.datasource({
      name: "VictoriaMetrics",
      uid: "victoriametrics",
      type: "prometheus",
      url: stack.metricsApi.query,
      access: "proxy",
      isDefault: true,
      jsonData: { timeInterval: stack.scrapeInterval, prometheusType: "Prometheus" },
    });
  },
});
