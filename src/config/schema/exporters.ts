// The homelab's own platform pieces vigil watches, one switch each: its scrape, its alert group
// and its dashboards. They used to be switched under alerting.groups; those keys still work, with
// a deprecation warning (config/parse.ts).
import { z } from "zod";

/** The switches that used to be alert groups (alerting.groups.<name>, still read). */
export const FORMER_GROUPS = ["certManager", "flux", "argocd", "traefik", "longhorn"] as const;
export const EXPORTERS = [...FORMER_GROUPS, "zfs"] as const;
export type ExporterName = (typeof EXPORTERS)[number];

export const exportersSchema = z
  .strictObject({
    certManager: z.boolean().optional().meta({ description: "cert-manager: scrapes its controller; alerts on certificates expiring (7 days, 24 hours) or not ready." }),
    flux: z.boolean().optional().meta({
      description: "Flux: its resources' state through kube-state-metrics (gotk_resource_info, the way the Flux docs recommend); alerts on reconciliations failing, sources not ready, resources suspended for a day; and, with Alertmanager, Flux's notification-controller pushing its error events to Alertmanager (a Provider and an Alert, folder flux-notifications/).",
    }),
    argocd: z.boolean().optional().meta({ description: "Argo CD: scrapes the application controller; alerts on apps degraded or out of sync too long." }),
    traefik: z.boolean().optional().meta({ description: "Traefik (K3s's ingress): scrapes its pods; alerts on the 5xx ratio of a service." }),
    longhorn: z.boolean().optional().meta({ description: "Longhorn: scrapes the managers; alerts on volumes degraded or faulted and disks filling up." }),
    zfs: z.boolean().optional().meta({
      description: "ZFS pools of the nodes and hosts (node-exporter's zfs collector, on by default on Linux): alerts on a pool degraded (a disk lost, redundancy gone) or faulted, suspended, unavailable or removed.",
    }),
  })
  .meta({ description: "Platform pieces of your cluster to watch, one switch each (default off): the scrape, the alerts and the dashboards that read them." });
