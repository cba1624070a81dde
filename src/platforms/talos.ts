// Talos runs each control-plane component on its own: apiserver, controller-manager and scheduler
// as static pods on the host network, etcd as a Talos service (not a pod), kube-proxy as a
// DaemonSet. Controller-manager and scheduler bind 127.0.0.1, etcd serves no metrics and
// kube-proxy's metrics bind 127.0.0.1 unless the machine config says otherwise.
import { stringify } from "yaml";
import type { Platform } from "./types.js";

export const talos: Platform = {
  name: "talos",
  access(_stack, component) {
    switch (component) {
      case "apiserver":
        return { mode: "endpoint", port: 6443, scheme: "https", insecureTLS: false, on: "apiserver-service" };
      // Both serve https with a certificate they generate themselves.
      case "controllerManager":
        return { mode: "endpoint", port: 10257, scheme: "https", insecureTLS: true, on: "control-plane" };
      case "scheduler":
        return { mode: "endpoint", port: 10259, scheme: "https", insecureTLS: true, on: "control-plane" };
      case "etcd":
        return { mode: "endpoint", port: 2381, scheme: "http", insecureTLS: false, on: "control-plane" };
      case "kubeProxy":
        return { mode: "endpoint", port: 10249, scheme: "http", insecureTLS: false, on: "every-node" };
    }
  },
  nodeFiles(_stack, scraped) {
    const cluster: Record<string, unknown> = {};
    if (scraped.has("controllerManager")) cluster.controllerManager = { extraArgs: { "bind-address": "0.0.0.0" } };
    if (scraped.has("scheduler")) cluster.scheduler = { extraArgs: { "bind-address": "0.0.0.0" } };
    if (scraped.has("etcd")) cluster.etcd = { extraArgs: { "listen-metrics-urls": "http://0.0.0.0:2381" } };
    if (scraped.has("kubeProxy")) cluster.proxy = { extraArgs: { "metrics-bind-address": "0.0.0.0:10249" } };
    if (Object.keys(cluster).length === 0) return [];
    const header = [
      "# Talos machine-config patch for vigil's control-plane scrapes: apply it to every control-plane",
      "# node (talosctl patch machineconfig --nodes <ip,...> --patch @node-config/talos-controlplane-patch.yaml).",
      "# The etcd change needs a reboot of each control-plane node to take effect.",
      "",
    ].join("\n");
    return [
      {
        name: "talos-controlplane-patch.yaml",
        content: header + stringify({ cluster }, { lineWidth: 0 }),
        apply: "talosctl patch machineconfig --nodes <control-plane IPs> --patch @node-config/talos-controlplane-patch.yaml (reboot for etcd)",
      },
    ];
  },
  // Talos enforces PodSecurity "baseline"; node-exporter and host-path log agents need "privileged".
  namespaceLabels: { "pod-security.kubernetes.io/enforce": "privileged" },
};
