// Whether and how each control-plane component is scraped: the config's toggles, the cluster's
// facts (kube-proxy replaced, no etcd) and the distribution's access, decided in one place.
import type { Stack } from "../model/stack.js";
import type { ControlPlaneAccess, ControlPlaneComponent } from "../platforms/index.js";
import { defineComponent, type Component } from "../components/types.js";
import { nodeScrape, serviceScrape, staticScrape, type Scrape } from "./scrape.js";
import { deliveredByJob, keepMetrics, type RelabelRule } from "./relabel.js";
import { FAMILIES } from "../catalog/families.js";
import { DROPS } from "./drops.js";
import { kubeletEndpointCatalog } from "./kubelet-endpoint.js";

export const CONTROL_PLANE_JOBS: Record<ControlPlaneComponent, string> = {
  apiserver: "apiserver",
  controllerManager: "kube-controller-manager",
  scheduler: "kube-scheduler",
  kubeProxy: "kube-proxy",
  etcd: "etcd",
};

export type ControlPlanePlan = { scraped: true; access: Exclude<ControlPlaneAccess, { mode: "none" }> } | { scraped: false; reason: string };

export function controlPlanePlan(stack: Stack, component: ControlPlaneComponent): ControlPlanePlan {
  if (!stack.config.scrape[component]) return { scraped: false, reason: `switched off (scrape.${component}: false)` };
  if (component === "kubeProxy" && !stack.config.cluster.kubeProxy) return { scraped: false, reason: "the CNI replaces kube-proxy (cluster.kubeProxy: false)" };
  const access = stack.platform.access(stack, component);
  if (access.mode === "none") return { scraped: false, reason: access.reason };
  if (access.mode === "kubelet" && !stack.config.scrape.kubelet) {
    return { scraped: false, reason: `on ${stack.platform.name} its metrics come with the kubelet endpoint, which is switched off (scrape.kubelet: false)` };
  }
  return { scraped: true, access };
}

/** Components whose own endpoint is scraped: the node-side configuration must open them. */
export function componentsWithEndpoints(stack: Stack): Set<ControlPlaneComponent> {
  return new Set(
    (Object.keys(CONTROL_PLANE_JOBS) as ControlPlaneComponent[]).filter((c) => {
      const plan = controlPlanePlan(stack, c);
      return plan.scraped && plan.access.mode === "endpoint" && plan.access.on !== "apiserver-service";
    }),
  );
}

/** The job's own scrape, where the component has an endpoint of its own. */
function endpointObject(stack: Stack, component: ControlPlaneComponent, access: Extract<ControlPlaneAccess, { mode: "endpoint" }>, rules: RelabelRule[]): Scrape {
  const job = CONTROL_PLANE_JOBS[component];
  const e = { port: access.port, path: "/metrics", scheme: access.scheme, insecureTLS: access.insecureTLS, metricRelabel: rules };
  const addresses = stack.config.cluster.controlPlane.addresses;
  switch (access.on) {
    case "apiserver-service":
      // The `kubernetes` Service's endpoints are the apiservers themselves.
      return serviceScrape(job, { ...e, namespace: "default", selector: { component: "apiserver", provider: "kubernetes" }, portName: "https" });
    case "every-node":
      return nodeScrape(job, e);
    case "control-plane":
      return addresses.length ? staticScrape(job, { ...e, addresses }) : nodeScrape(job, { ...e, controlPlaneOnly: true });
  }
}

export interface ControlPlaneComponentSpec {
  component: ControlPlaneComponent;
  description: string;
  /** Metric names its endpoint serves (a real scrape). */
  names: readonly string[];
  /** Series of one target after vigil's drops, on the reference scrape. */
  seriesPerTarget: number;
}

/** A control-plane component: scraped on its own endpoint, through the kubelet's (K3s), or skipped with the reason. */
export function controlPlaneComponent(spec: ControlPlaneComponentSpec): Component {
  const job = CONTROL_PLANE_JOBS[spec.component];
  return defineComponent({
    name: job,
    description: spec.description,
    enabledWhen: () => true,
    render(ctx) {
      const { stack } = ctx;
      const plan = controlPlanePlan(stack, spec.component);
      if (!plan.scraped) return ctx.skip(job, plan.reason);
      const per = spec.component === "kubeProxy" ? "node" : "control-plane node";
      if (plan.access.mode === "kubelet") {
        ctx.scrape({
          job,
          metrics: kubeletEndpointCatalog(stack).get(job) ?? [],
          target: { where: `kubelet endpoint of each node (${stack.platform.name}: one process, one registry)`, port: 10250, path: "/metrics", scheme: "https" },
          per,
          seriesPerTarget: spec.seriesPerTarget,
        });
        return;
      }
      // Where one registry serves every component (K3s), an endpoint of its own keeps only its family.
      const own = stack.platform.name === "k3s" ? [keepMetrics(FAMILIES[spec.component])] : [];
      const rules = [...own, ...DROPS.generic!, ...(DROPS[spec.component] ?? [])];
      const access = plan.access;
      const where =
        access.on === "apiserver-service"
          ? "endpoints of Service default/kubernetes"
          : stack.config.cluster.controlPlane.addresses.length && access.on === "control-plane"
            ? `cluster.controlPlane.addresses (${stack.config.cluster.controlPlane.addresses.join(", ")})`
            : access.on === "control-plane"
              ? "nodes labelled node-role.kubernetes.io/control-plane"
              : "every node";
      ctx.scrape({
        job,
        scrape: endpointObject(stack, spec.component, access, rules),
        metrics: deliveredByJob(spec.names, job, rules).get(job) ?? [],
        target: { where, port: access.port, path: "/metrics", scheme: access.scheme },
        per,
        seriesPerTarget: spec.seriesPerTarget,
      });
    },
  });
}
