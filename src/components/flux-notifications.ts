// Flux's own signal beside the metrics (exporters.flux, with Alertmanager): a Provider of type
// alertmanager and an Alert in Flux's namespace, so that the notification-controller pushes every
// error event of Flux's resources (a failed reconciliation, a source that cannot fetch) straight to
// Alertmanager, within seconds, with Flux's own message.
//
// The controller makes each event an alert with the labels alertname Flux<Kind><Reason>, severity
// (the event's: error), reason, kind, name, namespace, reportingcontroller and the Alert's
// eventMetadata (notification-controller internal/notifier/alertmanager.go): the cluster label comes
// from there, and Alertmanager routes severity error like warning (alerting/alertmanager-config.ts).
import type { KubeObject } from "../model/parts.js";
import { fluxNamespace } from "./network-policies.js";
import { defineComponent } from "./types.js";

/** Every kind Flux reports events of, as the Alert's event sources take them (v1beta3). */
const EVENT_SOURCE_KINDS = ["GitRepository", "OCIRepository", "HelmRepository", "HelmChart", "Bucket", "Kustomization", "HelmRelease"] as const;

/** The Provider's and the Alert's name in a namespace (one file each: the names differ by namespace). */
export const fluxAlertName = (namespace: string) => `vigil-alertmanager-${namespace}`;

export default defineComponent({
  name: "flux-notifications",
  description: "Flux's notification-controller pushing error events to Alertmanager (exporters.flux)",
  enabledWhen: (stack) => stack.exporters.flux && stack.enabled.alertmanager && stack.fleet?.role !== "spoke",
  render(ctx) {
    const { stack } = ctx;
    const am = stack.services.alertmanager;
    // An Alert sees the events of the namespaces its sources name (no wildcard there:
    // internal/server/event_handlers.go eventMatchesAlertSource), and a controller run with
    // --no-cross-namespace-refs only its own: a Provider and an Alert in each namespace of
    // vigil's Flux objects, Flux's own and the stack's.
    for (const namespace of [...new Set([fluxNamespace(stack), stack.namespace])]) {
      const meta = { name: fluxAlertName(namespace), namespace, labels: { "app.kubernetes.io/managed-by": "vigil" } };
      const objects: KubeObject[] = [
        {
          apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
          kind: "Provider",
          metadata: meta,
          // Alertmanager's API v2; no credentials inside the cluster.
          spec: { type: "alertmanager", address: `${am.url}/api/v2/alerts/` },
        },
        {
          apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
          kind: "Alert",
          metadata: meta,
          spec: {
            providerRef: { name: fluxAlertName(namespace) },
            // Errors only: info events (each successful reconciliation) would be alerts too.
            eventSeverity: "error",
            eventSources: EVENT_SOURCE_KINDS.map((kind) => ({ kind, name: "*", namespace })),
            eventMetadata: { [stack.clusterLabel]: stack.cluster.name },
            summary: `Flux on ${stack.cluster.name}`,
          },
        },
      ];
      for (const o of objects) ctx.object(stack.apps.fluxNotifications, o);
    }
    ctx.allow("fluxNotifications", am, "Flux's error events (its notification-controller)");
  },
});
