// What the prometheus-operator makes of vigil's ServiceMonitors and ScrapeConfigs, for the end-to-end
// test with a real Prometheus: the scrape config the operator generates (pkg/prometheus/promcfg.go,
// v0.93.0: generateServiceMonitorConfig, generateScrapeConfig), with the Kubernetes discovery
// replaced by a static target carrying the __meta_kubernetes_* labels discovery would give it. The
// relabel order is the operator's: its own target labels and job, the scrape class's relabelings,
// then the object's. Only the fields vigil emits are translated.
type Any = Record<string, any>;

const snake = (rule: Any) =>
  Object.fromEntries(Object.entries(rule).map(([k, v]) => [k === "sourceLabels" ? "source_labels" : k === "targetLabel" ? "target_label" : k, v]));

export interface Target {
  address: string;
  /** The __meta_kubernetes_* labels service discovery would give it (node or pod name). */
  meta: Record<string, string>;
}

/** One scrape_config for the first endpoint of a ServiceMonitor or for a ScrapeConfig, scraping `target` over plain HTTP. */
export function scrapeConfigOf(object: Any, scrapeClasses: Any[], target: Target): Any {
  const cls = scrapeClasses.find((c) => (object.spec.scrapeClass ? c.name === object.spec.scrapeClass : c.default));
  const classRules = (cls?.relabelings ?? []).map(snake);
  if (object.kind === "ServiceMonitor") {
    const e = object.spec.endpoints[0];
    const service = target.meta.__meta_kubernetes_service_name ?? object.metadata.name;
    return {
      job_name: `serviceMonitor/${object.metadata.namespace}/${object.metadata.name}/0`,
      honor_labels: e.honorLabels ?? false,
      metrics_path: e.path,
      scheme: "http",
      static_configs: [{ targets: [target.address], labels: { ...target.meta, __meta_kubernetes_service_name: service, __meta_kubernetes_namespace: object.metadata.namespace } }],
      relabel_configs: [
        // The operator's target labels (namespace, service, pod, container, endpoint) and the job.
        { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
        { source_labels: ["__meta_kubernetes_service_name"], target_label: "service" },
        { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
        { source_labels: ["__meta_kubernetes_pod_container_name"], target_label: "container" },
        { source_labels: ["__meta_kubernetes_service_name"], target_label: "job", replacement: "$1" },
        { target_label: "endpoint", replacement: e.port },
        ...classRules,
        ...(e.relabelings ?? []).map(snake),
      ],
      ...(e.metricRelabelings ? { metric_relabel_configs: e.metricRelabelings.map(snake) } : {}),
    };
  }
  if (object.kind === "ScrapeConfig") {
    const s = object.spec;
    return {
      job_name: `scrapeConfig/${object.metadata.namespace}/${object.metadata.name}`,
      honor_labels: s.honorLabels ?? false,
      metrics_path: s.metricsPath,
      scheme: "http",
      static_configs: [{ targets: [target.address], labels: target.meta }],
      relabel_configs: [{ target_label: "job", replacement: s.jobName }, ...classRules, ...(s.relabelings ?? []).map(snake)],
      ...(s.metricRelabelings ? { metric_relabel_configs: s.metricRelabelings.map(snake) } : {}),
    };
  }
  throw new Error(`${object.kind}: not translated`);
}
