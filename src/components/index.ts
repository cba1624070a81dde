// The one registry of components. Order matters only for readability of the output: every
// component contributes to the parts, and `assemble` steps run after all renders.
import type { Component } from "./types.js";
import { METRICS_BACKENDS } from "../backends/index.js";
import { logAgentComponents, logStoreComponents } from "../backends/logs.js";
import type { MetricsBackendName } from "../backends/types.js";

const onlyWith = (backend: MetricsBackendName, c: Component): Component => ({ ...c, enabledWhen: (stack) => stack.config.metrics.backend === backend && c.enabledWhen(stack) });
import alertmanager from "./alertmanager.js";
import nodeExporter from "./node-exporter.js";
import kubeStateMetrics from "./kube-state-metrics.js";
import grafana from "./grafana.js";
import prometheusOperatorCrds from "./prometheus-operator-crds.js";
import events from "./events.js";
import kubelet from "./kubelet.js";
import apiserver from "./apiserver.js";
import controllerManager from "./controller-manager.js";
import scheduler from "./scheduler.js";
import kubeProxy from "./kube-proxy.js";
import etcd from "./etcd.js";
import coredns from "./coredns.js";
import nodeConfig from "./node-config.js";
import selfMonitoring from "./self-monitoring.js";
import alertRules from "./alert-rules.js";
import optionalTargets from "./optional-targets.js";
import dashboards from "./dashboards.js";
import proxmox from "./proxmox.js";
import tempo from "./tempo.js";
import traceCollector from "./trace-collector.js";
import storageClasses from "./storage-classes.js";
import fluxNotifications from "./flux-notifications.js";
import logAlerts from "./log-alerts.js";
import backup from "./backup.js";
import secretSources from "./secret-sources.js";
import access from "./access.js";
import vmauth from "./vmauth.js";
import networkPolicies from "./network-policies.js";
import fleetIngest from "./fleet-ingest.js";

/** Every component, the metrics backend's own first (they are picked when the stack is resolved). */
export const COMPONENTS: Component[] = [
  // The backends' own components: each runs only with its backend.
  prometheusOperatorCrds,
  ...Object.entries(METRICS_BACKENDS).flatMap(([name, b]) => (b.name === name ? b.components.map((c) => onlyWith(b.name, c)) : [])),
  alertmanager,
  nodeExporter,
  kubeStateMetrics,
  grafana,
  // The log store and the log agent chosen (src/backends/logs.ts).
  ...logStoreComponents(),
  ...logAgentComponents(),
  events,
  // Scraping of the cluster itself, per distribution.
  kubelet,
  apiserver,
  controllerManager,
  scheduler,
  kubeProxy,
  etcd,
  coredns,
  nodeConfig,
  selfMonitoring,
  optionalTargets,
  proxmox,
  tempo,
  traceCollector,
  storageClasses,
  fluxNotifications,
  backup,
  vmauth,
  fleetIngest,
  access,
  // Rules last: they look at what is scraped.
  alertRules,
  logAlerts,
  dashboards,
  // Last: it turns every Secret the others declared into an ExternalSecret or OnePasswordItem.
  secretSources,
  // After every assemble step that declares flows (Grafana's datasources).
  networkPolicies,
];
