// vmauth, VictoriaMetrics' auth proxy, in front of the UIs that have no login of their own
// (vmui, VictoriaLogs, vmalert, Alertmanager): one basic-auth user, one host per UI. The routes to
// it are written by the access component.
//
// Facts from the operator (v0.74): a VMAuth selects no VMUser unless told (userSelector); host
// routing needs url_map entries, which the operator writes unless a single ref has a default path,
// so every ref carries the path ".*" (it also matches the bare "/", which vmauth normalises to an
// empty path that "/.*" misses); hosts are anchored regexes matched against the Host header, port
// included.
import type { Service, Stack } from "../model/stack.js";
import { defineComponent, type KubeObject } from "./types.js";

export const UIS = ["metrics", "logs", "alerts", "alertmanager"] as const;
export type Ui = (typeof UIS)[number];

const USER_LABEL = "vigil.dev/vmauth";

/** The UIs configured, with their public URL and the Service behind each. */
export function exposedUis(stack: Stack): { ui: Ui; url: URL; service: Service }[] {
  const uis = stack.config.access.uis;
  if (!uis) return [];
  const services: Record<Ui, Service> = { metrics: stack.services.query, logs: stack.services.logsQuery, alerts: stack.services.ruler, alertmanager: stack.services.alertmanager };
  return UIS.filter((ui) => uis[ui]).map((ui) => ({ ui, url: new URL(uis[ui]!), service: services[ui] }));
}

/**
 * Where a UI's requests go: the operator's resource (its Service, v0.74 AsURL), or a URL. vmselect
 * serves vmui and the Prometheus API under its tenant's path (/select/0/vmui/), so the metrics UI
 * of a VMCluster is a URL with that prefix: browse to /vmui/.
 */
function uiTarget(stack: Stack, ui: Ui, service: Service) {
  const name = stack.names.vm;
  if (ui === "metrics" && stack.metricsCluster) return { static: { url: `${stack.metricsApi.query.replace(/\/prometheus$/, "")}/` } };
  const kind = CRD_KIND[ui];
  return kind ? { crd: { kind, name, namespace: stack.namespace } } : { static: { url: service.url } };
}

/** vmauth's src_hosts entry: the host, dots escaped, with or without a port. */
export const hostPattern = (hostname: string) => `${hostname.replaceAll(".", "\\.")}(:\\d+)?`;

const CRD_KIND: Partial<Record<Ui, "VMSingle" | "VMAlert" | "VMAlertmanager">> = { metrics: "VMSingle", alerts: "VMAlert", alertmanager: "VMAlertmanager" };

export default defineComponent({
  name: "vmauth",
  description: "vmauth with basic auth in front of the VictoriaMetrics, VictoriaLogs, vmalert and Alertmanager UIs",
  enabledWhen: (stack) => exposedUis(stack).length > 0,
  render(ctx) {
    const { stack } = ctx;
    const uis = stack.config.access.uis!;
    const name = stack.names.vm;
    const meta = (n: string, labels: Record<string, string> = {}) => ({
      name: n,
      namespace: stack.namespace,
      labels: { "app.kubernetes.io/managed-by": "vigil", ...labels },
    });
    ctx.secret({ name: uis.passwordSecret, keys: ["password"], purpose: "basic-auth password of the UIs behind vmauth" });
    const vmauth: KubeObject = {
      apiVersion: "operator.victoriametrics.com/v1beta1",
      kind: "VMAuth",
      metadata: meta(name),
      spec: {
        userSelector: { matchLabels: { [USER_LABEL]: name } },
        ...stack.operatorSecurity,
        // Not scraped: no rule or dashboard reads vmauth's metrics, and the operator's own scrape would be blocked.
        disableSelfServiceScrape: true,
        resources: ctx.resources("vmauth", { workload: `VMAuth/${name}` }),
        configReloaderResources: ctx.resources("vmauth-config-reloader", { workload: `VMAuth/${name}` }),
      },
    };
    const exposed = exposedUis(stack);
    const user: KubeObject = {
      apiVersion: "operator.victoriametrics.com/v1beta1",
      kind: "VMUser",
      metadata: meta("vigil-ui", { [USER_LABEL]: name }),
      spec: {
        username: uis.username,
        passwordRef: { name: uis.passwordSecret, key: "password" },
        // The operator would otherwise copy the password into a Secret of its own.
        disable_secret_creation: true,
        targetRefs: exposed.map(({ ui, url, service }) => ({ ...uiTarget(stack, ui, service), hosts: [hostPattern(url.hostname)], paths: [".*"] })),
      },
    };
    ctx.object(stack.apps.access, vmauth);
    ctx.object(stack.apps.access, user);
    for (const { ui, service } of exposed) ctx.allow("vmauth", service, `the ${ui} UI, after login`);
  },
});
