import { z } from "zod";
import { dnsLabel } from "./formats.js";

export const DISTRIBUTIONS = ["k3s", "talos"] as const;

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
  })
  .meta({ description: "The cluster being monitored." });
