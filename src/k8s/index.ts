// The schemas of everything vigil emits that no kubernetes-models package covers: custom
// resources by apiVersion/kind, and custom-resource specs passed through chart values.
import type { z } from "zod";
import { applicationSetSchema } from "./argocd.js";
import { externalSecret } from "./external-secrets.js";
import { httpRoute } from "./gateway.js";
import { fluxAlert, fluxProvider, helmRelease, helmRepository, kustomization, ociRepository } from "./flux.js";
import { onePasswordItem } from "./onepassword.js";
import { vectorConfigSchema } from "../logs/vector-schema.js";
import { alloyConfigSchema } from "../logs/alloy-schema.js";
import { alertmanagerSpec, podMonitor, prometheusAgentSpec, prometheusRule, prometheusSpec, scrapeConfig, serviceMonitor } from "./prometheus-operator.js";
import { vmAlert, vmAuth, vmUser, vmAgentSpec, vmAlertmanagerSpec, vmAlertSpec, vmNodeScrape, vmPodScrape, vmRule, vmServiceScrape, vmClusterSpec, vmSingleSpec, vmStaticScrape } from "./victoriametrics.js";

export const CUSTOM_RESOURCE_SCHEMAS: Record<string, z.ZodType> = {
  "argoproj.io/v1alpha1/ApplicationSet": applicationSetSchema,
  "operator.victoriametrics.com/v1beta1/VMRule": vmRule,
  "operator.victoriametrics.com/v1beta1/VMServiceScrape": vmServiceScrape,
  "operator.victoriametrics.com/v1beta1/VMNodeScrape": vmNodeScrape,
  "operator.victoriametrics.com/v1beta1/VMStaticScrape": vmStaticScrape,
  "operator.victoriametrics.com/v1beta1/VMPodScrape": vmPodScrape,
  "operator.victoriametrics.com/v1beta1/VMAlert": vmAlert,
  "operator.victoriametrics.com/v1beta1/VMAuth": vmAuth,
  "operator.victoriametrics.com/v1beta1/VMUser": vmUser,
  "monitoring.coreos.com/v1/ServiceMonitor": serviceMonitor,
  "monitoring.coreos.com/v1/PodMonitor": podMonitor,
  "monitoring.coreos.com/v1alpha1/ScrapeConfig": scrapeConfig,
  "monitoring.coreos.com/v1/PrometheusRule": prometheusRule,
  "external-secrets.io/v1/ExternalSecret": externalSecret,
  "gateway.networking.k8s.io/v1/HTTPRoute": httpRoute,
  "onepassword.com/v1/OnePasswordItem": onePasswordItem,
  "source.toolkit.fluxcd.io/v1/HelmRepository": helmRepository,
  "source.toolkit.fluxcd.io/v1/OCIRepository": ociRepository,
  "helm.toolkit.fluxcd.io/v2/HelmRelease": helmRelease,
  "kustomize.toolkit.fluxcd.io/v1/Kustomization": kustomization,
  "notification.toolkit.fluxcd.io/v1beta3/Provider": fluxProvider,
  "notification.toolkit.fluxcd.io/v1beta3/Alert": fluxAlert,
};

/**
 * Chart values with a schema of their own, checked by `vigil build`: custom-resource specs the chart
 * passes through, and configuration files it renders (chart -> values path -> (what, schema)).
 */
export const CHART_SPEC_SCHEMAS: Record<string, Record<string, { kind: string; schema: z.ZodType; tpl?: true; choose?: (values: Record<string, unknown>) => { kind: string; schema: z.ZodType } | undefined }>> = {
  // Both charts run these through Helm's `tpl`: checked as the agent receives them.
  vector: { customConfig: { kind: "Vector configuration", schema: vectorConfigSchema, tpl: true } },
  alloy: { "alloy.configMap.content": { kind: "Alloy configuration", schema: alloyConfigSchema, tpl: true } },
  "victoria-metrics-k8s-stack": {
    "vmsingle.spec": { kind: "VMSingle", schema: vmSingleSpec },
    "vmcluster.spec": { kind: "VMCluster", schema: vmClusterSpec },
    "vmagent.spec": { kind: "VMAgent", schema: vmAgentSpec },
    "vmalert.spec": { kind: "VMAlert", schema: vmAlertSpec },
    "alertmanager.spec": { kind: "VMAlertmanager", schema: vmAlertmanagerSpec },
  },
  "kube-prometheus-stack": {
    // In agent mode (a fleet's spoke) the chart renders the same values as a PrometheusAgent.
    "prometheus.prometheusSpec": { kind: "Prometheus", schema: prometheusSpec, choose: (values) => (values.prometheus as { agentMode?: boolean } | undefined)?.agentMode ? { kind: "PrometheusAgent", schema: prometheusAgentSpec } : undefined },
    "alertmanager.alertmanagerSpec": { kind: "Alertmanager", schema: alertmanagerSpec },
  },
};
