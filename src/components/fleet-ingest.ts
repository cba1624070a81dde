// The fleet hub's ingest: one vmauth in front of the metrics store and the log store, reached by the
// spokes and hosts over the link (Tailscale). Each sender is a VMUser of its own, whose password
// comes from a Secret of the same name on the hub and on the sender (never from the tree); the
// NetworkPolicy admits only the link's range (fleet.ingest.allowFrom).
//
// Facts from the operator (v0.74): a VMAuth selects no VMUser unless told (userSelector); with
// serviceSpec.useAsDefault its spec is merged into the VMAuth's own Service, the default ports kept
// (factory/build/service.go); spec.port is the container's and the Service's port. A LoadBalancer
// Service with externalTrafficPolicy: Local keeps the client's address, so the NetworkPolicy sees
// the sender's Tailscale IP (K3s ServiceLB forwards to the node of the pod; on a one-node hub, always).
import { INGEST_VMAUTH, VM_NAME } from "../backends/victoria-metrics/names.js";
import { logStoreOf } from "../backends/logs.js";
import { senderSecret } from "../model/fleet.js";
import { defineComponent, type KubeObject } from "./types.js";

const USER_LABEL = "vigil.dev/vmauth";

/** What a sender may write: remote write into the metrics store, the log store's push APIs. */
export const INGEST_PATHS = {
  metrics: ["/api/v1/write"],
  victorialogs: ["/insert/elasticsearch/.*", "/insert/loki/api/v1/push"],
  loki: ["/loki/api/v1/push"],
} as const;

export default defineComponent({
  name: "fleet-ingest",
  description: "vmauth on the fleet hub: one user per spoke and host, in front of the metrics and log stores",
  enabledWhen: (stack) => stack.fleet?.role === "hub",
  render(ctx) {
    const { stack } = ctx;
    const fleet = stack.fleet!;
    const meta = (name: string, labels: Record<string, string> = {}) => ({ name, namespace: stack.namespace, labels: { "app.kubernetes.io/managed-by": "vigil", ...labels } });
    const vmauth: KubeObject = {
      apiVersion: "operator.victoriametrics.com/v1beta1",
      kind: "VMAuth",
      metadata: meta(INGEST_VMAUTH),
      spec: {
        userSelector: { matchLabels: { [USER_LABEL]: INGEST_VMAUTH } },
        port: String(fleet.ingest.port),
        serviceSpec: { useAsDefault: true, spec: { type: "LoadBalancer", externalTrafficPolicy: "Local" } },
        ...stack.operatorSecurity,
        // Not scraped: no rule or dashboard reads vmauth's metrics (the senders' own vmagent metrics tell).
        disableSelfServiceScrape: true,
        resources: ctx.resources("vmauth", { workload: `VMAuth/${INGEST_VMAUTH}` }),
        configReloaderResources: ctx.resources("vmauth-config-reloader", { workload: `VMAuth/${INGEST_VMAUTH}` }),
      },
    };
    ctx.object(stack.apps.fleet, vmauth);
    const logs = stack.enabled.logs ? logStoreOf(stack) : undefined;
    for (const sender of fleet.senders) {
      const secret = senderSecret(sender.name);
      ctx.secret({ name: secret, keys: ["password"], purpose: `the password of ${sender.kind} ${sender.name} at the ingest (the same Secret on ${sender.name})` });
      ctx.object(stack.apps.fleet, {
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMUser",
        metadata: meta(`fleet-${sender.name}`, { [USER_LABEL]: INGEST_VMAUTH }),
        spec: {
          username: sender.name,
          passwordRef: { name: secret, key: "password" },
          // The operator would otherwise copy the password into a Secret of its own.
          disable_secret_creation: true,
          targetRefs: [
            { crd: { kind: "VMSingle", name: VM_NAME, namespace: stack.namespace }, paths: [...INGEST_PATHS.metrics] },
            ...(logs ? [{ static: { url: logs.service(stack).url }, paths: [...INGEST_PATHS[logs.name]] }] : []),
          ],
        },
      });
    }
    ctx.allow("fleet", { pods: "vmauthIngest", port: fleet.ingest.port }, "remote write and log push of the spokes and hosts, over the link");
    ctx.allow("vmauthIngest", stack.services.tsdb, "the senders' samples");
    if (logs) ctx.allow("vmauthIngest", logs.service(stack), "the senders' log lines");
  },
});
