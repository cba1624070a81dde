// The UIs from outside the cluster: an HTTPRoute on the user's Gateway, or an Ingress. Grafana
// has its own login and learns its public address (root_url) so that its links and redirects
// point there; the other UIs are reached through vmauth (components/vmauth.ts), which asks for
// a login and routes each host to its UI.
import type { Service, Stack } from "../model/stack.js";
import { defineComponent, type KubeObject } from "./types.js";
import { exposedUis } from "./vmauth.js";

/** One route: every host to one Service. */
function route(stack: Stack, name: string, hosts: string[], service: Service): KubeObject | undefined {
  const { gateway, ingress } = stack.config.access;
  const metadata = { name, namespace: stack.namespace, labels: { "app.kubernetes.io/managed-by": "vigil" } };
  if (gateway) {
    return {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata,
      spec: {
        parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: gateway.name, namespace: gateway.namespace, ...(gateway.sectionName ? { sectionName: gateway.sectionName } : {}) }],
        hostnames: hosts,
        rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: service.name, port: service.port }] }],
      },
    };
  }
  if (ingress) {
    return {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata,
      spec: {
        ingressClassName: ingress.className,
        rules: hosts.map((host) => ({ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: service.name, port: { number: service.port } } } }] } })),
        ...(ingress.tlsSecret ? { tls: [{ hosts, secretName: ingress.tlsSecret }] } : {}),
      },
    };
  }
  return undefined;
}

export default defineComponent({
  name: "access",
  description: "HTTPRoutes or Ingresses for Grafana and the UIs behind vmauth",
  enabledWhen: (stack) => (stack.config.access.grafana !== undefined && stack.enabled.grafana) || exposedUis(stack).length > 0,
  render(ctx) {
    const { stack } = ctx;
    const tlsSecret = stack.config.access.ingress?.tlsSecret;
    if (tlsSecret) ctx.secret({ name: tlsSecret, keys: ["tls.crt", "tls.key"], tls: true, purpose: "the UIs' TLS certificate, served by the ingress controller (e.g. issued by cert-manager)" });
    const expose = (name: string, hosts: string[], service: Service, why: string) => {
      const r = route(stack, name, hosts, service);
      if (!r) return;
      ctx.object(stack.apps.access, r);
      ctx.allow("ingress", service, why);
    };
    const grafana = stack.config.access.grafana;
    if (grafana && stack.enabled.grafana) {
      const url = new URL(grafana.url);
      expose("grafana", [url.hostname], stack.services.grafana, "Grafana from outside the cluster");
      ctx.values(stack.apps.grafana, { "grafana.ini": { server: { root_url: url.origin + "/" } } });
    }
    const uis = exposedUis(stack);
    if (uis.length) expose("vmauth", uis.map((u) => u.url.hostname), stack.services.vmauth!, "the UIs behind vmauth's login");
  },
});
