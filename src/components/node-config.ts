// What the nodes themselves need so that the scraped endpoints answer: a K3s config drop-in or a
// Talos machine-config patch, for exactly the components scraped on an endpoint of their own.
import { defineComponent } from "./types.js";
import { componentsWithEndpoints } from "../scrape/control-plane.js";
import { handFileApply } from "../model/stack.js";

export default defineComponent({
  name: "node-config",
  description: "node-side configuration for the control-plane scrapes",
  enabledWhen: () => true,
  render(ctx) {
    for (const file of ctx.stack.platform.nodeFiles(ctx.stack, componentsWithEndpoints(ctx.stack))) {
      ctx.nodeFile(file);
      ctx.note(`On the nodes: ${handFileApply(ctx.stack, file)}`);
    }
  },
});
