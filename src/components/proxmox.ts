// Proxmox VE through prometheus-pve-exporter: the exporter as an app of its own, with the API token
// from an existing Secret, scraped once per host on /pve?target=<host>.
import { CHARTS } from "../model/versions.js";
import { PVE_EXPORTER } from "../catalog/documented/pve-exporter.js";
import { defineComponent } from "./types.js";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";

const JOB = "pve";
/** prometheus-pve-exporter's listen port, behind the chart's Service port 80. */
const PVE_EXPORTER_PORT = 9221;

export default defineComponent({
  name: "proxmox",
  description: "Proxmox VE exporter",
  enabledWhen: (stack) => stack.config.apps.proxmox !== undefined,
  render(ctx) {
    const { stack } = ctx;
    const pve = stack.config.apps.proxmox!;
    ctx.secret({ name: pve.secret, keys: ["tokenName", "tokenValue"], purpose: "Proxmox API token" });
    ctx.release(stack.apps.proxmox, CHARTS.prometheusPveExporter, {
      fullnameOverride: stack.apps.proxmox,
      // The chart writes no pod securityContext: the profile goes on the container (non-root and
      // capabilities dropped are the chart's defaults).
      securityContext: { ...RESTRICTED_CONTAINER, ...RESTRICTED_POD },
      resources: ctx.resources("pve-exporter", { workload: `Deployment/${stack.apps.proxmox}` }),
      // The token comes only from the existing Secret (keys tokenName, tokenValue); the chart then
      // creates no Secret of its own from values.
      env: { pveAuthType: "token", pveUser: pve.user, pveExistingSecretName: pve.secret, pveVerifySsl: pve.verifyTls },
    });
    ctx.allow("vmagent", { pods: "pveExporter", port: PVE_EXPORTER_PORT }, "scrape");
    ctx.scrape({
      job: JOB,
      object: {
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMServiceScrape",
        metadata: { name: JOB, namespace: stack.namespace, labels: { "app.kubernetes.io/managed-by": "vigil" } },
        spec: {
          // The chart's Service carries its pods' selector labels.
          selector: { matchLabels: stack.pods.pveExporter },
          namespaceSelector: { matchNames: [stack.namespace] },
          endpoints: pve.hosts.map((host) => ({
            port: "http",
            path: "/pve",
            params: { target: [host], module: ["default"], cluster: ["1"], node: ["1"] },
            interval: "1m",
            relabelConfigs: [
              { action: "replace", targetLabel: "job", replacement: JOB },
              { action: "replace", targetLabel: "instance", replacement: host },
            ],
          })),
        },
      },
      metrics: PVE_EXPORTER,
      target: { where: `pve-exporter, for ${pve.hosts.join(", ")}`, port: PVE_EXPORTER_PORT, path: "/pve", scheme: "http" },
      per: "cluster",
      seriesPerTarget: 300,
    });
  },
});
