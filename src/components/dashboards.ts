// vigil's own dashboards as ConfigMaps for Grafana's sidecar, each with only the panels whose
// scrape jobs are enabled, and the user's own dashboards (grafana.dashboards.folder).
import { defineComponent } from "./types.js";
import { DASHBOARDS } from "../dashboards/index.js";
import { buildDashboard, specFor } from "../dashboards/build.js";
import { catalogOf } from "../checks/promql.js";
import { scrapesInStore } from "../model/fleet.js";

export default defineComponent({
  name: "dashboards",
  description: "vigil's Grafana dashboards",
  enabledWhen: (stack) => stack.enabled.grafana,
  render() {},
  // After every scrape is known: panels of components that are not scraped are left out.
  assemble(ctx, parts) {
    // On a fleet's hub, the spokes' and hosts' jobs too: their series are in this store.
    const scrapes = scrapesInStore(ctx.stack, parts.scrapes);
    const scraped = new Set(scrapes.map((s) => s.job));
    const catalog = catalogOf(parts, scrapes.slice(parts.scrapes.length));
    for (const spec of DASHBOARDS.map((d) => specFor(d, ctx.stack)).filter((d) => d !== undefined)) {
      const json = buildDashboard(spec, scraped, catalog);
      if (!json) {
        ctx.skip(`dashboard ${spec.title}`, "none of its panels' components is scraped");
        continue;
      }
      ctx.dashboard({ uid: spec.uid, title: spec.title, folder: spec.folder, json });
    }
  },
});
