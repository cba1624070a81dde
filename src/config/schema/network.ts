// Network isolation of the monitoring namespace: a default-deny ingress NetworkPolicy, and one
// allow per flow the stack needs (scrapes, remote write, datasources, notifications, the UIs).
import { z } from "zod";
import { dnsLabel } from "./formats.js";

/** An IPv4 or IPv6 CIDR, e.g. 10.8.0.0/24 (a VPN range). */
export const cidr = z.string().refine(
  (value) => {
    const [address = "", bits = "", ...rest] = value.split("/");
    if (rest.length || !/^\d{1,3}$/.test(bits)) return false;
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
    if (v4) return v4.slice(1).every((o) => Number(o) <= 255) && Number(bits) <= 32;
    return /^[0-9a-fA-F:]+$/.test(address) && address.includes(":") && Number(bits) <= 128;
  },
  { message: 'is not a CIDR; use e.g. "10.8.0.0/24" or "fd00::/64"' },
);

const labelValue = z.string().regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, { message: "is not a label value" });

export const networkPolicySchema = z
  .strictObject({
    enabled: z.boolean().default(true).meta({
      description:
        "Generate NetworkPolicies: deny all ingress to the monitoring namespace, then allow exactly the flows the stack needs. Enforced by K3s's built-in policy controller, Cilium or Calico; Flannel alone (Talos's default) ignores them.",
    }),
    ingressController: z
      .union([
        z.literal("any").meta({
          description:
            "Any source may reach the UIs' ports: for ingress data planes a NetworkPolicy cannot select, such as Cilium's Ingress and Gateway (its `ingress` identity). Grafana and vmauth still ask for a login.",
        }),
        z.strictObject({
          namespace: dnsLabel.meta({ description: "Namespace of the pods that proxy traffic to the UIs (the ingress controller or the Gateway's data plane)." }),
          podLabels: z.record(z.string().min(1), labelValue).optional().meta({ description: "Labels of those pods; default: every pod of the namespace." }),
        }),
      ])
      .optional()
      .meta({
        description:
          "Who may reach the exposed UIs. Default: K3s's Traefik (namespace kube-system, app.kubernetes.io/name=traefik) with `access.ingress`, every pod of the Gateway's namespace with `access.gateway`.",
      }),
    allowFrom: z.array(cidr).default([]).meta({
      description:
        "Extra source ranges allowed to reach the exposed UIs directly, e.g. a VPN range. (Most policy engines do not match in-cluster pods or nodes by CIDR.)",
    }),
  })
  .meta({ description: "NetworkPolicies of the monitoring namespace." });
