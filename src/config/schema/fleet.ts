// A fleet: several clusters and plain Linux hosts in one config. One cluster is the hub (it stores
// metrics and logs, runs Grafana, the rules and Alertmanager); the others are spokes that run
// agents only and push to the hub, as the hosts do. Every key of the config outside `fleet` is the
// fleet's shared default; a cluster's entry overrides any of them for that cluster.
import { z } from "zod";
import { dnsLabel, quantity } from "./formats.js";
import { cidr } from "./network.js";
import { bytesOf } from "../../model/resources.js";

const duration = z.string().regex(/^\d+(s|m|h)$/, { message: 'is not a duration; use e.g. "2m"' });
const address = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^[0-9a-fA-F:]+$/, { message: 'is not an IP address or host name; use e.g. "100.64.0.2" or "hub.tailnet-name.ts.net"' });

export const HOST_OS = ["nixos", "debian"] as const;

/** Keys a cluster's entry may override: every top-level key except these. */
export const NOT_PER_CLUSTER = ["fleet", "$schema"] as const;

export const clusterOverridesSchema = z.record(z.string(), z.unknown()).meta({
  description:
    "Settings of this cluster that differ from the shared ones: any key of the config outside `fleet` (e.g. `cluster: { distribution: talos, nodes: 3 }`, `gitops: { target: flux }`, `storage`, `resources`), merged over the top-level values. `cluster.name` is the entry's key. The tree goes to `clusters/<name>/<gitops.path>` unless the entry sets `gitops.path`.",
});

export const hostSchema = z
  .strictObject({
    os: z.enum(HOST_OS).meta({ description: "`nixos`: a module snippet with the NixOS options of the services; `debian` (also Ubuntu): configs and systemd units to install." }),
    journald: z.boolean().default(true).meta({ description: "Ship the host's journald to the hub's log store." }),
  })
  .meta({ description: "A Linux host outside Kubernetes that pushes its node metrics and journald to the hub." });

export const fleetSchema = z
  .strictObject({
    hub: dnsLabel.optional().meta({
      description:
        "Name of the cluster in `fleet.clusters` that is the hub: it stores metrics and logs and runs Grafana, the rules and Alertmanager. Leave it out when the hub is not in this config (another repository): every cluster is then a spoke pushing to `fleet.ingest.address`, in the log format of the top-level `logs.backend`.",
    }),
    clusters: z.record(dnsLabel, clusterOverridesSchema).meta({ description: "The fleet's clusters by name (the `cluster` label of their series and logs): the hub and the spokes." }),
    hosts: z.record(dnsLabel, hostSchema).default({}).meta({ description: "Linux hosts by name (their series carry `cluster`, `instance` and `node` = the name): node-exporter, vmagent and Vector pushing to the hub." }),
    ingest: z
      .strictObject({
        address: address.meta({ description: "Address spokes and hosts reach the hub's ingest at: the hub node's Tailscale IP or MagicDNS name." }),
        port: z.number().int().min(1).max(65535).default(8427).meta({ description: "Port of the ingest endpoint (a LoadBalancer Service of its own; on K3s, ServiceLB opens it on the node)." }),
        allowFrom: z.array(cidr).min(1).default(["100.64.0.0/10"]).meta({
          description: "Source ranges allowed to reach the ingest (NetworkPolicy), besides each sender's own password. Default: the Tailscale range.",
        }),
      })
      .meta({ description: "The hub's ingest endpoint: vmauth with one user per spoke and host, in front of the metrics store and the log store." }),
    senders: z
      .strictObject({
        buffer: quantity("2Gi")
          // vmagent stores its queue in ~500MB chunks: a smaller cap is not a buffer (-remoteWrite.maxDiskUsagePerURL docs).
          .refine((q) => /^\d+(\.\d+)?([kMGTPE]i?)?$/.test(q) && bytesOf(q) >= 2 ** 30, { message: 'is smaller than 1Gi; vmagent keeps its queue in chunks of about 500MB, use e.g. "2Gi"' })
          .default("2Gi")
          .meta({ description: "On-disk buffer of each spoke's and host's vmagent (on a spoke, a volume of its own): samples wait there while the hub is unreachable; at least 1Gi. vigil caps the queue at 90% of it." }),
        stoppedSendingAfter: duration.default("2m").meta({ description: "A spoke or host whose samples stop arriving for this long raises FleetSenderSilent on the hub." }),
      })
      .prefault({})
      .meta({ description: "How spokes and hosts send." }),
  })
  .meta({ description: "Several clusters and hosts from one config: a hub and agent-only spokes (see docs/fleet.md). Without it, the config is one cluster." });
