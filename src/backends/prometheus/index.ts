// Prometheus, the second metrics backend (metrics.backend: prometheus): kube-prometheus-stack's
// prometheus-operator with one Prometheus (tsdb, scraper and ruler) and Alertmanager, and the
// operator's CRDs as an app of their own. Names with fullnameOverride "kps" (names.ts); pod labels
// as the operator sets them (v0.93 pkg/prometheus/server/operator.go makeSelectorLabels,
// pkg/alertmanager/operator.go) and the chart's operator selectorLabels.
import type { MetricsBackend, MetricsBackendFacts } from "../types.js";
import { isSpoke, svc } from "../../model/stack.js";
import { stackScrape } from "../../scrape/stack-scrape.js";
import { ALERTMANAGER, PROMETHEUS, PROMETHEUS_AGENT } from "../../catalog/documented/stack.js";
import { PROMETHEUS_AGENT_JOB } from "../spoke.js";
import chart from "./chart.js";
import { prometheusScrapeObject } from "./scrapes.js";
import { prometheusRuleObjects } from "./rules.js";
import { ALERTMANAGER_CR, PROMETHEUS_CR } from "./names.js";

const APP = "kube-prometheus-stack";
/** Where the operator mounts the Secrets of alertmanagerSpec.secrets (pkg/alertmanager/statefulset.go secretsDir). */
const SECRETS_DIR = "/etc/alertmanager/secrets";
/** A label no AlertmanagerConfig carries: the chart would otherwise merge every one of the cluster into vigil's routes. */
const NO_ALERTMANAGER_CONFIGS = { matchLabels: { "vigil.dev/alertmanager-config": "none" } };

/** The name label of the operator's pods: a PrometheusAgent's are prometheus-agent (pkg/prometheus/agent/operator.go makeSelectorLabels). */
const podName = (spoke: boolean) => (spoke ? "prometheus-agent" : "prometheus");

function facts(namespace: string, _metrics: unknown, spoke: boolean): MetricsBackendFacts {
  const prometheus = svc(namespace, PROMETHEUS_CR, 9090, "prometheus");
  return {
    app: APP,
    roles: {
      query: prometheus,
      queryUrl: prometheus.url,
      // With enableRemoteWriteReceiver (chart.ts, when something writes to it).
      write: prometheus,
      writeUrl: prometheus.url,
      scraper: prometheus,
      ruler: prometheus,
      alertmanager: svc(namespace, ALERTMANAGER_CR, 9093, "alertmanager"),
    },
    pods: {
      // On a fleet's spoke, Prometheus in agent mode (chart.ts): a PrometheusAgent of the same name.
      prometheus: { "app.kubernetes.io/name": podName(spoke), "operator.prometheus.io/name": PROMETHEUS_CR },
      alertmanager: { "app.kubernetes.io/name": "alertmanager", alertmanager: ALERTMANAGER_CR },
      // The chart's selectorLabels: chart name and release (the app folder).
      operator: { app: `${APP}-operator`, release: APP },
    },
  };
}

/** The chart's Services carry `app: <chart>-<part>` and `release: <release>` (templates/prometheus/service.yaml). */
const chartService = (part: string) => ({ app: `${APP}-${part}`, release: APP });

export const prometheus: MetricsBackend = {
  name: "prometheus",
  description: "Prometheus: prometheus-operator, Prometheus and Alertmanager (kube-prometheus-stack), its CRDs from prometheus-operator-crds",
  words: {
    scraper: "Prometheus",
    ruler: "Prometheus",
    scrapeKinds: "ServiceMonitor, PodMonitor, ScrapeConfig",
    ruleKind: "PrometheusRule",
    app: "prometheus-operator, Prometheus, Alertmanager, node-exporter, kube-state-metrics (its CRDs: prometheus-operator-crds/)",
    spokeApp: "prometheus-operator, Prometheus in agent mode (pushing to the hub, its WAL on a volume), node-exporter, kube-state-metrics",
    remoteWriteClient: "prometheus",
  },
  // The admission webhooks and their certificates are off (chart.ts): nothing is rendered anew.
  unstableFields: [],
  facts,
  components: [chart],
  selfMonitoring(ctx) {
    const { stack } = ctx;
    const spoke = isSpoke(stack);
    stackScrape(ctx, {
      // A spoke's agent under a job of its own: the hub's rules for it are the fleet's (rules/fleet.ts),
      // not those of a Prometheus that stores and evaluates.
      job: spoke ? PROMETHEUS_AGENT_JOB : "prometheus",
      by: "service",
      pods: "prometheus",
      port: 9090,
      portName: "http-web",
      selector: chartService("prometheus"),
      where: `Service ${PROMETHEUS_CR}`,
      per: "cluster",
      seriesPerTarget: spoke ? 400 : 900,
      metrics: spoke ? PROMETHEUS_AGENT : PROMETHEUS,
    });
    if (stack.enabled.alertmanager) {
      stackScrape(ctx, {
        job: "alertmanager",
        by: "service",
        pods: "alertmanager",
        port: 9093,
        portName: "http-web",
        selector: chartService("alertmanager"),
        where: `Service ${ALERTMANAGER_CR}`,
        per: "cluster",
        seriesPerTarget: 300,
        metrics: ALERTMANAGER,
      });
    }
  },
  secretsDir: SECRETS_DIR,
  alertmanager(ctx, am) {
    const { stack } = ctx;
    if (!am) return ctx.values(stack.apps.metrics, { alertmanager: { enabled: false } });
    const workload = `Alertmanager/${ALERTMANAGER_CR}`;
    // The chart's one reloader setting covers Alertmanager's too (chart.ts).
    ctx.resources("prometheus-config-reloader", { workload });
    ctx.values(stack.apps.metrics, {
      alertmanager: {
        enabled: true,
        // vigil scrapes it itself (selfMonitoring, job alertmanager).
        serviceMonitor: { selfMonitor: false },
        // Rendered by the chart into the Secret alertmanager-kps-alertmanager, key alertmanager.yaml.
        config: am.config,
        alertmanagerSpec: {
          alertmanagerConfigSelector: NO_ALERTMANAGER_CONFIGS,
          resources: ctx.resources("alertmanager", { workload }),
          // Mounted at /etc/alertmanager/secrets/<name>/, where the receivers' *_file settings point.
          ...(am.secrets.length ? { secrets: am.secrets } : {}),
          ...(am.volume
            ? { storage: { volumeClaimTemplate: { spec: { storageClassName: am.volume.storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: am.volume.size } } } } } }
            : {}),
        },
      },
    });
  },
  exporterToggle: (subchart, enabled) => ({ [subchart === "kube-state-metrics" ? "kubeStateMetrics" : "nodeExporter"]: { enabled } }),
  // The subcharts' ServiceMonitors (kube-prometheus-stack turns them on); and node-exporter's port
  // keeps the name vigil's scrape uses ("metrics", the chart's own default; the stack renames it).
  exporterScrapeOff: (subchart) => ({ prometheus: { monitor: { enabled: false } }, ...(subchart === "prometheus-node-exporter" ? { service: { portName: "metrics" } } : {}) }),
  scrapeObject: prometheusScrapeObject,
  ruleObjects: prometheusRuleObjects,
  // The operator's StatefulSets prometheus-<name> and alertmanager-<name> (pkg/prometheus/server/
  // operator.go makeSelectorLabels, pkg/alertmanager/operator.go), and the governing Services it makes.
  operatorPods(object) {
    if (!object.apiVersion.startsWith("monitoring.coreos.com/")) return [];
    const name = object.metadata.name;
    const what = `${object.kind}/${name}`;
    const common = { "app.kubernetes.io/managed-by": "prometheus-operator", "app.kubernetes.io/instance": name };
    // A PrometheusAgent's StatefulSet prom-agent-<name> (pkg/prometheus/common.go Prefix), governed by prometheus-agent-operated.
    if (object.kind === "PrometheusAgent") return [{ what, labels: { ...common, "app.kubernetes.io/name": podName(true), "operator.prometheus.io/name": name }, ports: [{ name: "http", port: 9090 }], service: "prometheus-agent-operated" }];
    if (object.kind === "Prometheus") return [{ what, labels: { ...common, "app.kubernetes.io/name": "prometheus", "operator.prometheus.io/name": name, prometheus: name }, ports: [{ name: "http", port: 9090 }], service: "prometheus-operated" }];
    if (object.kind === "Alertmanager") return [{ what, labels: { ...common, "app.kubernetes.io/name": "alertmanager", alertmanager: name }, ports: [{ name: "http", port: 9093 }], service: "alertmanager-operated" }];
    return [];
  },
};

