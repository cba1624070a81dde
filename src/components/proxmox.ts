// Proxmox VE through prometheus-pve-exporter: the exporter as an app of its own, with the API token
// (or the user's password) from an existing Secret, scraped once per host on /pve?target=<host>.
import { CHARTS } from "../model/versions.js";
import { PVE_EXPORTER } from "../catalog/documented/pve-exporter.js";
import { defineComponent } from "./types.js";
import { serviceScrape, type Endpoint } from "../scrape/scrape.js";
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
    // The chart reads these keys of the Secret for each auth type (templates/deployment.yaml).
    const keys = pve.auth === "password" ? ["password"] : ["tokenName", "tokenValue"];
    ctx.secret({ name: pve.secret, keys, purpose: pve.auth === "password" ? "Proxmox user's password" : "Proxmox API token" });
    ctx.release(stack.apps.proxmox, CHARTS.prometheusPveExporter, {
      fullnameOverride: stack.apps.proxmox,
      // The chart writes no pod securityContext: the profile goes on the container (non-root and
      // capabilities dropped are the chart's defaults).
      securityContext: { ...RESTRICTED_CONTAINER, ...RESTRICTED_POD },
      resources: ctx.resources("pve-exporter", { workload: `Deployment/${stack.apps.proxmox}` }),
      // The token or password comes only from the existing Secret; the chart then creates no Secret
      // of its own from values.
      env: { pveAuthType: pve.auth, pveUser: pve.user, pveExistingSecretName: pve.secret, pveVerifySsl: pve.verifyTls },
    });
    ctx.allow("scraper", { pods: "pveExporter", port: PVE_EXPORTER_PORT }, "scrape");
    const probe = (host: string): Endpoint => ({
      port: PVE_EXPORTER_PORT,
      path: "/pve",
      scheme: "http",
      params: { target: [host], module: ["default"], cluster: ["1"], node: ["1"] },
      interval: "1m",
      targetLabels: { instance: host },
    });
    ctx.scrape({
      job: JOB,
      // One endpoint per Proxmox host, on the chart's Service (it carries its pods' selector labels).
      scrape: serviceScrape(
        JOB,
        { ...probe(pve.hosts[0]!), namespace: stack.namespace, selector: stack.pods.pveExporter, portName: "http" },
        pve.hosts.slice(1).map(probe),
      ),
      metrics: PVE_EXPORTER,
      target: { where: `pve-exporter, for ${pve.hosts.join(", ")}`, port: PVE_EXPORTER_PORT, path: "/pve", scheme: "http" },
      per: "cluster",
      seriesPerTarget: 300,
    });
  },
});
