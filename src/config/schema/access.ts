// How the UIs are reached from outside the cluster: an HTTPRoute on the user's Gateway (Gateway
// API), or an Ingress (K3s ships Traefik). Grafana has its own login; the stores', vmalert's and
// Alertmanager's UIs have none, so they are published only behind vmauth with basic auth.
import { z } from "zod";
import { dnsLabel, noCredentialsInUrl, objectName, sectionName as sectionNameFormat } from "./formats.js";

/** The address users open: the root of a host. */
const rootUrl = (example: string) =>
  z
    .url({ protocol: /^https?$/, message: `is not an http(s) URL; use e.g. "${example}"` })
    .refine((u) => !URL.canParse(u) || new URL(u).pathname === "/", { message: `must be the root of a host, without a path; use e.g. "${example}"` })
    .superRefine(noCredentialsInUrl("the address users open has no login in it: give it without one"));

export const accessSchema = z
  .strictObject({
    gateway: z
      .strictObject({
        name: objectName.meta({ description: "Name of your Gateway." }),
        namespace: dnsLabel.meta({ description: "Its namespace. Its listener must allow routes from the monitoring namespace (allowedRoutes)." }),
        sectionName: sectionNameFormat.optional().meta({ description: "The Gateway's listener to attach to (e.g. `https`); default: every listener that allows the route." }),
      })
      .optional()
      .meta({ description: "Expose through Gateway API: an HTTPRoute (gateway.networking.k8s.io/v1) attached to this Gateway." }),
    ingress: z
      .strictObject({
        className: z.string().min(1).default("traefik").meta({ description: "IngressClass (K3s: traefik)." }),
        tlsSecret: objectName.optional().meta({ description: "Secret with the TLS certificate for the host (e.g. issued by cert-manager); without it, plain HTTP." }),
      })
      .optional()
      .meta({ description: "Expose through an Ingress instead of a Gateway." }),
    grafana: z
      .strictObject({
        url: rootUrl("https://grafana.lab.example.com").meta({ description: "The address users open; its host is routed to Grafana, and Grafana builds its links from it (root_url)." }),
      })
      .optional()
      .meta({ description: "Grafana from outside the cluster. Needs `access.gateway` or `access.ingress`." }),
    uis: z
      .strictObject({
        metrics: rootUrl("https://metrics.lab.example.com").optional().meta({ description: "VictoriaMetrics' vmui (query explorer, cardinality explorer, top queries) at this address." }),
        logs: rootUrl("https://logs.lab.example.com").optional().meta({ description: "VictoriaLogs' web UI at this address (with `logs.backend: victorialogs`)." }),
        alerts: rootUrl("https://alerts.lab.example.com").optional().meta({ description: "vmalert's UI (groups, alerts, their state) at this address." }),
        alertmanager: rootUrl("https://alertmanager.lab.example.com").optional().meta({ description: "Alertmanager's UI (silences) at this address." }),
        username: z.string().regex(/^[^:\s]+$/, { message: "is not a user name; use letters, digits and no ':'" }).default("admin").meta({ description: "User name of the basic-auth login." }),
        passwordSecret: objectName.default("vigil-ui-auth").meta({ description: "Existing Secret with the key `password`: the basic-auth password (vigil never writes it)." }),
      })
      .optional()
      .meta({
        description:
          "The UIs that have no login of their own, published behind vmauth (VictoriaMetrics' auth proxy) with basic auth, one host each. Needs `access.gateway` or `access.ingress`.",
      }),
  })
  .meta({ description: "Access from outside the cluster." });
