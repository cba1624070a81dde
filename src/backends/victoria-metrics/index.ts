// VictoriaMetrics, the default metrics backend: the victoria-metrics-k8s-stack chart with the
// operator, VMSingle (tsdb), vmagent (scraper), vmalert (ruler) and VMAlertmanager. The operator
// names each object <kind>-<fullname>; vigil pins the fullname, so every name is known here.
import type { MetricsBackend, MetricsBackendFacts } from "../types.js";
import { operatorPod, svc } from "../../model/stack.js";
import { VM_SECRETS_DIR } from "../../alerting/alertmanager-config.js";
import chart from "./chart.js";
import { VM_CLUSTER_PARTS, VM_NAME, VM_OPERATOR, VM_TENANT } from "./names.js";
import ruler from "./ruler.js";
import migration from "./migrate.js";
import { vmSelfMonitoring } from "./self-monitoring.js";
import { vmScrapeObject } from "./scrapes.js";
import { vmRuleObjects } from "./rules.js";
import { victoriaMetricsPods, vmClusterPod } from "./pods.js";
import type { VigilConfig } from "../../config/schema/index.js";


const APP = "victoria-metrics";

/**
 * The store's roles: one VMSingle, or (metrics.mode cluster) vmselect answering queries and
 * vminsert receiving samples, both under tenant 0's paths (the k8s-stack chart's vm.prometheus.read
 * and vm.prometheus.write helpers build the same URLs for the vmagent and vmalert it wires).
 */
function storeRoles(namespace: string, metrics: VigilConfig["metrics"]) {
  if (metrics.mode === "cluster") {
    const query = svc(namespace, `vmselect-${VM_NAME}`, VM_CLUSTER_PARTS.vmselect.port, "vmselect");
    const write = svc(namespace, `vminsert-${VM_NAME}`, VM_CLUSTER_PARTS.vminsert.port, "vminsert");
    return { query, queryUrl: `${query.url}/select/${VM_TENANT}/prometheus`, write, writeUrl: `${write.url}/insert/${VM_TENANT}/prometheus` };
  }
  const vmsingle = svc(namespace, `vmsingle-${VM_NAME}`, 8428, "vmsingle");
  return { query: vmsingle, queryUrl: vmsingle.url, write: vmsingle, writeUrl: vmsingle.url };
}

function facts(namespace: string, metrics: VigilConfig["metrics"]): MetricsBackendFacts {
  return {
    app: APP,
    roles: {
      ...storeRoles(namespace, metrics),
      scraper: svc(namespace, `vmagent-${VM_NAME}`, 8429, "vmagent"),
      ruler: svc(namespace, `vmalert-${VM_NAME}`, 8080, "vmalert"),
      alertmanager: svc(namespace, `vmalertmanager-${VM_NAME}`, 9093, "alertmanager"),
    },
    pods: {
      vmsingle: operatorPod("vmsingle", VM_NAME),
      vmstorage: vmClusterPod("vmstorage", VM_NAME),
      vminsert: vmClusterPod("vminsert", VM_NAME),
      vmselect: vmClusterPod("vmselect", VM_NAME),
      vmagent: operatorPod("vmagent", VM_NAME),
      vmalert: operatorPod("vmalert", VM_NAME),
      vmalertLogs: operatorPod("vmalert", `${VM_NAME}-logs`),
      alertmanager: operatorPod("vmalertmanager", VM_NAME),
      vmauth: operatorPod("vmauth", VM_NAME),
      // The operator chart's selectorLabels: chart name and release (the app folder).
      operator: { "app.kubernetes.io/name": "victoria-metrics-operator", "app.kubernetes.io/instance": APP },
    },
  };
}

export const victoriaMetrics: MetricsBackend = {
  name: "victoria-metrics",
  description: "VictoriaMetrics: operator, VMSingle, vmagent, vmalert and VMAlertmanager (victoria-metrics-k8s-stack)",
  words: {
    scraper: "vmagent",
    ruler: "vmalert",
    scrapeKinds: "VMServiceScrape, VMNodeScrape, VMStaticScrape",
    ruleKind: "VMRule",
    app: "VictoriaMetrics operator and CRDs, VMSingle, vmagent, vmalert, VMAlertmanager, node-exporter, kube-state-metrics",
    spokeApp: "VictoriaMetrics operator and CRDs, vmagent (pushing to the hub, buffering on its volume), node-exporter, kube-state-metrics",
    remoteWriteClient: "victoriametrics",
  },
  // Argo CD does not run Helm `lookup`, so the operator chart generates a new webhook certificate
  // on every render (its Secret and the webhook's caBundle).
  unstableFields: [
    { group: "", kind: "Secret", name: `${VM_OPERATOR}-validation`, namespaced: true, jsonPointers: ["/data"] },
    { group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration", name: `${VM_OPERATOR}-admission`, jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"] },
  ],
  facts,
  components: [chart, ruler, migration],
  selfMonitoring: vmSelfMonitoring,
  secretsDir: VM_SECRETS_DIR,
  alertmanager(ctx, am) {
    const { stack } = ctx;
    if (!am) return ctx.values(stack.apps.metrics, { alertmanager: { enabled: false } });
    ctx.values(stack.apps.metrics, {
      alertmanager: {
        enabled: true,
        // A plain Alertmanager configuration (not VMAlertmanagerConfig), rendered by the chart into a Secret.
        useManagedConfig: false,
        config: am.config,
        annotations: stack.crAnnotations,
        spec: {
          ...stack.operatorSecurity,
          resources: ctx.resources("alertmanager", { workload: `VMAlertmanager/${VM_NAME}` }),
          configReloaderResources: ctx.resources("alertmanager-config-reloader", { workload: `VMAlertmanager/${VM_NAME}` }),
          // Mounted at /etc/vm/secrets/<name>/, where the receivers' *_file settings point.
          ...(am.secrets.length ? { secrets: am.secrets } : {}),
          ...(am.volume
            ? {
                storage: {
                  volumeClaimTemplate: {
                    spec: { storageClassName: am.volume.storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: am.volume.size } } },
                  },
                },
              }
            : {}),
        },
      },
    });
  },
  exporterToggle: (subchart, enabled) => ({ [subchart]: { enabled } }),
  // The k8s-stack's subcharts make a VMServiceScrape of their own unless told not to.
  exporterScrapeOff: () => ({ vmScrape: { enabled: false } }),
  scrapeObject: vmScrapeObject,
  ruleObjects: vmRuleObjects,
  operatorPods: victoriaMetricsPods,
};
