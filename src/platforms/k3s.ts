// K3s runs apiserver, controller-manager, scheduler, kube-proxy and kubelet in one process with
// one metric registry: every metrics endpoint of a node serves all of them
// (docs.k3s.io/reference/metrics). vigil's de-duplication: scrape one endpoint per node, the
// kubelet's (:10250, on servers and agents alike), and route each family to its component's job.
// Only embedded etcd has an endpoint of its own (:2381, with etcd-expose-metrics).
import type { Platform } from "./types.js";

export const k3s: Platform = {
  name: "k3s",
  access(stack, component) {
    if (component === "etcd") {
      const datastore = stack.config.cluster.datastore ?? "sqlite";
      if (datastore === "sqlite") return { mode: "none", reason: "K3s with SQLite (cluster.datastore: sqlite) has no etcd" };
      if (datastore === "external") return { mode: "none", reason: "the datastore is external (cluster.datastore: external); monitor it where it runs" };
      // etcd-expose-metrics serves http on the node's private IP.
      return { mode: "endpoint", port: 2381, scheme: "http", insecureTLS: false, on: "control-plane" };
    }
    return { mode: "kubelet" };
  },
  nodeFiles(stack, scraped) {
    if (!scraped.has("etcd")) return [];
    return [
      {
        name: "k3s-server-metrics.yaml",
        content: [
          "# K3s server configuration for vigil's etcd scrape. Put it on every server node as",
          "# /etc/rancher/k3s/config.yaml.d/90-vigil-metrics.yaml, then restart k3s (systemctl restart k3s).",
          "# Serves etcd's metrics over http on the node's private IP, port 2381.",
          "etcd-expose-metrics: true",
          "",
        ].join("\n"),
        apply: "on every K3s server: copy node-config/k3s-server-metrics.yaml to /etc/rancher/k3s/config.yaml.d/90-vigil-metrics.yaml, then systemctl restart k3s",
      },
    ];
  },
  namespaceLabels: {},
};
