// Scrapes of the homelab's own platform pieces, switched on with exporters.<name> (which also
// switches their alert groups): cert-manager, Argo CD, Traefik, Longhorn, and Flux's resources through
// kube-state-metrics' custom-resource state (the way the Flux docs recommend).
import { defineComponent } from "./types.js";
import { podScrape, serviceScrape } from "../scrape/scrape.js";
import { CERT_MANAGER } from "../catalog/scraped/cert-manager.js";
import { TRAEFIK } from "../catalog/scraped/traefik.js";
import { ARGOCD_APPLICATION_CONTROLLER } from "../catalog/scraped/argocd-application-controller.js";
import { LONGHORN } from "../catalog/documented/longhorn.js";

/** Flux's kinds, at the API versions Flux 2.x serves. */
const FLUX_KINDS = [
  ["kustomize.toolkit.fluxcd.io", "v1", "Kustomization", "kustomizations"],
  ["helm.toolkit.fluxcd.io", "v2", "HelmRelease", "helmreleases"],
  ["source.toolkit.fluxcd.io", "v1", "GitRepository", "gitrepositories"],
  ["source.toolkit.fluxcd.io", "v1", "OCIRepository", "ocirepositories"],
  ["source.toolkit.fluxcd.io", "v1", "HelmRepository", "helmrepositories"],
  ["source.toolkit.fluxcd.io", "v1", "HelmChart", "helmcharts"],
  ["source.toolkit.fluxcd.io", "v1", "Bucket", "buckets"],
] as const;

export default defineComponent({
  name: "optional-targets",
  description: "cert-manager, Argo CD, Traefik, Longhorn and Flux, when exporters switches them on",
  enabledWhen: (stack) => stack.enabled.vmalert,
  render(ctx) {
    const { stack } = ctx;
    const groups = stack.exporters;
    const service = (job: string, namespace: string, selector: Record<string, string>, portName: string, port: number, metrics: readonly string[], seriesPerTarget: number) =>
      ctx.scrape({
        job,
        scrape: serviceScrape(job, { port, path: "/metrics", scheme: "http", namespace, selector, portName }),
        metrics,
        target: { where: `Service in ${namespace} (${Object.values(selector).join(", ")})`, port, path: "/metrics", scheme: "http" },
        per: "cluster",
        seriesPerTarget,
      });

    // cert-manager's chart names the controller's metrics port so (9402).
    if (groups.certManager) service("cert-manager", "cert-manager", { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" }, "tcp-prometheus-servicemonitor", 9402, CERT_MANAGER, 100);
    if (groups.argocd) service("argocd", stack.config.gitops.argocd.namespace, { "app.kubernetes.io/name": "argocd-metrics" }, "metrics", 8082, ARGOCD_APPLICATION_CONTROLLER, 300);
    if (groups.longhorn) service("longhorn", "longhorn-system", { app: "longhorn-manager" }, "manager", 9500, LONGHORN, 200);
    if (groups.traefik) {
      // K3s's Traefik serves metrics on its pods' "metrics" port (9100); no Service exposes it.
      ctx.scrape({
        job: "traefik",
        scrape: podScrape("traefik", { port: 9100, path: "/metrics", scheme: "http", namespace: "kube-system", selector: { "app.kubernetes.io/name": "traefik" }, portName: "metrics" }),
        metrics: TRAEFIK,
        target: { where: "Traefik pods in kube-system", port: 9100, path: "/metrics", scheme: "http" },
        per: "cluster",
        seriesPerTarget: 100,
      });
    }
    if (groups.flux && stack.enabled.kubeStateMetrics) {
      ctx.values(stack.apps.metrics, {
        "kube-state-metrics": {
          customResourceState: {
            enabled: true,
            config: {
              kind: "CustomResourceStateMetrics",
              spec: {
                resources: FLUX_KINDS.map(([group, version, kind]) => ({
                  groupVersionKind: { group, version, kind },
                  metricNamePrefix: "gotk",
                  metrics: [
                    {
                      name: "resource_info",
                      help: `The current state of a Flux ${kind}.`,
                      each: { type: "Info", info: { labelsFromPath: { name: ["metadata", "name"] } } },
                      labelsFromPath: { exported_namespace: ["metadata", "namespace"], ready: ["status", "conditions", "[type=Ready]", "status"], suspended: ["spec", "suspend"] },
                    },
                  ],
                })),
              },
            },
          },
          rbac: {
            extraRules: [...new Set(FLUX_KINDS.map(([g]) => g))].map((group) => ({
              apiGroups: [group],
              resources: FLUX_KINDS.filter(([g]) => g === group).map(([, , , plural]) => plural),
              verbs: ["list", "watch"],
            })),
          },
        },
      });
      ctx.scrape({
        job: "kube-state-metrics",
        metrics: ["gotk_resource_info"],
        target: { where: "kube-state-metrics (custom-resource state of Flux's kinds)", port: 8080, path: "/metrics", scheme: "http" },
        per: "cluster",
        seriesPerTarget: 50,
      });
    }
  },
});
