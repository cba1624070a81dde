// A reader of NetworkPolicies with the semantics of the Kubernetes API (networking.k8s.io/v1),
// written from its documentation, to ask of a generated tree: may this pod connect to that one?
// Policies are additive: a pod no policy selects accepts everything; a selected pod accepts what
// at least one rule of one selecting policy allows.
import type { KubeObject } from "../model/parts.js";

export interface Endpoint {
  namespace?: string;
  labels?: Record<string, string>;
  /** Source address, for ipBlock peers (a node, the API server, a VPN client). */
  ip?: string;
}

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

export function selects(selector: Selector | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e) => {
    const has = e.key in labels;
    switch (e.operator) {
      case "In":
        return has && e.values!.includes(labels[e.key]!);
      case "NotIn":
        return !has || !e.values!.includes(labels[e.key]!);
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
      default:
        throw new Error(`unknown selector operator ${e.operator}`);
    }
  });
  return byLabel && byExpression;
}

const ipv4 = (ip: string) => ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  if (ip.includes(":") || base!.includes(":")) return false; // IPv6 peers: vigil writes none
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base!) / size);
}

function peerMatches(peer: any, policyNamespace: string, src: Endpoint): boolean {
  if (peer.ipBlock) return src.ip !== undefined && inCidr(src.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c: string) => inCidr(src.ip!, c));
  if (src.namespace === undefined) return false; // not a pod: only ipBlock peers match it
  const nsLabels = { "kubernetes.io/metadata.name": src.namespace };
  const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, nsLabels) : src.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, src.labels) : true;
  return nsOk && podOk;
}

/** A policy's port: none is every port; a name is the destination container's port of that name. */
function portMatches(r: any, port: number, namedPorts: Record<string, number> | undefined): boolean {
  if ((r.protocol ?? "TCP") !== "TCP") return false;
  if (r.port === undefined) return true;
  const first = typeof r.port === "number" || /^\d+$/.test(String(r.port)) ? Number(r.port) : namedPorts?.[r.port];
  if (first === undefined) return false;
  return r.endPort ? port >= first && port <= r.endPort : port === first;
}

/**
 * Whether `src` may open a TCP connection to `dst` on `port`, under `policies`. `dst.ports` names
 * the destination's container ports, for policies that name them.
 */
export function allowed(policies: readonly KubeObject[], src: Endpoint, dst: Required<Pick<Endpoint, "namespace" | "labels">> & { ports?: Record<string, number> }, port: number): boolean {
  const selecting = policies.filter((p: any) => p.kind === "NetworkPolicy" && p.metadata.namespace === dst.namespace && (p.spec.policyTypes ?? ["Ingress"]).includes("Ingress") && selects(p.spec.podSelector, dst.labels));
  if (selecting.length === 0) return true;
  return selecting.some((p: any) =>
    (p.spec.ingress ?? []).some((rule: any) => {
      const portOk = !rule.ports?.length || rule.ports.some((r: any) => portMatches(r, port, dst.ports));
      const fromOk = !rule.from?.length || rule.from.some((peer: any) => peerMatches(peer, p.metadata.namespace, src));
      return portOk && fromOk;
    }),
  );
}
