// CoreDNS through its Service kube-system/kube-dns, port "metrics" (9153), the same on K3s and Talos.
import { COREDNS } from "../catalog/documented/coredns.js";
import { defineComponent } from "./types.js";
import { serviceScrape } from "../scrape/scrape.js";
import { DROPS } from "../scrape/drops.js";
import { deliveredByJob } from "../scrape/relabel.js";

const JOB = "coredns";

export default defineComponent({
  name: "coredns",
  description: "CoreDNS metrics",
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    if (!stack.config.scrape.coredns) return ctx.skip(JOB, "switched off (scrape.coredns: false)");
    const rules = DROPS.generic!;
    ctx.scrape({
      job: JOB,
      scrape: serviceScrape(JOB, { port: 9153, path: "/metrics", scheme: "http", namespace: "kube-system", selector: { "k8s-app": "kube-dns" }, portName: "metrics", metricRelabel: rules }),
      metrics: deliveredByJob(COREDNS, JOB, rules).get(JOB) ?? [],
      target: { where: "endpoints of Service kube-system/kube-dns", port: 9153, path: "/metrics", scheme: "http" },
      per: "cluster",
      seriesPerTarget: 150,
    });
  },
});
