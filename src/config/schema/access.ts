// How Grafana is reached from outside the cluster: an HTTPRoute on the user's Gateway (Gateway
// API), or an Ingress (K3s ships Traefik). The stores' and Alertmanager's UIs have no login of
// their own and stay inside the cluster (kubectl port-forward) until vigil puts auth in front.
import { z } from "zod";
import { dnsLabel, objectName } from "./formats.js";

export const accessSchema = z
  .strictObject({
    gateway: z
      .strictObject({
        name: objectName.meta({ description: "Name of your Gateway." }),
        namespace: dnsLabel.meta({ description: "Its namespace. Its listener must allow routes from the monitoring namespace (allowedRoutes)." }),
        sectionName: z.string().min(1).optional().meta({ description: "The Gateway's listener to attach to (e.g. `https`); default: every listener that allows the route." }),
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
        url: z
          .url({ protocol: /^https?$/, message: 'is not an http(s) URL; use e.g. "https://grafana.lab.example.com"' })
          .refine((u) => !URL.canParse(u) || new URL(u).pathname === "/", { message: 'must be the root of a host, without a path; use e.g. "https://grafana.lab.example.com"' })
          .meta({ description: "The address users open; its host is routed to Grafana, and Grafana builds its links from it (root_url)." }),
      })
      .optional()
      .meta({ description: "Grafana from outside the cluster. Needs `access.gateway` or `access.ingress`." }),
  })
  .meta({ description: "Access from outside the cluster." });
