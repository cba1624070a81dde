// The one registry of components. Order matters only for readability of the output: every
// component contributes to the parts, and `assemble` steps run after all renders.
import type { Component } from "./types.js";
import victoriaMetrics from "./victoria-metrics.js";
import vmalert from "./vmalert.js";
import alertmanager from "./alertmanager.js";
import nodeExporter from "./node-exporter.js";
import kubeStateMetrics from "./kube-state-metrics.js";
import grafana from "./grafana.js";
import victoriaLogs from "./victoria-logs.js";
import vector from "./vector.js";

export const COMPONENTS: Component[] = [victoriaMetrics, vmalert, alertmanager, nodeExporter, kubeStateMetrics, grafana, victoriaLogs, vector];
