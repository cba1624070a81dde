// VictoriaLogs, the log store: one node (victoria-logs-single), or (logs.mode cluster) its cluster
// (victoria-logs-cluster): vlinsert receives the lines and spreads them over the vlstorage nodes,
// vlselect asks every vlstorage and merges the answers. The parts are one binary, the same as the
// single node's, with other flags. VictoriaLogs does not replicate: each line lives on one vlstorage
// (docs.victoriametrics.com/victorialogs/cluster/), so a lost vlstorage volume loses its share.
import { stackScrape } from "../scrape/stack-scrape.js";
import { VICTORIALOGS, VLINSERT, VLSELECT, VLSTORAGE } from "../catalog/documented/stack.js";
import { CHARTS, VICTORIA_LOGS_IMAGE } from "../model/versions.js";
import { defineComponent, type KubeObject, type RenderContext } from "./types.js";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";
import { svc, type PodKey, type Service, type Stack } from "../model/stack.js";
import { oneNodeEach, spreadOverNodes } from "../model/scheduling.js";
import type { VigilConfig } from "../config/schema/index.js";

/** VictoriaLogs deletes the oldest days when its volume is this full, whatever the age. */
export const LOGS_MAX_DISK_USAGE_PERCENT = 80;

/** The single node: the chart's server, named by fullnameOverride; its headless Service on 9428. */
export const VL_SINGLE = { name: "victoria-logs", port: 9428, job: "victorialogs" } as const;
/** Where both charts keep the data (server/vlstorage persistentVolume.mountPath, -storageDataPath). */
export const VL_DATA_PATH = "/storage";

/**
 * The cluster's parts: vigil names each by its part (fullnameOverride), on the chart's ports
 * (values.yaml `<part>.http[0].value`); a job of its own each.
 */
export const VL_CLUSTER_PARTS = {
  vlinsert: { port: 9481 },
  vlselect: { port: 9471 },
  vlstorage: { port: 9491 },
} as const;
type VlPart = keyof typeof VL_CLUSTER_PARTS;

/**
 * The former single node's volume, read by vlselect as one more storage node (logs.cluster.
 * previousSingle): the single chart's StatefulSet claim `server-volume` of pod victoria-logs-0.
 */
export const VL_PREVIOUS = { name: "victoria-logs-previous", port: 9428, claim: `server-volume-${VL_SINGLE.name}-0` } as const;

/**
 * victoria-logs-cluster's labels of a part: chart, release and component, which its pods and its
 * Service both carry (the pods' selector adds `app: <part>`, the Service's labels do not have it;
 * templates/_helpers.tpl vm.selectorLabels and vm.labels).
 */
export const vlClusterPods = (release: string): Record<VlPart, Record<string, string>> => {
  const pod = (part: VlPart) => ({ "app.kubernetes.io/component": part, "app.kubernetes.io/instance": release, "app.kubernetes.io/name": "victoria-logs-cluster" });
  return { vlinsert: pod("vlinsert"), vlselect: pod("vlselect"), vlstorage: pod("vlstorage") };
};

/** The store's Services by role: the single node plays both; the cluster's vlselect and vlinsert. */
export function victoriaLogsServices(namespace: string, logs: VigilConfig["logs"]): { logsQuery: Service; logsWrite: Service } {
  if (logs.mode === "cluster") {
    return { logsQuery: svc(namespace, "vlselect", VL_CLUSTER_PARTS.vlselect.port, "vlselect"), logsWrite: svc(namespace, "vlinsert", VL_CLUSTER_PARTS.vlinsert.port, "vlinsert") };
  }
  const single = svc(namespace, VL_SINGLE.name, VL_SINGLE.port, "victoriaLogs");
  return { logsQuery: single, logsWrite: single };
}

/** The cluster's replicas: set only in mode cluster. */
const logsCluster = (stack: Stack) => {
  if (!stack.logsCluster) throw new Error("logs.mode is not cluster");
  return stack.logsCluster;
};

/** The catalog of each part's own metrics, for its scrape. */
const PART_METRICS: Record<VlPart, readonly string[]> = { vlinsert: VLINSERT, vlselect: VLSELECT, vlstorage: VLSTORAGE };

/** Its scrape under a job of its own (self-monitoring, through the log registry); a job per part of the cluster. */
export function victoriaLogsSelfMonitoring(ctx: RenderContext): void {
  const { stack } = ctx;
  if (!stack.logsCluster) {
    stackScrape(ctx, {
      job: VL_SINGLE.job,
      by: "service",
      pods: "victoriaLogs",
      port: VL_SINGLE.port,
      portName: "http",
      selector: stack.pods.victoriaLogs,
      where: `Service ${VL_SINGLE.name}`,
      per: "cluster",
      seriesPerTarget: 400,
      metrics: VICTORIALOGS,
    });
    return;
  }
  // The chart's Services carry the parts' selector labels; vlstorage's is headless (one target per pod).
  for (const part of Object.keys(VL_CLUSTER_PARTS) as VlPart[]) {
    stackScrape(ctx, {
      job: part,
      by: "service",
      pods: part,
      port: VL_CLUSTER_PARTS[part].port,
      portName: "http",
      selector: stack.pods[part],
      where: `Service ${part}`,
      per: "cluster",
      seriesPerTarget: part === "vlstorage" ? 400 : 250,
      metrics: PART_METRICS[part],
    });
  }
}

/** The restricted settings for the charts' pods: the cluster chart's own lack all but the user. */
const restricted = { podSecurityContext: { enabled: true, ...RESTRICTED_POD }, securityContext: { enabled: true, ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true } };

/** victoria-logs-cluster's values: vlstorage a node each, vlinsert and vlselect spread, a PDB each. */
function clusterValues(ctx: RenderContext) {
  const { stack } = ctx;
  const c = logsCluster(stack);
  const volume = ctx.volume("logs", c.vlstorage);
  const pods = stack.pods;
  const part = (name: VlPart, replicas: number) => ({
    fullnameOverride: name,
    replicaCount: replicas,
    resources: ctx.resources(name, { workload: `${name === "vlstorage" ? "StatefulSet" : "Deployment"}/${name}`, replicas }),
    ...restricted,
    // One replica at a time in a drain; for vlstorage that is the share of the lines it holds.
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
    // vigil scrapes the parts itself (victoriaLogsSelfMonitoring).
    vmServiceScrape: { enabled: false },
  });
  return {
    vlstorage: {
      ...part("vlstorage", c.vlstorage),
      retentionPeriod: stack.retention.logs,
      retentionMaxDiskUsagePercent: LOGS_MAX_DISK_USAGE_PERCENT,
      persistentVolume: { enabled: true, storageClassName: volume.storageClass, size: volume.size, accessModes: ["ReadWriteOnce"] },
      // Two vlstorage on one node would fill and fail together; the config allows at most one per node.
      affinity: oneNodeEach(pods.vlstorage),
    },
    vlinsert: { ...part("vlinsert", c.vlinsert), ...spreadOverNodes(pods.vlinsert) },
    vlselect: {
      ...part("vlselect", c.vlselect),
      ...spreadOverNodes(pods.vlselect),
      extraArgs: {
        // A vlstorage that is down (a node rebooting, drained) makes every query fail with 502 by
        // default (docs victorialogs/cluster: "returns 502 Bad Gateway ... if some of the vlstorage
        // nodes are unavailable"): answer from the others instead; VlstorageNodeDown and VlselectStorageErrors say the
        // answers are incomplete.
        "search.allowPartialResponse": true,
        // The chart appends its vlstorage nodes to this list (templates/_helpers.tpl vlselect.args:
        // concat of extraArgs.storageNode and the storage FQDNs).
        ...(c.previousSingle ? { storageNode: [`${VL_PREVIOUS.name}.${stack.namespace}.svc:${VL_PREVIOUS.port}`] } : {}),
      },
    },
    // vigil deploys its own log agent.
    vector: { enabled: false },
  };
}

/**
 * The former single node's data, served as a storage node that only vlselect asks (vlinsert does
 * not know it, so nothing new is written there). Its retention keeps deleting the oldest days, so
 * it empties itself within retention.logs; then switch previousSingle off (docs/logs-cluster.md).
 */
function previousSingleObjects(stack: Stack, resources: ReturnType<Stack["resources"]>): KubeObject[] {
  const labels = stack.pods.victoriaLogsPrevious;
  const meta = { name: VL_PREVIOUS.name, namespace: stack.namespace, labels: { ...labels } };
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec: {
        replicas: 1,
        // One pod on the ReadWriteOnce volume at a time.
        strategy: { type: "Recreate" },
        selector: { matchLabels: { ...labels } },
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            automountServiceAccountToken: false,
            // As the single chart's pod ran (server.podSecurityContext: user 1000, fsGroup 2000): the files are theirs.
            securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000, fsGroupChangePolicy: "OnRootMismatch", ...RESTRICTED_POD },
            containers: [
              {
                name: "victoria-logs",
                image: stack.image(VICTORIA_LOGS_IMAGE),
                // Queried by vlselect only; -insert.disable refuses lines pushed to it by mistake.
                args: [`-storageDataPath=${VL_DATA_PATH}`, `-httpListenAddr=:${VL_PREVIOUS.port}`, `-retentionPeriod=${stack.retention.logs}`, "-insert.disable", "-loggerFormat=json"],
                ports: [{ name: "http", containerPort: VL_PREVIOUS.port, protocol: "TCP" }],
                readinessProbe: { httpGet: { path: "/health", port: VL_PREVIOUS.port } },
                resources,
                securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true },
                volumeMounts: [{ name: "data", mountPath: VL_DATA_PATH }],
              },
            ],
            volumes: [{ name: "data", persistentVolumeClaim: { claimName: VL_PREVIOUS.claim } }],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta,
      spec: { selector: { ...labels }, ports: [{ name: "http", port: VL_PREVIOUS.port, targetPort: VL_PREVIOUS.port, protocol: "TCP" }] },
    },
  ];
}

/** The connections inside the cluster, for the NetworkPolicies. */
function clusterFlows(ctx: RenderContext): void {
  const { stack } = ctx;
  const storage = { pods: "vlstorage" as PodKey, port: VL_CLUSTER_PARTS.vlstorage.port };
  ctx.allow("vlinsert", storage, "vlinsert spreads the lines over the vlstorage nodes");
  ctx.allow("vlselect", storage, "vlselect queries every vlstorage");
  if (logsCluster(stack).previousSingle) ctx.allow("vlselect", { pods: "victoriaLogsPrevious", port: VL_PREVIOUS.port }, "vlselect reads the former single node's logs");
}

export default defineComponent({
  name: "victoria-logs",
  description: "VictoriaLogs, the log store: one node, or the cluster of vlinsert, vlselect and vlstorage",
  // With components.logs and logs.backend: victorialogs (src/backends/logs.ts).
  enabledWhen: () => true,
  render(ctx) {
    const { stack } = ctx;
    if (stack.logsCluster) {
      ctx.release(stack.apps.logs, CHARTS.victoriaLogsCluster, clusterValues(ctx));
      clusterFlows(ctx);
      if (stack.logsCluster.previousSingle) {
        // The former single node's claim, still holding its logs (plan counts it).
        ctx.volume("logs");
        const resources = ctx.resources("victoria-logs", { workload: `Deployment/${VL_PREVIOUS.name}` });
        for (const o of previousSingleObjects(stack, resources)) ctx.object(stack.apps.logsPrevious, o);
      }
    } else {
      const volume = ctx.volume("logs");
      ctx.release(stack.apps.logs, CHARTS.victoriaLogsSingle, {
        server: {
          fullnameOverride: VL_SINGLE.name,
          retentionPeriod: stack.retention.logs,
          retentionMaxDiskUsagePercent: LOGS_MAX_DISK_USAGE_PERCENT,
          persistentVolume: {
            enabled: true,
            storageClassName: volume.storageClass,
            size: volume.size,
            accessModes: ["ReadWriteOnce"],
          },
          resources: ctx.resources("victoria-logs", { workload: `StatefulSet/${VL_SINGLE.name}` }),
          // The chart's pod settings (non-root, no capabilities, read-only root) lack a seccomp profile.
          podSecurityContext: RESTRICTED_POD,
          // vigil scrapes it itself (components/self-monitoring.ts).
          vmServiceScrape: { enabled: false },
        },
        // vigil deploys Vector as a component of its own.
        vector: { enabled: false },
      });
    }
    ctx.datasource({
      name: "VictoriaLogs",
      uid: "victorialogs",
      type: "victoriametrics-logs-datasource",
      url: stack.services.logsQuery.url,
      access: "proxy",
    });
  },
});
