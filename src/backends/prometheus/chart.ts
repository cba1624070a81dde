// Prometheus through kube-prometheus-stack: the prometheus-operator, Prometheus (tsdb, scraper and
// ruler in one) and Alertmanager (index.ts places it). Its CRDs come from the prometheus-operator-crds
// chart, an app of its own synced first (they exceed the 256 KiB of client-side apply).
//
// Everything vigil ships itself is off in the chart (its rules, dashboards, Grafana and its scrapes
// of the kubelet and control plane), as are the admission webhooks: their certificate Jobs are Helm
// hooks that Argo CD runs out of order (prometheus-community/helm-charts#6363, #4500), and vigil
// checks its rules with promtool before they are committed. Value paths: kube-prometheus-stack
// 88.5.3 values.yaml; the render of these values has 13 objects and no hook.
import { tempoMetricsGenerator } from "../../components/tempo.js";
import { CHARTS } from "../../model/versions.js";
import { defineComponent } from "../../components/types.js";
import { SERVICE_ACCOUNT_CLASS } from "./scrapes.js";
import { KPS_NAME, PROMETHEUS_CR } from "./names.js";
import { metricsVolume } from "../metrics-volume.js";
import { DATASOURCES } from "../../dashboards/build.js";
import { logStoreOf } from "../logs.js";
import { isSpoke, type Stack } from "../../model/stack.js";
import { spokeBasicAuth, spokeSecret } from "../spoke.js";

/** The chart's scrapes of cluster parts vigil scrapes per distribution (components/kubelet.ts, ...). */
const CHART_SCRAPES_OFF = ["kubeApiServer", "kubelet", "kubeControllerManager", "coreDns", "kubeDns", "kubeEtcd", "kubeScheduler", "kubeProxy"];

const MIB_PER = { Mi: 1, Gi: 1024, Ti: 1024 * 1024 } as const;

/**
 * 85% of the volume: Prometheus deletes its oldest blocks before the disk is full (on a full disk
 * it stops ingesting). Undefined for a size in other units, which leaves Prometheus unbounded.
 */
export function retentionSizeOf(size: string): string | undefined {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi|Ti)$/.exec(size);
  return m ? `${Math.floor(Number(m[1]) * MIB_PER[m[2] as keyof typeof MIB_PER] * 0.85)}MiB` : undefined;
}

/**
 * A spoke's Prometheus in agent mode: kube-prometheus-stack renders a PrometheusAgent instead of
 * a Prometheus (prometheus.agentMode, templates/prometheus/prometheus.yaml; no retention, rules or
 * alerting there). The operator runs it with --enable-feature=agent (Prometheus 2) or --agent (3)
 * and its WAL at /prometheus on the claim of storageSpec (pkg/prometheus/agent/statefulset.go
 * buildAgentArgs). The WAL is the buffer: what the hub has not taken stays there, up to
 * Prometheus's --storage.agent.retention.max-time (4h by default), on a volume of
 * fleet.senders.buffer. It pushes to the hub's ingest with the spoke's own user.
 */
function spokeAgent(stack: Stack) {
  return { remoteWrite: [{ url: stack.remoteWriteUrl, name: "hub", basicAuth: spokeBasicAuth(stack) }] };
}

/** How far back a Prometheus hub takes samples out of order: a spoke's backlog of that long after an outage. */
export const PROMETHEUS_HUB_OUT_OF_ORDER = "2h";

export default defineComponent({
  name: "prometheus",
  description: "prometheus-operator, Prometheus and Alertmanager (kube-prometheus-stack)",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    const metrics = metricsVolume(ctx, 'Prometheus\'s TSDB does not support NFS (upstream docs, "Operational aspects"): use local-path or Longhorn for storage.metrics.');
    if (stack.enabled.logs && stack.config.logs.backend === "victorialogs" && stack.config.alerting.groups.logs) {
      ctx.warn(
        "alerting.groups.logs",
        "alerting.groups.logs: the log alerts on VictoriaLogs run in a vmalert, which needs metrics.backend: victoria-metrics; with Prometheus they are left out (use logs.backend: loki, whose ruler evaluates them, or set alerting.groups.logs: false)",
      );
    }
    const spoke = isSpoke(stack);
    const prometheus = `${spoke ? "PrometheusAgent" : "Prometheus"}/${PROMETHEUS_CR}`;
    const retentionSize = stack.config.metrics.retentionSize ?? retentionSizeOf(metrics.size);
    // What only a Prometheus that stores and evaluates takes (the chart leaves it out in agent mode).
    const server = {
      ruleSelectorNilUsesHelmValues: false,
      evaluationInterval: "30s",
      retention: stack.retention.metrics,
      ...(retentionSize ? { retentionSize } : {}),
      // Loki's ruler writes its alerts' series here (components/loki.ts); a fleet's senders too,
      // through the hub's ingest (components/fleet-ingest.ts).
      // Tempo's metrics generator too (components/tempo.ts), with exemplars: a trace ID on some samples.
      ...((stack.enabled.logs && logStoreOf(stack).remoteWrites) || stack.fleet?.role === "hub" || tempoMetricsGenerator(stack) ? { enableRemoteWriteReceiver: true } : {}),
      ...(tempoMetricsGenerator(stack) ? { enableFeatures: ["exemplar-storage"] } : {}),
      // A spoke's collector drains its backlog through several queues at once, so a series' samples
      // may arrive slightly out of order, and after a long outage older than the head block: both
      // are refused (and dropped by the sender) unless inside this window (docs/fleet.md).
      ...(stack.fleet?.role === "hub" ? { tsdb: { outOfOrderTimeWindow: PROMETHEUS_HUB_OUT_OF_ORDER } } : {}),
    };
    const cluster = { action: "replace", targetLabel: stack.clusterLabel, replacement: stack.cluster.name };
    ctx.release(stack.apps.metrics, CHARTS.kubePrometheusStack, {
      // Pinned so that every name is known in advance (kps-prometheus, kps-alertmanager, kps-operator).
      fullnameOverride: KPS_NAME,
      crds: { enabled: false },
      defaultRules: { create: false },
      // vigil's Grafana is a release of its own, with vigil's dashboards.
      grafana: { enabled: false, defaultDashboardsEnabled: false },
      kubernetesServiceMonitors: { enabled: false },
      ...Object.fromEntries(CHART_SCRAPES_OFF.map((k) => [k, { enabled: false }])),
      windowsMonitoring: { enabled: false },
      prometheusOperator: {
        // Without webhooks the operator's TLS listener would wait for their certificate's Secret.
        admissionWebhooks: { enabled: false, patch: { enabled: false } },
        tls: { enabled: false },
        // The operator would keep a kubelet Service in kube-system for the chart's kubelet scrape.
        kubeletService: { enabled: false },
        // No rule or dashboard of vigil reads the operator's metrics.
        serviceMonitor: { selfMonitor: false },
        resources: ctx.resources("prometheus-operator", { workload: `Deployment/${KPS_NAME}-operator` }),
        // One setting for the config reloaders of Prometheus and Alertmanager.
        prometheusConfigReloader: { resources: ctx.resources("prometheus-config-reloader", { workload: prometheus }) },
      },
      prometheus: {
        ...(spoke ? { agentMode: true } : {}),
        // vigil scrapes Prometheus itself (index.ts, selfMonitoring), under job "prometheus".
        serviceMonitor: { selfMonitor: false },
        prometheusSpec: {
          // Select every ServiceMonitor, PodMonitor, ScrapeConfig and rule, not only the ones labelled
          // with the chart's release: vigil's and those of the apps' charts alike.
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
          scrapeConfigSelectorNilUsesHelmValues: false,
          scrapeInterval: stack.scrapeInterval,
          // External labels are not stored: the scrape classes put the cluster label on every series,
          // as vmagent's externalLabels do; alerts carry it from there.
          externalLabels: { [stack.clusterLabel]: stack.cluster.name },
          prometheusExternalLabelNameClear: true,
          replicaExternalLabelNameClear: true,
          scrapeClasses: [
            { name: "vigil", default: true, relabelings: [cluster] },
            { ...SERVICE_ACCOUNT_CLASS, relabelings: [cluster] },
          ],
          ...(spoke ? spokeAgent(stack) : server),
          resources: ctx.resources(spoke ? "prometheus-agent" : "prometheus", { workload: prometheus }),
          storageSpec: {
            volumeClaimTemplate: {
              spec: { storageClassName: metrics.storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: metrics.size } } },
            },
          },
        },
      },
    });
    if (spoke) return spokeSecret(ctx);
    if (stack.enabled.alertmanager) ctx.allow("ruler", stack.services.alertmanager, "alert notifications");
    else ctx.warn("components.alertmanager", "components.alertmanager: false: Prometheus evaluates the rules but sends alerts nowhere");
    ctx.skip("prometheus-operator", "no rule or dashboard reads the operator's metrics (its pod's health is in `vigil doctor`)");
    ctx.datasource({
      name: "Prometheus",
      // The dashboards' metrics datasource, one UID for both backends (dashboards/build.ts).
      uid: DATASOURCES.metrics.uid,
      type: "prometheus",
      url: stack.metricsApi.query,
      access: "proxy",
      isDefault: true,
      jsonData: {
        timeInterval: stack.scrapeInterval,
        prometheusType: "Prometheus",
        // A sample's exemplar opens its trace in Tempo: the metrics generator labels its exemplars traceID.
        ...(tempoMetricsGenerator(stack) ? { exemplarTraceIdDestinations: [{ name: "traceID", datasourceUid: "tempo" }] } : {}),
      },
    });
  },
});
