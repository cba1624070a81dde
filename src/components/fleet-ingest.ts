// The fleet hub's ingest: one vmauth in front of the metrics store's remote-write receiver and the
// log store's push APIs, reached by the spokes and hosts over the link (Tailscale). Each sender is a
// user of its own, allowed to write and nothing else (every other path has no route); its password
// comes from a Secret of the same name on the hub and on the sender, never from the tree: vmauth
// replaces the %{VAR} placeholders of its config with the environment, which the Deployment fills
// from the Secrets. The same objects serve both metrics backends (VMSingle's /api/v1/write, or
// Prometheus's remote-write receiver), so the test runs exactly this config with the real vmauth.
//
// A LoadBalancer Service with externalTrafficPolicy: Local keeps the client's address, so the
// NetworkPolicy sees the sender's Tailscale IP (K3s ServiceLB forwards to the node of the pod).
import { createHash } from "node:crypto";
import { logStoreOf } from "../backends/logs.js";
import { senderSecret } from "../model/fleet.js";
import { VMAUTH_IMAGE } from "../model/versions.js";
import { NOBODY, RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";
import { toYaml } from "../emit/yaml.js";
import type { Stack } from "../model/stack.js";
import { defineComponent, type KubeObject } from "./types.js";

export const INGEST_NAME = "fleet-ingest";

/** What a sender may write: remote write into the metrics store, the log store's push APIs. */
export const INGEST_PATHS = {
  metrics: ["/api/v1/write"],
  victorialogs: ["/insert/elasticsearch/.*", "/insert/loki/api/v1/push"],
  loki: ["/loki/api/v1/push"],
} as const;

/** The environment variable of a sender's password in the ingest's pod. */
export const passwordVariable = (sender: string) => `VIGIL_INGEST_${sender.toUpperCase().replace(/-/g, "_")}`;

/** vmauth's -auth.config: one user per sender, with the routes it may write to. */
export function ingestConfig(stack: Stack): { users: { username: string; password: string; url_map: { src_paths: string[]; url_prefix: string }[] }[] } {
  const fleet = stack.fleet!;
  const logs = stack.enabled.logs ? logStoreOf(stack) : undefined;
  return {
    users: fleet.senders.map((s) => ({
      username: s.name,
      password: `%{${passwordVariable(s.name)}}`,
      url_map: [
        { src_paths: [...INGEST_PATHS.metrics], url_prefix: stack.metricsApi.write },
        ...(logs ? [{ src_paths: [...INGEST_PATHS[logs.name]], url_prefix: stack.services.logsWrite.url }] : []),
      ],
    })),
  };
}

export default defineComponent({
  name: "fleet-ingest",
  description: "vmauth on the fleet hub: one user per spoke and host, in front of the metrics and log stores",
  enabledWhen: (stack) => stack.fleet?.role === "hub",
  render(ctx) {
    const { stack } = ctx;
    const fleet = stack.fleet!;
    const labels = stack.pods.vmauthIngest;
    const meta = { name: INGEST_NAME, namespace: stack.namespace, labels: { ...labels } };
    const config = toYaml(ingestConfig(stack));
    const port = fleet.ingest.port;
    const objects: KubeObject[] = [
      { apiVersion: "v1", kind: "ConfigMap", metadata: meta, data: { "auth.yaml": config } },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: meta,
        spec: {
          replicas: 1,
          selector: { matchLabels: { ...labels } },
          template: {
            // A changed config (a sender added) rolls the pod.
            metadata: { labels: { ...labels }, annotations: { "vigil.dev/config-hash": createHash("sha256").update(config).digest("hex").slice(0, 16) } },
            spec: {
              automountServiceAccountToken: false,
              securityContext: { ...NOBODY, ...RESTRICTED_POD },
              containers: [
                {
                  name: "vmauth",
                  image: stack.image(VMAUTH_IMAGE),
                  args: ["-auth.config=/etc/vmauth/auth.yaml", `-httpListenAddr=:${port}`],
                  ports: [{ name: "http", containerPort: port, protocol: "TCP" }],
                  env: fleet.senders.map((s) => ({ name: passwordVariable(s.name), valueFrom: { secretKeyRef: { name: senderSecret(s.name), key: "password" } } })),
                  readinessProbe: { httpGet: { path: "/health", port } },
                  resources: ctx.resources("vmauth", { workload: `Deployment/${INGEST_NAME}` }),
                  securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true },
                  volumeMounts: [{ name: "config", mountPath: "/etc/vmauth", readOnly: true }],
                },
              ],
              volumes: [{ name: "config", configMap: { name: INGEST_NAME } }],
            },
          },
        },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: meta,
        spec: { type: "LoadBalancer", externalTrafficPolicy: "Local", selector: { ...labels }, ports: [{ name: "http", port, targetPort: port, protocol: "TCP" }] },
      },
    ];
    for (const o of objects) ctx.object(stack.apps.fleet, o);
    for (const s of fleet.senders) ctx.secret({ name: senderSecret(s.name), keys: ["password"], purpose: `the password of ${s.kind} ${s.name} at the ingest (the same Secret on ${s.name})` });
    ctx.allow("fleet", { pods: "vmauthIngest", port }, "remote write and log push of the spokes and hosts, over the link");
    ctx.allow("vmauthIngest", stack.services.write, "the senders' samples");
    const logs = stack.enabled.logs ? logStoreOf(stack) : undefined;
    if (logs) ctx.allow("vmauthIngest", stack.services.logsWrite, "the senders' log lines");
  },
});
