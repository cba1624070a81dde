// NetworkPolicies of the monitoring namespace: deny every incoming connection, then allow exactly
// the flows the components declared (ctx.allow): scrapes, remote write, datasources,
// notifications, log shipping and the exposed UIs. One policy per receiving pod, one rule per port.
//
// What NetworkPolicies cannot see, and so needs no rule: traffic from a pod's own node (kubelet
// probes; Kubernetes always allows it), hostNetwork pods (node-exporter), and kubectl port-forward.
import type { Stack } from "../model/stack.js";
import { defineComponent, type Flow, type KubeObject } from "./types.js";

/** The namespace's default-deny policy (also named by `vigil doctor` when a pod of another app is in the namespace). */
export const DEFAULT_DENY_POLICY = "vigil-default-deny-ingress";

type Peer = Record<string, unknown>;

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const namespacePeer = (namespace: string, podLabels?: Record<string, string>): Peer => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } },
  ...(podLabels ? { podSelector: { matchLabels: podLabels } } : {}),
});

/** Flux's notification-controller pods (Flux's install manifests label them so). */
export const FLUX_NOTIFICATION_PODS = { app: "notification-controller" };
/** Where Flux runs: gitops.flux.namespace (flux-system unless changed), also when Argo CD deploys the tree. */
export const fluxNamespace = (stack: Stack) => stack.config.gitops.flux.namespace;

/** K3s's packaged Traefik: namespace kube-system, pods labelled with the chart's name. */
export const K3S_TRAEFIK = { namespace: "kube-system", podLabels: { "app.kubernetes.io/name": "traefik" } };

/** Who proxies the UIs: the configured controller, else the one the access mode implies. */
export function ingressPeers(stack: Stack): Peer[] | "any" {
  const { ingressController, allowFrom } = stack.config.networkPolicy;
  if (ingressController === "any") return "any";
  const { gateway, ingress } = stack.config.access;
  const controller = ingressController ?? (gateway ? { namespace: gateway.namespace } : ingress ? K3S_TRAEFIK : undefined);
  return [...(controller ? [namespacePeer(controller.namespace, controller.podLabels)] : []), ...allowFrom.map((cidr) => ({ ipBlock: { cidr } }))];
}

function peersOf(stack: Stack, from: Flow["from"]): Peer[] | "any" {
  if (from === "anywhere") return "any";
  if (from === "ingress") return ingressPeers(stack);
  if (from === "fleet") return (stack.fleet?.ingest.allowFrom ?? []).map((cidr) => ({ ipBlock: { cidr } }));
  if (from === "fluxNotifications") return [namespacePeer(fluxNamespace(stack), FLUX_NOTIFICATION_PODS)];
  return [{ podSelector: { matchLabels: { ...stack.pods[from] } } }];
}

export function networkPolicies(stack: Stack, flows: readonly Flow[]): KubeObject[] {
  const meta = (name: string, annotations?: Record<string, string>) => ({
    name,
    namespace: stack.namespace,
    labels: { "app.kubernetes.io/managed-by": "vigil" },
    ...(annotations ? { annotations } : {}),
  });
  const policies: KubeObject[] = [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta(DEFAULT_DENY_POLICY),
      // Selects every pod of the namespace and allows nothing: the policies below add each flow.
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    },
  ];
  const receivers = [...new Set(flows.map((f) => f.to))].sort();
  for (const to of receivers) {
    const mine = flows.filter((f) => f.to === to);
    const ports = [...new Set(mine.map((f) => f.port))].sort((a, b) => a - b);
    const rules = ports.flatMap((port) => {
      const peers = mine.filter((f) => f.port === port).map((f) => peersOf(stack, f.from));
      const portRule = { ports: [{ protocol: "TCP", port }] };
      if (peers.includes("any")) return [portRule];
      const from = (peers as Peer[][]).flat();
      // Peers are deduplicated by content: two flows from the same pod share one entry.
      const unique = [...new Map(from.map((p) => [JSON.stringify(p), p])).values()];
      return unique.length ? [{ ...portRule, from: unique }] : [];
    });
    const why = mine.map((f) => `${f.from} → ${f.port}: ${f.why}`).sort();
    policies.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta(`vigil-allow-${kebab(to)}`, { "vigil.dev/flows": why.join("\n") }),
      spec: { podSelector: { matchLabels: { ...stack.pods[to] } }, policyTypes: ["Ingress"], ingress: rules },
    });
  }
  return policies;
}

export default defineComponent({
  name: "network-policies",
  description: "Default-deny ingress NetworkPolicy and one allow per flow of the stack",
  enabledWhen: (stack) => stack.config.networkPolicy.enabled,
  render(ctx) {
    // Talos's default CNI (Flannel) enforces no NetworkPolicy: say so, rather than let the user believe it.
    if (ctx.stack.cluster.distribution === "talos") {
      ctx.note(
        "NetworkPolicies: Talos's default CNI (Flannel) does not enforce them; with it, enable cluster.network.cni.flannel.kubeNetworkPoliciesEnabled (Talos 1.13+), or run Cilium or Calico (`vigil doctor` tells)",
      );
    }
  },
  // After every other assemble step: Grafana declares its datasource flows while assembling.
  assemble(ctx, parts) {
    for (const policy of networkPolicies(ctx.stack, parts.flows)) ctx.object(ctx.stack.apps.networkPolicies, policy);
  },
});
