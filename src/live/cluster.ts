// Reading a live cluster for `vigil doctor`, through @kubernetes/client-node with the user's
// kubeconfig: the namespace, the keys (never the values) of Secrets, pods, volumes, and GETs
// through the API server's service proxy to vmagent and VMSingle.
import * as http from "node:http";
import * as https from "node:https";
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import type { Answer, AppState, PodState } from "./findings.js";
import type { Stack } from "../model/stack.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each controller's status has its own shape
type CustomObject = { metadata?: { name?: string }; status?: any };

export interface Cluster {
  /** Which cluster, for the report. */
  server: string;
  namespaceExists(namespace: string): Promise<boolean>;
  /** Secret name → its keys. */
  secretKeys(namespace: string): Promise<Map<string, string[]>>;
  pods(namespace: string): Promise<PodState[]>;
  volumeClaims(namespace: string): Promise<{ name: string; phase: string }[]>;
  /** The kubelet version of every node (K3s's carries "+k3s"). */
  kubeletVersions(): Promise<string[]>;
  /** Names of the DaemonSets of a namespace (the CNI's, in kube-system). */
  daemonSets(namespace: string): Promise<string[]>;
  /** Custom resources of a kind, with a label selector: their name and status conditions or fields. */
  customObjects(group: string, version: string, plural: string, namespace: string, labelSelector: string): Promise<CustomObject[]>;
  /** GET on a Service through the API server's proxy, parsed as JSON. */
  serviceGet(namespace: string, service: string, port: number, path: string): Promise<unknown>;
}

export function connect(context?: string): Cluster {
  const kc = new KubeConfig();
  try {
    kc.loadFromDefault();
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") throw new Error(`KUBECONFIG names ${(e as { path?: string }).path ?? process.env.KUBECONFIG}, which does not exist`);
    throw e;
  }
  const contexts = kc.getContexts().map((c) => c.name);
  // Without a kubeconfig, client-node falls back to http://localhost:8080 (its "loaded-context"): said as what it is.
  if (kc.getCurrentContext() === "loaded-context" && kc.getCurrentCluster()?.server === "http://localhost:8080") {
    throw new Error("no kubeconfig (KUBECONFIG or ~/.kube/config); point KUBECONFIG at your cluster's, or use --skip-cluster with --vmagent-url and --vmsingle-url");
  }
  if (context) {
    if (!contexts.includes(context)) throw new Error(`context "${context}" is not in the kubeconfig (contexts: ${contexts.join(", ") || "none"})`);
    kc.setCurrentContext(context);
  }
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error(`the context "${kc.getCurrentContext()}" names no cluster of the kubeconfig (KUBECONFIG or ~/.kube/config)`);
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const apps = kc.makeApiClient(AppsV1Api);
  return {
    server,
    async namespaceExists(namespace) {
      try {
        await core.readNamespace({ name: namespace });
        return true;
      } catch (e) {
        if ((e as { code?: number }).code === 404) return false;
        throw e;
      }
    },
    async secretKeys(namespace) {
      const list = await core.listNamespacedSecret({ namespace });
      return new Map(list.items.map((s) => [s.metadata?.name ?? "", Object.keys(s.data ?? {})]));
    },
    async pods(namespace) {
      const list = await core.listNamespacedPod({ namespace });
      return list.items.map((p) => {
        const statuses = p.status?.containerStatuses ?? [];
        return {
          name: p.metadata?.name ?? "",
          phase: p.status?.phase ?? "Unknown",
          ready: (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
          waiting: statuses.filter((c) => !c.ready && c.state?.waiting).map((c) => ({ container: c.name, reason: c.state!.waiting!.reason ?? "Waiting", message: c.state!.waiting!.message })),
          labels: p.metadata?.labels ?? {},
        };
      });
    },
    async volumeClaims(namespace) {
      const list = await core.listNamespacedPersistentVolumeClaim({ namespace });
      return list.items.map((c) => ({ name: c.metadata?.name ?? "", phase: c.status?.phase ?? "Unknown" }));
    },
    async kubeletVersions() {
      return (await core.listNode()).items.map((n) => n.status?.nodeInfo?.kubeletVersion ?? "");
    },
    async daemonSets(namespace) {
      return (await apps.listNamespacedDaemonSet({ namespace })).items.map((d) => d.metadata?.name ?? "");
    },
    async customObjects(group, version, plural, namespace, labelSelector) {
      const list = (await custom.listNamespacedCustomObject({ group, version, plural, namespace, labelSelector })) as { items?: CustomObject[] };
      return list.items ?? [];
    },
    async serviceGet(namespace, service, port, path) {
      const url = new URL(`${server.replace(/\/$/, "")}/api/v1/namespaces/${namespace}/services/${service}:${port}/proxy${path}`);
      const options: https.RequestOptions = { method: "GET", headers: { Accept: "application/json" } };
      await kc.applyToHTTPSOptions(options);
      return await new Promise((resolve, reject) => {
        const req = (url.protocol === "https:" ? https : http).request(url, options, (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => {
            if ((res.statusCode ?? 500) >= 300) return reject(new Error(`GET ${url.pathname}: HTTP ${res.statusCode} ${body.slice(0, 200)}`));
            try {
              resolve(JSON.parse(body));
            } catch {
              reject(new Error(`GET ${url.pathname}: not JSON`));
            }
          });
        });
        req.on("error", reject);
        req.end();
      });
    },
  };
}

/** The GitOps tool's view of the stack: Argo CD Applications, or Flux Kustomizations and HelmReleases. */
export async function gitopsApps(cluster: Cluster, stack: Stack): Promise<AppState[]> {
  const partOf = `app.kubernetes.io/part-of=vigil-${stack.cluster.name}`;
  const condition = (o: { status?: any }, type: string) => (o.status?.conditions ?? []).find((c: { type: string }) => c.type === type) as { status?: string; message?: string } | undefined;
  if (stack.config.gitops.target === "argocd") {
    const apps = await cluster.customObjects("argoproj.io", "v1alpha1", "applications", stack.config.gitops.argocd.namespace, partOf);
    return apps.map((a) => {
      const sync = a.status?.sync?.status ?? "Unknown";
      const health = a.status?.health?.status ?? "Unknown";
      const message = a.status?.operationState?.message ?? (a.status?.conditions ?? [])[0]?.message;
      return { kind: "Application", name: a.metadata?.name ?? "", ready: sync === "Synced" && health === "Healthy", state: `${sync}, ${health}`, message };
    });
  }
  const kustomizations = await cluster.customObjects("kustomize.toolkit.fluxcd.io", "v1", "kustomizations", stack.config.gitops.flux.namespace, partOf);
  const releases = await cluster.customObjects("helm.toolkit.fluxcd.io", "v2", "helmreleases", stack.namespace, "app.kubernetes.io/managed-by=vigil");
  return [...kustomizations.map((o) => ["Kustomization", o] as const), ...releases.map((o) => ["HelmRelease", o] as const)].map(([kind, o]) => {
    const ready = condition(o, "Ready");
    return { kind, name: o.metadata?.name ?? "", ready: ready?.status === "True", state: ready ? `Ready=${ready.status}` : "not reconciled yet", message: ready?.status === "True" ? undefined : ready?.message };
  });
}

/** A GET without credentials and without following redirects, as a browser's first request. */
export async function probe(url: string): Promise<Answer> {
  try {
    const r = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
    return { status: r.status, wwwAuthenticate: r.headers.get("www-authenticate") ?? undefined };
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (e as Error).message };
  }
}

/** A GET on a URL the user gives (a port-forward), parsed as JSON. */
export async function getJson(url: string): Promise<unknown> {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status}`);
  return r.json();
}
