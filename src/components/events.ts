// Kubernetes events as logs: a small exporter writes every event as a JSON line to its stdout, and
// the node agent ships that like any pod log (query app:kubernetes-event-exporter). One replica:
// each event once. For Vector, which has no events source; and for Alloy on several nodes, where
// every Alloy of the DaemonSet would ship each event (on one node Alloy reads them itself).
import { EVENT_EXPORTER_IMAGE } from "../model/versions.js";
import { defineComponent, type KubeObject } from "./types.js";
import { toYaml } from "../emit/yaml.js";
import { logAgentOf, shipsLogs } from "../backends/logs.js";
import { NOBODY, RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";

const NAME = "event-exporter";

export default defineComponent({
  name: "events",
  description: "Kubernetes events to the log store",
  enabledWhen: (stack) => shipsLogs(stack) && !logAgentOf(stack).readsEvents(stack),
  render(ctx) {
    const { stack } = ctx;
    const ns = stack.namespace;
    const labels = { "app.kubernetes.io/name": "kubernetes-event-exporter", "app.kubernetes.io/managed-by": "vigil" };
    const meta = (name: string, namespaced = true) => ({ name, ...(namespaced ? { namespace: ns } : {}), labels });
    const objects: KubeObject[] = [
      { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(NAME) },
      // Least privilege: events only, read-only.
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: meta(`vigil-${NAME}`, false), rules: [{ apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["get", "list", "watch"] }] },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: meta(`vigil-${NAME}`, false),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `vigil-${NAME}` },
        subjects: [{ kind: "ServiceAccount", name: NAME, namespace: ns }],
      },
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: meta(NAME),
        data: {
          "config.yaml": toYaml({
            logLevel: "error",
            logFormat: "json",
            // Events older than this at start are not replayed (they were shipped before a restart).
            maxEventAgeSeconds: 60,
            route: { routes: [{ match: [{ receiver: "stdout" }] }] },
            receivers: [{ name: "stdout", stdout: {} }],
          }),
        },
      },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: meta(NAME),
        spec: {
          replicas: 1,
          selector: { matchLabels: { "app.kubernetes.io/name": "kubernetes-event-exporter" } },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: NAME,
              securityContext: { ...NOBODY, ...RESTRICTED_POD },
              containers: [
                {
                  name: NAME,
                  image: stack.image(EVENT_EXPORTER_IMAGE),
                  args: ["-conf=/data/config.yaml"],
                  resources: ctx.resources("event-exporter", { workload: `Deployment/${NAME}` }),
                  securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true },
                  volumeMounts: [{ name: "config", mountPath: "/data" }],
                },
              ],
              volumes: [{ name: "config", configMap: { name: NAME } }],
            },
          },
        },
      },
    ];
    for (const o of objects) ctx.object(stack.apps.events, o);
  },
});
