// The kubelet's /metrics endpoint, and on K3s everything it carries: there the one process serves
// every component's families, so vigil routes each family to its component's job and drops the
// families of components that are switched off or scraped elsewhere (etcd's own endpoint).
import type { Stack } from "../model/stack.js";
import { FAMILIES } from "../catalog/families.js";
import { KUBELET } from "../catalog/documented/kubelet.js";
import { KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_PROXY, KUBE_SCHEDULER } from "../catalog/index.js";
import { controlPlanePlan, CONTROL_PLANE_JOBS } from "./control-plane.js";
import { DROPS } from "./drops.js";
import { deliveredByJob, dropMetrics, jobForMetrics, type RelabelRule } from "./relabel.js";
import type { ControlPlaneComponent } from "../platforms/index.js";

const SHARED: { component: ControlPlaneComponent; family: string; names: readonly string[] }[] = [
  // Order matters: the last matching rule wins, so the broad controller pattern comes first.
  { component: "controllerManager", family: FAMILIES.controllerManager, names: KUBE_CONTROLLER_MANAGER },
  { component: "apiserver", family: FAMILIES.apiserver, names: KUBE_APISERVER },
  { component: "scheduler", family: FAMILIES.scheduler, names: KUBE_SCHEDULER },
  { component: "kubeProxy", family: FAMILIES.kubeProxy, names: KUBE_PROXY },
];

/** Components whose series come with the kubelet endpoint on this cluster. */
function sharedComponents(stack: Stack) {
  return SHARED.filter((s) => {
    const plan = controlPlanePlan(stack, s.component);
    return plan.scraped && plan.access.mode === "kubelet";
  });
}

/** Relabel rules of the kubelet /metrics endpoint. */
export function kubeletMetricRules(stack: Stack): RelabelRule[] {
  if (stack.platform.name !== "k3s") return [...DROPS.generic!, ...DROPS.kubelet!];
  const shared = sharedComponents(stack);
  const off = SHARED.filter((s) => !shared.includes(s)).map((s) => s.family);
  return [
    ...DROPS.generic!,
    ...DROPS.kubelet!,
    ...shared.flatMap((s) => DROPS[s.component]!),
    // Families of components not scraped, and etcd's (its own endpoint, or no etcd at all).
    dropMetrics([...off, FAMILIES.etcd].join("|")),
    ...shared.map((s) => jobForMetrics(s.family, CONTROL_PLANE_JOBS[s.component])),
  ];
}

/** What the endpoint serves: the kubelet's own families, and on K3s every component's. */
export function kubeletEndpointNames(stack: Stack): string[] {
  const names = new Set<string>(KUBELET);
  if (stack.platform.name === "k3s") for (const s of SHARED) for (const n of s.names) names.add(n);
  return [...names].sort();
}

/** Metric names per job that the kubelet endpoint delivers after the rules. */
export function kubeletEndpointCatalog(stack: Stack): Map<string, string[]> {
  return deliveredByJob(kubeletEndpointNames(stack), "kubelet", kubeletMetricRules(stack));
}
