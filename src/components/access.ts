// Grafana from outside the cluster: an HTTPRoute on the user's Gateway, or an Ingress. Grafana
// learns its public address (root_url) so that its links and redirects point there.
import { defineComponent, type KubeObject } from "./types.js";

export default defineComponent({
  name: "access",
  description: "HTTPRoute or Ingress for Grafana",
  enabledWhen: (stack) => stack.config.access.grafana !== undefined && stack.enabled.grafana,
  render(ctx) {
    const { stack } = ctx;
    const { gateway, ingress, grafana } = stack.config.access;
    const url = new URL(grafana!.url);
    const service = stack.services.grafana;
    const metadata = { name: "grafana", namespace: stack.namespace, labels: { "app.kubernetes.io/managed-by": "vigil" } };
    let route: KubeObject | undefined;
    if (gateway) {
      route = {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata,
        spec: {
          parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: gateway.name, namespace: gateway.namespace, ...(gateway.sectionName ? { sectionName: gateway.sectionName } : {}) }],
          hostnames: [url.hostname],
          rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: service.name, port: service.port }] }],
        },
      };
    } else if (ingress) {
      route = {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata,
        spec: {
          ingressClassName: ingress.className,
          rules: [{ host: url.hostname, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: service.name, port: { number: service.port } } } }] } }],
          ...(ingress.tlsSecret ? { tls: [{ hosts: [url.hostname], secretName: ingress.tlsSecret }] } : {}),
        },
      };
    }
    if (route) {
      ctx.object(stack.apps.access, route);
      ctx.allow("ingress", service, "Grafana from outside the cluster");
    }
    ctx.values(stack.apps.grafana, { "grafana.ini": { server: { root_url: url.origin + "/" } } });
  },
});
