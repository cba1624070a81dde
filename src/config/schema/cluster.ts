import { z } from "zod";
import { dnsLabel } from "./formats.js";

export const DISTRIBUTIONS = ["k3s", "talos"] as const;
export const DATASTORES = ["sqlite", "embedded-etcd", "external"] as const;

const address = z.string().regex(/^[A-Za-z0-9.:-]+$/, { message: 'is not an IP address or host name; use e.g. "192.168.1.10"' });

export const clusterSchema = z
  .strictObject({
    name: dnsLabel.default("homelab").meta({
      description: "Cluster name: the value of the `cluster` label on every series and alert, so one Grafana can show several clusters.",
    }),
    distribution: z.enum(DISTRIBUTIONS).default("k3s").meta({
      description: "Kubernetes distribution. Decides control-plane endpoints, node-side configuration and namespace security labels.",
    }),
    nodes: z.number().int().min(1).max(500).default(1).meta({
      description: "Number of nodes, used by `vigil plan` to total the per-node agents (node-exporter, Vector).",
    }),
    datastore: z.enum(DATASTORES).optional().meta({
      description:
        "K3s only; default `sqlite`. K3s datastore: `sqlite` (a single server's default: no etcd at all), `embedded-etcd` (`cluster-init`, HA servers), `external` (MySQL, PostgreSQL or an etcd you run; not scraped). Talos always runs etcd on its control-plane nodes.",
    }),
    context: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "The kubeconfig context of this cluster, for `vigil doctor` (`--context` overrides it). Default: the current context; in a fleet, with `--all`, a context named like the cluster." }),
    kubeProxy: z.boolean().default(true).meta({
      description: "Whether kube-proxy runs. Set false when the CNI replaces it (Cilium's kube-proxy replacement, K3s `disable-kube-proxy`): nothing of kube-proxy is scraped or alerted on.",
    }),
    controlPlane: z
      .strictObject({
        addresses: z.array(address).default([]).meta({
          description:
            "Addresses of the control-plane nodes, for the components that are not pods (etcd, and on Talos the controller-manager and scheduler). Empty: vigil finds the nodes labelled node-role.kubernetes.io/control-plane.",
        }),
      })
      .prefault({})
      .meta({ description: "Control-plane nodes." }),
  })
  .meta({ description: "The cluster being monitored." });
