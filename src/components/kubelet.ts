// The kubelet of every node: /metrics (on K3s also every control-plane component's series),
// /metrics/cadvisor (containers) and /metrics/probes, all under job="kubelet" with a
// metrics_path label, as the upstream mixins select them.
import { KUBELET_CADVISOR } from "../catalog/index.js";
import { KUBELET_PROBES } from "../catalog/documented/kubelet.js";
import { defineComponent } from "./types.js";
import { nodeScrape } from "../scrape/scrape.js";
import { DROPS } from "../scrape/drops.js";
import { deliveredByJob } from "../scrape/relabel.js";
import { kubeletEndpointCatalog, kubeletMetricRules } from "../scrape/kubelet-endpoint.js";

const JOB = "kubelet";
const PORT = 10250;

export default defineComponent({
  name: "kubelet",
  description: "kubelet, cAdvisor and probe metrics of every node",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    const { scrape } = stack.config;
    // The kubelet's serving certificate is self-signed on K3s and Talos: skip verification,
    // authenticate with vmagent's ServiceAccount token.
    const endpoint = (path: string) => ({ port: PORT, path, scheme: "https" as const, insecureTLS: true, targetLabels: { metrics_path: path } });
    const target = (path: string) => ({ where: "every node", port: PORT, path, scheme: "https" as const });

    if (!scrape.kubelet) ctx.skip("kubelet /metrics", "switched off (scrape.kubelet: false)");
    else {
      const rules = kubeletMetricRules(stack);
      ctx.scrape({
        job: JOB,
        scrape: nodeScrape("kubelet", { ...endpoint("/metrics"), metricRelabel: rules }),
        metrics: kubeletEndpointCatalog(stack).get(JOB) ?? [],
        target: target("/metrics"),
        per: "node",
        seriesPerTarget: 600,
      });
    }

    if (!scrape.cadvisor) ctx.skip("kubelet /metrics/cadvisor", "switched off (scrape.cadvisor: false)");
    else {
      const rules = DROPS.cadvisor!;
      ctx.scrape({
        job: JOB,
        // cAdvisor stamps samples with its own collection times; ignoring them avoids
        // out-of-order samples (VictoriaMetrics/VictoriaMetrics#4697).
        scrape: nodeScrape("kubelet-cadvisor", { ...endpoint("/metrics/cadvisor"), metricRelabel: rules, honorTimestamps: false }),
        metrics: deliveredByJob(KUBELET_CADVISOR, JOB, rules).get(JOB) ?? [],
        target: target("/metrics/cadvisor"),
        per: "node",
        seriesPerTarget: 2700,
      });
    }

    if (!scrape.probes) ctx.skip("kubelet /metrics/probes", "switched off (scrape.probes: false)");
    else {
      ctx.scrape({
        job: JOB,
        scrape: nodeScrape("kubelet-probes", endpoint("/metrics/probes")),
        metrics: KUBELET_PROBES,
        target: target("/metrics/probes"),
        per: "node",
        seriesPerTarget: 20,
      });
    }
  },
});
