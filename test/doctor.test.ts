// `vigil doctor` on a live cluster. The conclusions are pure functions, tested on their own; the
// command runs end to end against real processes on 127.0.0.1: Debian's vmagent scraping a real
// node-exporter (and a closed port), writing to a real victoria-metrics holding a firing alert,
// both reached through a stand-in Kubernetes API server (the few endpoints doctor reads, and the
// service proxy forwarding to the real processes) that @kubernetes/client-node talks to with a
// kubeconfig, as it would to a cluster.
import { foreignPodFindings } from "../src/live/findings.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceScrape } from "../src/scrape/scrape.js";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, request, type Server } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emptyPanels } from "../src/live/dashboards.js";
import { accessFindings, alertFindings, gitopsFindings, podFindings, policyEngineFindings, secretFindings, targetFindings, volumeFindings } from "../src/live/findings.js";
import { tempDir, toolsAvailable, vigil } from "./helpers.js";
import { freePort, stop, waitFor } from "./processes.js";

const job = (name: string, where = "Service x") => ({ job: name, scrape: serviceScrape(name, { port: 1, path: "/metrics", scheme: "http", namespace: "x", selector: {}, portName: "m" }), target: { where, port: 1, path: "/metrics", scheme: "http" as const } });

describe("doctor's conclusions", () => {
  it("Secrets: missing, lacking a key, complete", () => {
    const found = secretFindings(
      [
        { name: "a", keys: ["k"], purpose: "A" },
        { name: "b", keys: ["k", "l"], purpose: "B" },
        { name: "c", keys: ["k"], purpose: "C" },
      ],
      new Map([
        ["b", ["k"]],
        ["c", ["k", "extra"]],
      ]),
    );
    expect(found.map((f) => [f.status, f.message])).toEqual([
      ["fail", "Secret a is missing (A); `vigil secrets` prints how to create it"],
      ["fail", "Secret b lacks the key(s) l (B)"],
      ["ok", "Secret c has k"],
    ]);
  });

  it("pods: a missing Secret is named as the likely cause; completed Jobs are fine", () => {
    const found = podFindings([
      { name: "grafana-1", phase: "Pending", ready: false, waiting: [{ container: "grafana", reason: "CreateContainerConfigError", message: 'secret "grafana-admin" not found' }] },
      { name: "vmbackup-1", phase: "Succeeded", ready: false, waiting: [] },
      { name: "vmsingle-1", phase: "Running", ready: true, waiting: [] },
    ]);
    expect(found.map((f) => [f.status, f.message])).toEqual([
      ["fail", 'pod grafana-1 is not ready (Pending, grafana: CreateContainerConfigError (secret "grafana-admin" not found)); a Secret or ConfigMap it reads is probably missing'],
    ]);
    expect(podFindings([]).map((f) => f.status)).toEqual(["fail"]);
    expect(volumeFindings([{ name: "data", phase: "Pending" }]).map((f) => f.message)).toEqual(["PersistentVolumeClaim data is Pending: check its StorageClass (storage.*.storageClass)"]);
  });

  it("targets: a job without targets, a target down with its error, jobs that share another's endpoint skipped", () => {
    const found = targetFindings([job("up"), job("down"), job("absent", "Service absent"), { ...job("shared"), scrape: undefined }], {
      data: {
        activeTargets: [
          { labels: { job: "up" }, health: "up" },
          { labels: { job: "down" }, health: "down", lastError: "connection refused", scrapeUrl: "http://10.0.0.1:10257/metrics" },
        ],
      },
    });
    expect(found.map((f) => [f.status, f.message])).toEqual([
      ["ok", "job up: 1 target(s) up"],
      ["fail", "job down: http://10.0.0.1:10257/metrics is down: connection refused"],
      ["fail", "job absent: no target (Service absent); is its exporter deployed? `vigil plan --targets` shows where it scrapes"],
    ]);
  });

  it("dashboards: variables take their first value in order, macros a recent range, and a panel whose queries all return nothing has no data", async () => {
    const asked: string[] = [];
    const reader = {
      labelValues: async (label: string, selector: string) => (asked.push(`${label} ${selector}`), label === "cluster" ? ["lab", "other"] : ["n1"]),
      query: async (expr: string) => (asked.push(expr), expr.includes("node_load1") ? 1 : 0),
    };
    const dashboard = {
      uid: "d",
      title: "D",
      folder: "f",
      component: "c",
      json: {
        templating: {
          list: [
            { name: "cluster", query: "label_values(up, cluster)", datasource: { uid: "vm" } },
            { name: "node", query: 'label_values(node_uname_info{cluster="$cluster"}, node)', datasource: { uid: "vm" } },
          ],
        },
        panels: [
          { type: "row", title: "r" },
          { type: "timeseries", title: "Load", datasource: { uid: "vm" }, targets: [{ expr: 'node_load1{cluster="$cluster", node="${node}"}' }] },
          { type: "timeseries", title: "Temp", datasource: { uid: "vm" }, targets: [{ expr: "rate(node_hwmon_temp_celsius[$__rate_interval])" }] },
          { type: "logs", title: "Logs", datasource: { uid: "logs" }, targets: [{ expr: "{}" }] },
        ],
      },
    };
    expect(await emptyPanels(dashboard, "vm", reader)).toEqual({ panels: 2, empty: ["Temp"] });
    expect(asked).toEqual(["cluster up", 'node node_uname_info{cluster="lab"}', 'node_load1{cluster="lab", node="n1"}', "rate(node_hwmon_temp_celsius[5m])"]);
  });

  it("pods of other apps in the namespace are named (the default deny cuts them off); the stack's own, by chart release, operator or vigil, are not (issue 17 #4)", () => {
    const pod = (name: string, labels: Record<string, string>) => ({ name, phase: "Running", ready: true, waiting: [], labels });
    const own = { apps: ["victoria-metrics", "grafana", "kube-prometheus-stack"], selectors: [{ "app.kubernetes.io/name": "vmbackup", "app.kubernetes.io/managed-by": "vigil" }], policyName: "vigil-default-deny-ingress" };
    const findings = foreignPodFindings(
      [
        pod("grafana-0", { "app.kubernetes.io/instance": "grafana", "app.kubernetes.io/name": "grafana" }),
        pod("vmagent-vm-abc", { "app.kubernetes.io/managed-by": "vm-operator", "app.kubernetes.io/instance": "vm" }),
        pod("prom-agent-kps-prometheus-0", { "app.kubernetes.io/managed-by": "prometheus-operator" }),
        pod("kps-operator-1", { app: "kube-prometheus-stack-operator", release: "kube-prometheus-stack" }),
        pod("event-exporter-1", { "app.kubernetes.io/managed-by": "vigil", "app.kubernetes.io/name": "kubernetes-event-exporter" }),
        pod("homepage-1", { "app.kubernetes.io/instance": "homepage", "app.kubernetes.io/managed-by": "Helm" }),
      ],
      own,
    );
    expect(findings.map((f) => [f.status, f.message.split(":")[0]])).toEqual([["warn", "pod homepage-1 is not part of the stack"]]);
  });

  it("GitOps apps: none found points to the bootstrap; each one not ready is named with its state", () => {
    expect(gitopsFindings([], "apply the ApplicationSet").map((f) => [f.status, f.message])).toEqual([["fail", "no app of the stack found: apply the ApplicationSet"]]);
    expect(
      gitopsFindings(
        [
          { kind: "HelmRelease", name: "grafana", ready: false, state: "Ready=False", message: "install retries exhausted" },
          { kind: "Kustomization", name: "monitoring-scrapes", ready: true, state: "Ready=True" },
        ],
        "",
      ).map((f) => f.message),
    ).toEqual(["HelmRelease grafana is Ready=False: install retries exhausted"]);
  });

  it("NetworkPolicy engine: K3s's built-in, a CNI's DaemonSet, or Flannel alone (not enforced)", () => {
    expect(policyEngineFindings(["v1.33.4+k3s1"], ["svclb-traefik"]).map((f) => f.status)).toEqual(["ok"]);
    expect(policyEngineFindings(["v1.34.0"], ["cilium", "cilium-envoy"]).map((f) => f.message)).toEqual(["NetworkPolicies enforced by cilium"]);
    expect(policyEngineFindings(["v1.34.0"], ["kube-flannel", "kube-proxy"]).map((f) => [f.status, f.message])).toEqual([
      ["warn", "no NetworkPolicy engine found (DaemonSets in kube-system: kube-flannel, kube-proxy): the generated policies are not enforced; Talos 1.13+: cluster.network.cni.flannel.kubeNetworkPoliciesEnabled, or run Cilium or Calico"],
    ]);
  });

  it("access: Grafana answers; each UI asks for the login; one open without a login is a failure", () => {
    const found = accessFindings({ url: "https://g.lab/", answer: { status: 200 } }, [
      { ui: "metrics", url: "https://m.lab/", answer: { status: 401, wwwAuthenticate: 'Basic realm="Restricted"' } },
      { ui: "alerts", url: "https://a.lab/", answer: { status: 200 } },
      { ui: "logs", url: "https://l.lab/", answer: { error: "ENOTFOUND" } },
    ]);
    expect(found.map((f) => [f.status, f.message])).toEqual([
      ["ok", "Grafana at https://g.lab/ answers"],
      ["ok", "the metrics UI at https://m.lab/ asks for the login"],
      ["fail", "the alerts UI at https://a.lab/ opens without a login (HTTP 200): is it routed around vmauth?"],
      ["fail", "the logs UI at https://l.lab/: ENOTFOUND (DNS, TLS or the route)"],
    ]);
  });

  it("access end to end: real HTTP answers from where the user is", async () => {
    const grafana = createServer((req, res) => res.writeHead(req.url === "/api/health" ? 200 : 404).end("{}")).listen(0, "127.0.0.1");
    const vmauth = createServer((_, res) => res.writeHead(401, { "WWW-Authenticate": 'Basic realm="Restricted"' }).end()).listen(0, "127.0.0.1");
    const closed = await freePort();
    await new Promise((r) => setTimeout(r, 50));
    const [g, m] = [grafana, vmauth].map((s) => (s.address() as { port: number }).port);
    const dir = tempDir();
    writeFileSync(
      join(dir, "vigil.yaml"),
      `access:\n  ingress: {}\n  grafana: { url: "http://127.0.0.1:${g}" }\n  uis:\n    metrics: "http://127.0.0.1:${m}"\n    alerts: "http://127.0.0.1:${closed}"\n`,
    );
    const r = await vigil(dir, "doctor", "--skip-cluster");
    grafana.close();
    vmauth.close();
    expect(r.stdout.split("\n").filter((l) => l.includes(" access: "))).toEqual([
      `✔ access: Grafana at http://127.0.0.1:${g} answers`,
      `✔ access: the metrics UI at http://127.0.0.1:${m}/ asks for the login`,
      `✖ access: the alerts UI at http://127.0.0.1:${closed}/: ECONNREFUSED (DNS, TLS or the route)`,
    ]);
  });

  it("without a cluster, the APIs it cannot reach are named once, with the flags that give their URLs, on either backend (issue 17 #7)", async () => {
    const cases = [
      ["", "the scraper (vmagent-vm) and the store (vmsingle-vm): not checked; without a cluster, give their URLs with --vmagent-url and --vmsingle-url (e.g. `kubectl -n monitoring port-forward svc/vmagent-vm 8429`, `kubectl -n monitoring port-forward svc/vmsingle-vm 8428`)"],
      ["metrics: { backend: prometheus }\n", "the scraper (kps-prometheus) and the store (kps-prometheus): not checked; without a cluster, give their URLs with --vmagent-url and --vmsingle-url (e.g. `kubectl -n monitoring port-forward svc/kps-prometheus 9090`)"],
    ] as const;
    for (const [config, message] of cases) {
      const dir = tempDir();
      writeFileSync(join(dir, "vigil.yaml"), config);
      const r = await vigil(dir, "doctor", "--skip-cluster");
      expect(r.stdout.split("\n").filter((l) => l.startsWith("✖"))).toEqual([`✖ targets: ${message}`]);
    }
    // Only the store's URL: the scraper's read names its flag.
    const dir = tempDir();
    writeFileSync(join(dir, "vigil.yaml"), "");
    const r = await vigil(dir, "doctor", "--skip-cluster", "--vmsingle-url", "http://127.0.0.1:9");
    expect(r.stdout).toContain("✖ targets: vmagent-vm's targets: no cluster to reach vmagent-vm through; give its URL with --vmagent-url (e.g. a kubectl port-forward to port 8429)");
  });

  it("no kubeconfig, or a KUBECONFIG that does not exist: said once, as what it is (issue 17 #7)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "vigil.yaml"), "");
    const saved = { home: process.env.HOME, kubeconfig: process.env.KUBECONFIG };
    try {
      process.env.HOME = tempDir();
      delete process.env.KUBECONFIG;
      const none = await vigil(dir, "doctor");
      expect(none.stdout.split("\n").filter((l) => l.startsWith("✖"))[0]).toBe("✖ cluster: kubeconfig: no kubeconfig (KUBECONFIG or ~/.kube/config); point KUBECONFIG at your cluster's, or use --skip-cluster with --vmagent-url and --vmsingle-url");
      expect(none.stdout + none.stderr).not.toMatch(/HTTP protocol is not allowed/);
      expect(none.stdout.split("\n").filter((l) => l.startsWith("✖"))).toHaveLength(2);
      process.env.KUBECONFIG = join(dir, "missing-kubeconfig");
      const missing = await vigil(dir, "doctor");
      expect(missing.stdout).toContain(`✖ cluster: kubeconfig: KUBECONFIG names ${join(dir, "missing-kubeconfig")}, which does not exist`);
    } finally {
      process.env.HOME = saved.home;
      if (saved.kubeconfig === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved.kubeconfig;
    }
  });

  it("alerts: Watchdog is not news; everything else fires as a warning with where", () => {
    expect(alertFindings([{ metric: { alertname: "Watchdog" } }]).map((f) => f.status)).toEqual(["ok"]);
    expect(alertFindings([{ metric: { alertname: "NodeDiskFull", severity: "critical", node: "n1", instance: "n1:9100" } }]).map((f) => [f.status, f.message])).toEqual([
      ["warn", "NodeDiskFull (critical) fires: node=n1 instance=n1:9100"],
    ]);
  });
});

describe.runIf(toolsAvailable(["victoria-metrics", "vmagent", "prometheus-node-exporter"], "the end-to-end vigil doctor test"))("vigil doctor against real vmagent and victoria-metrics", () => {
  const procs: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), "vigil-doctor-"));
  let api: Server | undefined;
  let kubeconfig = "";
  let apiUrl = "";

  beforeAll(async () => {
    const [nePort, vmPort, agentPort, closedPort, apiPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    procs.push(spawn("prometheus-node-exporter", [`--web.listen-address=127.0.0.1:${nePort}`, "--no-collector.systemd"], { stdio: "ignore" }));
    procs.push(spawn("victoria-metrics", [`-httpListenAddr=127.0.0.1:${vmPort}`, `-storageDataPath=${join(dir, "vm")}`, "-search.latencyOffset=1s", "-retentionPeriod=1d"], { stdio: "ignore" }));
    // Two of the default config's jobs: node-exporter up, kube-state-metrics on a closed port.
    writeFileSync(
      join(dir, "scrape.yaml"),
      // The labels vigil's scrape gives node-exporter in the cluster (instance and node: the node name).
      ["global:", "  scrape_interval: 2s", "scrape_configs:", "  - job_name: node-exporter", "    static_configs:", `      - targets: ["127.0.0.1:${nePort}"]`, "        labels: { instance: testnode, node: testnode }", "  - job_name: kube-state-metrics", "    static_configs:", `      - targets: ["127.0.0.1:${closedPort}"]`, ""].join("\n"),
    );
    procs.push(
      spawn("vmagent", [`-httpListenAddr=127.0.0.1:${agentPort}`, `-promscrape.config=${join(dir, "scrape.yaml")}`, `-remoteWrite.url=http://127.0.0.1:${vmPort}/api/v1/write`, "-remoteWrite.label=cluster=homelab", `-remoteWrite.tmpDataPath=${join(dir, "agent")}`, "-promscrape.config.strictParse=false"], { stdio: "ignore" }),
    );
    const vm = `http://127.0.0.1:${vmPort}`;
    expect(await waitFor(async () => (await fetch(`${vm}/health`)).ok, 20)).toBe(true);
    // An alert vmalert would have written: firing now.
    await fetch(`${vm}/api/v1/import/prometheus`, { method: "POST", body: `ALERTS{alertname="KubePodCrashLooping",alertstate="firing",severity="warning",namespace="monitoring",pod="grafana-1"} 1\n` });
    expect(await waitFor(async () => ((await (await fetch(`${vm}/api/v1/query?query=ALERTS`)).json()) as any).data.result.length > 0, 20)).toBe(true);
    // Rates need a few samples.
    expect(await waitFor(async () => Number(((await (await fetch(`${vm}/api/v1/query?query=${encodeURIComponent('count_over_time(node_load1{cluster="homelab"}[1m])')}`)).json()) as any).data.result[0]?.value[1] ?? 0) >= 5, 40)).toBe(true);
    expect(await waitFor(async () => {
      const t = (await (await fetch(`http://127.0.0.1:${agentPort}/api/v1/targets`)).json()) as any;
      const health = Object.fromEntries(t.data.activeTargets.map((x: any) => [x.labels.job, x.health]));
      return health["node-exporter"] === "up" && health["kube-state-metrics"] === "down";
    }, 30)).toBe(true);

    // The stand-in API server: what doctor reads, and the service proxy to the real processes.
    const backends: Record<string, number> = { "vmagent-vm:8429": agentPort, "vmsingle-vm:8428": vmPort, "vmselect-vm:8481": vmPort };
    const list = (kind: string, items: unknown[]) => ({ kind, apiVersion: "v1", metadata: {}, items });
    const json: Record<string, unknown> = {
      "/api/v1/namespaces/monitoring": { kind: "Namespace", apiVersion: "v1", metadata: { name: "monitoring" } },
      "/api/v1/namespaces/monitoring/secrets": list("SecretList", [{ metadata: { name: "grafana-admin" }, data: { "admin-user": "YWRtaW4=" } }]),
      "/api/v1/namespaces/monitoring/pods": list("PodList", [
        // Labels as the operator and the chart set them; and an app of the user's own in the namespace.
        { metadata: { name: "vmsingle-vm-0", labels: { "app.kubernetes.io/name": "vmsingle", "app.kubernetes.io/instance": "vm", "app.kubernetes.io/managed-by": "vm-operator" } }, status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } },
        { metadata: { name: "uptime-kuma-0", labels: { "app.kubernetes.io/name": "uptime-kuma", "app.kubernetes.io/instance": "uptime-kuma" } }, status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } },
        {
          metadata: { name: "grafana-1", labels: { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": "grafana" } },
          status: { phase: "Pending", conditions: [{ type: "Ready", status: "False" }], containerStatuses: [{ name: "grafana", ready: false, image: "g", imageID: "", restartCount: 0, state: { waiting: { reason: "CreateContainerConfigError" } } }] },
        },
      ]),
      "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications": list("ApplicationList", [
        { metadata: { name: "vigil-victoria-metrics" }, status: { sync: { status: "Synced" }, health: { status: "Healthy" } } },
        { metadata: { name: "vigil-grafana" }, status: { sync: { status: "Synced" }, health: { status: "Progressing" }, conditions: [{ type: "SyncError", message: "waiting for grafana-admin" }] } },
      ]),
      // With Flux: the Kustomizations (in flux-system) and vigil's HelmReleases.
      "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations": list("KustomizationList", [
        { metadata: { name: "monitoring-victoria-metrics" }, status: { conditions: [{ type: "Ready", status: "True", message: "Applied revision: main@sha1:abc" }] } },
      ]),
      "/apis/helm.toolkit.fluxcd.io/v2/namespaces/monitoring/helmreleases": list("HelmReleaseList", [
        { metadata: { name: "victoria-metrics" }, status: { conditions: [{ type: "Ready", status: "True" }] } },
        { metadata: { name: "grafana" }, status: { conditions: [{ type: "Ready", status: "False", message: "install retries exhausted" }] } },
        { metadata: { name: "vector" } },
      ]),
      "/api/v1/nodes": list("NodeList", [{ metadata: { name: "lab" }, status: { nodeInfo: { kubeletVersion: "v1.33.4+k3s1", architecture: "", bootID: "", containerRuntimeVersion: "", kernelVersion: "", kubeProxyVersion: "", machineID: "", operatingSystem: "", osImage: "", systemUUID: "" } } }]),
      "/apis/apps/v1/namespaces/kube-system/daemonsets": { kind: "DaemonSetList", apiVersion: "apps/v1", metadata: {}, items: [{ metadata: { name: "svclb-traefik" } }] },
      "/api/v1/namespaces/monitoring/persistentvolumeclaims": list("PersistentVolumeClaimList", [{ metadata: { name: "vmsingle-vm" }, status: { phase: "Bound" } }]),
    };
    api = createServer((req, res) => {
      const url = new URL(req.url!, "http://x");
      const proxy = /^\/api\/v1\/namespaces\/monitoring\/services\/([^/]+)\/proxy(\/.*)$/.exec(url.pathname);
      // A VMCluster's vmselect answers the Prometheus API under its tenant's path only: a stand-in
      // that strips it before the real VictoriaMetrics, and refuses any other path.
      if (proxy?.[1] === "vmselect-vm:8481" && !proxy[2]!.startsWith("/select/0/prometheus/")) return res.writeHead(400).end("missing /select/0/prometheus");
      const path = proxy?.[1] === "vmselect-vm:8481" ? proxy[2]!.slice("/select/0/prometheus".length) : proxy?.[2];
      if (proxy && backends[proxy[1]!]) {
        const upstream = request({ host: "127.0.0.1", port: backends[proxy[1]!], path: path + url.search }, (r) => {
          res.writeHead(r.statusCode ?? 502, { "content-type": r.headers["content-type"] ?? "application/json" });
          r.pipe(res);
        });
        upstream.on("error", () => res.writeHead(502).end());
        return upstream.end();
      }
      // doctor asks only for the stack's Applications.
      // (vigil-<cluster name>: homelab alone, the cluster's name in a fleet.)
      if (url.pathname.includes("/applications")) expect(url.searchParams.get("labelSelector")).toMatch(/^app\.kubernetes\.io\/part-of=vigil-(homelab|home)$/);
      const body = json[url.pathname];
      res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(body ?? { kind: "Status", status: "Failure", code: 404 }));
    }).listen(apiPort, "127.0.0.1");
    apiUrl = `http://127.0.0.1:${apiPort}`;
    kubeconfig = join(dir, "kubeconfig");
    writeFileSync(
      kubeconfig,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters: [{name: lab, cluster: {server: 'http://127.0.0.1:" + apiPort + "', insecure-skip-tls-verify: true}}]",
        "users: [{name: me, user: {token: t0ken}}]",
        "contexts: [{name: lab, context: {cluster: lab, user: me}}]",
        "current-context: lab",
        "",
      ].join("\n"),
    );
  }, 60_000);

  afterAll(async () => {
    api?.close();
    await Promise.all(procs.map(stop));
  });

  it("with metrics.mode cluster, queries vmselect under its tenant's path", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "vigil.yaml"), "cluster: { nodes: 3 }\nmetrics: { mode: cluster }\n");
    process.env.KUBECONFIG = kubeconfig;
    const r = await vigil(dir, "doctor");
    delete process.env.KUBECONFIG;
    const lines = r.stdout.split("\n");
    expect(lines).toContain("⚠ alerts: KubePodCrashLooping (warning) fires: namespace=monitoring pod=grafana-1");
    expect(lines.find((l) => l.includes("dashboards: Node:"))).toMatch(/dashboards: Node: [1-9]\d* of \d+ panels with data/);
  }, 60_000);

  it("with Flux, reads the Kustomizations and HelmReleases", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "vigil.yaml"), "gitops:\n  target: flux\n");
    process.env.KUBECONFIG = kubeconfig;
    const r = await vigil(dir, "doctor", "--json");
    delete process.env.KUBECONFIG;
    const gitops = JSON.parse(r.stdout).findings.filter((f: { area: string }) => f.area === "gitops").map((f: { message: string }) => f.message);
    expect(gitops).toEqual(["HelmRelease grafana is Ready=False: install retries exhausted", "HelmRelease vector is not reconciled yet"]);
  }, 60_000);

  it("a context the kubeconfig lacks is named with the ones it has; --all checks each cluster of a fleet through its own context (issue 14, 17 #7)", async () => {
    process.env.KUBECONFIG = kubeconfig;
    try {
      const wrong = await vigil(tempDir(), "doctor", "--context", "lba");
      expect(wrong.stdout).toContain('✖ cluster: kubeconfig: context "lba" is not in the kubeconfig (contexts: lab)');
      const dir = tempDir();
      writeFileSync(join(dir, "vigil.yaml"), "fleet:\n  hub: hub\n  ingest: { address: 100.64.0.2 }\n  clusters:\n    hub: {}\n    home: { cluster: { context: lab } }\n    edge: {}\n");
      const all = await vigil(dir, "doctor", "--all", "--json");
      const findings = JSON.parse(all.stdout).findings as { cluster: string; area: string; status: string; message: string }[];
      expect([...new Set(findings.map((f) => f.cluster))]).toEqual(["hub", "home", "edge"]);
      // hub and edge: no context of their name; home: cluster.context "lab", which answers.
      expect(findings.find((f) => f.cluster === "hub" && f.area === "cluster")?.message).toBe('kubeconfig: context "hub" is not in the kubeconfig (contexts: lab)');
      expect(findings.find((f) => f.cluster === "edge" && f.area === "cluster")?.message).toBe('kubeconfig: context "edge" is not in the kubeconfig (contexts: lab)');
      expect(findings.find((f) => f.cluster === "home" && f.area === "cluster")).toEqual({ cluster: "home", area: "cluster", status: "ok", message: `namespace monitoring on ${apiUrl}` });
      expect(findings.some((f) => f.cluster === "home" && f.area === "targets")).toBe(true);
      expect(all.code).toBe(1);
      const text = await vigil(dir, "doctor", "--all");
      expect(text.stdout).toMatch(/^Cluster hub \(fleet hub\):$/m);
      expect(text.stdout).toMatch(/^Cluster home \(fleet spoke\):$/m);
      expect(text.stdout).toMatch(/ over 3 clusters$/m);
      // --all is for a fleet, without --cluster.
      expect((await vigil(tempDir(), "doctor", "--all")).code).toBe(2);
      expect((await vigil(dir, "doctor", "--all", "--cluster", "hub")).code).toBe(2);
    } finally {
      delete process.env.KUBECONFIG;
    }
  }, 60_000);

  it("reports the Secret key, the pod, the targets and the alert, through the API server, and exits 1", async () => {
    process.env.KUBECONFIG = kubeconfig;
    const r = await vigil(tempDir(), "doctor");
    delete process.env.KUBECONFIG;
    const lines = r.stdout.split("\n");
    expect(r.code, r.stderr).toBe(1);
    expect(lines).toContain(`✔ cluster: namespace monitoring on ${apiUrl}`);
    expect(lines).toContain("✖ gitops: Application vigil-grafana is Synced, Progressing: waiting for grafana-admin");
    // The user's own app in the namespace: cut off by the default deny; vigil's pods are not named.
    expect(lines.filter((l) => l.includes("is not part of the stack"))).toEqual([
      "⚠ cluster: pod uptime-kuma-0 is not part of the stack: the namespace's default-deny NetworkPolicy (vigil-default-deny-ingress) blocks every connection to it; run it in a namespace of its own",
    ]);
    expect(lines).toContain("✖ cluster: Secret grafana-admin lacks the key(s) admin-password (Grafana admin login)");
    expect(lines).toContain("✖ cluster: pod grafana-1 is not ready (Pending, grafana: CreateContainerConfigError); a Secret or ConfigMap it reads is probably missing");
    expect(lines).toContain("✔ cluster: 1 volume(s) bound");
    expect(lines).toContain("✔ cluster: NetworkPolicies enforced by K3s's built-in controller (unless K3s runs with --disable-network-policy)");
    expect(lines).toContain("✔ targets: job node-exporter: 1 target(s) up");
    expect(lines.find((l) => l.startsWith("✖ targets: job kube-state-metrics: "))).toMatch(/ is down: .*(refused|connect)/);
    expect(lines.filter((l) => l.startsWith("✖ targets: job kubelet: "))).toEqual(["✖ targets: job kubelet: no target (every node); is its exporter deployed? `vigil plan --targets` shows where it scrapes"]);
    expect(lines).toContain("⚠ alerts: KubePodCrashLooping (warning) fires: namespace=monitoring pod=grafana-1");
    // The Node dashboard has data (but for what this machine lacks); the Control plane's jobs do not run here.
    const node = /^. dashboards: Node: (\d+) of (\d+) panels with data/.exec(lines.find((l) => l.includes("dashboards: Node:"))!)!;
    expect(Number(node[1])).toBeGreaterThanOrEqual(Number(node[2]) - 3);
    expect(lines.find((l) => l.includes("dashboards: Control plane:"))).toMatch(/^⚠ dashboards: Control plane: 0 of \d+ panels with data; no data: /);
    // The same findings as JSON, for scripts.
    process.env.KUBECONFIG = kubeconfig;
    const j = await vigil(tempDir(), "doctor", "--json");
    delete process.env.KUBECONFIG;
    const report = JSON.parse(j.stdout);
    expect(report.failures).toBe(lines.filter((l) => l.startsWith("✖")).length);
    expect(report.findings).toContainEqual({ area: "cluster", status: "fail", message: "Secret grafana-admin lacks the key(s) admin-password (Grafana admin login)" });
  }, 60_000);
});
