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
  })
  .meta({ description: "What vmagent scrapes. Components that cannot be scraped on your distribution are skipped, and `vigil plan --targets` says why." });
