// What both metrics backends' collectors do the same on a fleet's spoke: push to the hub's ingest
// as the spoke's own user, whose name and password come from the Secret the hub's vmauth reads too.
import type { RenderContext } from "../components/types.js";
import type { Stack } from "../model/stack.js";

/** The job of a spoke's Prometheus in agent mode: its own, so the hub runs the fleet's rules for it, not a storing Prometheus's. */
export const PROMETHEUS_AGENT_JOB = "prometheus-agent";

/** basicAuth of the collector's remote write (VMAgent and PrometheusAgent take the user from a Secret too). */
export function spokeBasicAuth(stack: Stack) {
  const fleet = stack.fleet!;
  const ref = (key: string) => ({ name: fleet.credentials.secret, key });
  return { username: ref("username"), password: ref(fleet.credentials.key) };
}

/** The Secret the spoke's collector reads its user from. */
export function spokeSecret(ctx: RenderContext): void {
  const fleet = ctx.stack.fleet!;
  ctx.secret({
    name: fleet.credentials.secret,
    keys: ["username", fleet.credentials.key],
    known: { username: fleet.credentials.username },
    purpose: `this cluster's user (username: ${fleet.credentials.username}) and password at the hub's ingest, the same Secret as the hub's`,
  });
}
