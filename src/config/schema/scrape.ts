import { z } from "zod";

const toggle = (what: string) => z.boolean().default(true).meta({ description: what });

export const scrapeSchema = z
  .strictObject({
    serviceMonitors: z.boolean().default(false).meta({
      description:
        "metrics.backend victoria-metrics: install the prometheus-operator's CRDs (an app of their own), so that charts shipping ServiceMonitors, PodMonitors or PrometheusRules apply, and the VictoriaMetrics operator converts and scrapes them. With metrics.backend prometheus they are always there.",
    }),
    interval: z
      .string()
      .regex(/^\d+(s|m)$/, { message: 'is not a scrape interval; use e.g. "30s" or "1m"' })
      .default("30s")
      .meta({ description: "How often vmagent scrapes every target." }),
    kubelet: toggle("kubelet `/metrics` (on K3s this one endpoint per node carries every control-plane component's metrics)."),
    cadvisor: toggle("kubelet `/metrics/cadvisor`: container CPU, memory, network, filesystem."),
    probes: toggle("kubelet `/metrics/probes`: liveness, readiness and startup probe results."),
    apiserver: toggle("kube-apiserver."),
    controllerManager: toggle("kube-controller-manager."),
    scheduler: toggle("kube-scheduler."),
    kubeProxy: toggle("kube-proxy (also off when `cluster.kubeProxy` is false)."),
    etcd: toggle("etcd (only where there is one: K3s `embedded-etcd`, Talos)."),
    coredns: toggle("CoreDNS."),
    keepAll: z
      .union([z.boolean(), z.array(z.string().regex(/^[\w-]+$/, { message: 'is not a job name; use e.g. "kube-state-metrics"' })).min(1)])
      .default(false)
      .meta({
        description:
          "Store every series the targets export. By default each job keeps only the metric names that vigil's rules and dashboards, your dashboards (grafana.dashboards) and vigil doctor read, plus scrape.keep; the rest is dropped at scrape time. `true` for every job, or a list of jobs (e.g. [kube-state-metrics]) to explore them.",
      }),
    keep: z
      .array(z.string().min(1).regex(/^[\w:.*+?|()[\]^$\\-]+$/, { message: 'is not a metric name or an RE2 pattern of names; use e.g. "kube_pod_labels" or "myapp_.*"' }))
      .default([])
      .meta({ description: 'Metric names (or RE2 patterns of names, e.g. "kube_pod_.*") every job keeps beside what vigil\'s consumers read: for your own queries in Grafana\'s Explore, or rules of your own.' }),
  })
  .meta({ description: "What vmagent scrapes. Components that cannot be scraped on your distribution are skipped, and `vigil plan --targets` says why." });
