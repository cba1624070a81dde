// metrics.mode cluster: the VMCluster, every consumer pointed at vminsert and vmselect, backups
// per vmstorage, the refusals, and the move of a VMSingle's data with the real vmctl. The cluster
// binaries (vmstorage, vminsert, vmselect) are not in Debian: what they do is taken from operator
// v0.74's source (cited in src/backends/victoria-metrics/cluster.ts) and checked on the real chart
// render (test/render.test.ts with VIGIL_CHARTS); the copy runs between two real single nodes.
import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { formatPlan } from "../src/cli/plan.js";
import { VM_STORAGE_FAMILIES } from "../src/catalog/documented/stack.js";
import { VM_DATA_PATH } from "../src/components/backup.js";
import { buildCluster, configErrors, parsedConfig, toolsAvailable, treeOf } from "./helpers.js";
import { freePort, run, stop, waitFor } from "./processes.js";

const CLUSTER = { cluster: { name: "lab", nodes: 3 }, metrics: { mode: "cluster" }, storage: { storageClass: "longhorn", metrics: { size: "20Gi" } } };
const BACKUP = { backup: { metrics: { s3: { endpoint: "nas.lan:9000", bucket: "homelab-backups", insecure: true } } } };

const errorsOf = configErrors;
const tree = (input: unknown) => treeOf(input, { app: "victoria-metrics", chart: "victoria-metrics-k8s-stack" });

describe("metrics.mode cluster: config", () => {
  it("is refused on one node, with the path and the reason", () => {
    expect(errorsOf({ metrics: { mode: "cluster" } })).toEqual([expect.stringMatching(/^metrics\.mode: metrics\.mode: "cluster" needs cluster\.nodes of at least 2 \(it is 1\): replication across one node protects nothing/)]);
  });

  it("refuses what cannot be scheduled or replicated, and settings without the mode", () => {
    expect(errorsOf({ ...CLUSTER, metrics: { mode: "cluster", cluster: { replicationFactor: 3, vmstorage: 2 } } })).toEqual([expect.stringMatching(/^metrics\.cluster\.replicationFactor: .*3 copies of each sample need at least as many vmstorage nodes \(metrics\.cluster\.vmstorage is 2\)/)]);
    expect(errorsOf({ ...CLUSTER, metrics: { mode: "cluster", cluster: { vmstorage: 4 } } })).toEqual([expect.stringMatching(/^metrics\.cluster\.vmstorage: .*4 vmstorage nodes, but cluster\.nodes is 3: each vmstorage runs on a node of its own .*at most 3/)]);
    expect(errorsOf({ metrics: { cluster: { vmstorage: 2 } } })).toEqual([expect.stringMatching(/^metrics\.cluster: .*only with metrics\.mode: "cluster"/)]);
    expect(errorsOf({ ...CLUSTER, metrics: { backend: "prometheus", mode: "cluster" } })).toEqual([expect.stringMatching(/^metrics\.mode: .*VictoriaMetrics cluster \(VMCluster\); with metrics\.backend: prometheus use mode "single"/)]);
    expect(errorsOf({ ...CLUSTER, metrics: { mode: "cluster", cluster: { vminsert: 0 } } }).join("\n")).toMatch(/metrics\.cluster\.vminsert/);
  });

  it("configures a fleet's hub: a spoke's entry may not set it, and spokes never inherit it", async () => {
    const fleet = { ingest: { address: "100.64.0.1" } };
    expect(errorsOf({ ...CLUSTER, fleet: { ...fleet, hub: "hub", clusters: { hub: { cluster: { nodes: 3 } }, home: { metrics: { mode: "cluster" } } } } }).join("\n")).toMatch(/fleet\.clusters\.home\.metrics\.mode: .*a spoke stores nothing/);
    const input = { ...CLUSTER, fleet: { ...fleet, hub: "hub", clusters: { hub: {}, home: { cluster: { nodes: 1 } } } } };
    const hub = await buildCluster(input, "hub");
    const spoke = await buildCluster(input, "home");
    expect(hub.stack.metricsCluster).toBeDefined();
    expect(spoke.stack.metricsCluster).toBeUndefined();
    // The hub's ingest writes into vminsert's tenant.
    const ingest = parse(parse(hub.output.files.get("clusters/hub/monitoring/fleet-ingest/configmap-fleet-ingest.yaml")!).data["auth.yaml"]);
    expect(ingest.users[0].url_map[0]).toEqual({ src_paths: ["/api/v1/write"], url_prefix: "http://vminsert-vm.monitoring.svc:8480/insert/0/prometheus" });
  });
});

describe("metrics.mode cluster: the tree", () => {
  it("deploys a VMCluster instead of the VMSingle: replication, a volume per vmstorage on a node of its own, PDBs, strict security", async () => {
    const { g, values } = await tree(CLUSTER);
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const v = values();
    expect(v.vmsingle).toEqual({ enabled: false });
    const spec = v.vmcluster.spec;
    expect(v.vmcluster.enabled).toBe(true);
    expect(spec).toMatchObject({ useStrictSecurity: true, replicationFactor: 2 });
    expect(spec.retentionPeriod).toBe(g.stack.retention.metrics);
    expect(spec.vmstorage).toMatchObject({ replicaCount: 2, storageDataPath: "/vm-data", podDisruptionBudget: { maxUnavailable: 1 }, disableSelfServiceScrape: true });
    expect(spec.vmstorage.storage.volumeClaimTemplate.spec).toEqual({ storageClassName: "longhorn", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } } });
    expect(spec.vmstorage.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: { "app.kubernetes.io/name": "vmstorage", "app.kubernetes.io/instance": "vm", "app.kubernetes.io/component": "monitoring", "managed-by": "vm-operator" } }, topologyKey: "kubernetes.io/hostname" },
    ]);
    for (const part of ["vminsert", "vmselect"]) {
      expect(spec[part]).toMatchObject({ replicaCount: 2, podDisruptionBudget: { maxUnavailable: 1 }, disableSelfServiceScrape: true });
      expect(spec[part].topologySpreadConstraints[0]).toMatchObject({ topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" });
    }
    // The chart's 2Gi cache claim per vmselect gives way to an emptyDir (the operator takes it first).
    expect(spec.vmselect.storage).toEqual({ emptyDir: {} });
  });

  it("points every consumer at vminsert and vmselect under tenant 0", async () => {
    const { g, file } = await tree({ ...CLUSTER, access: { ingress: {}, uis: { metrics: "https://metrics.lab.example.com", passwordSecret: "ui" } } });
    const grafana = file("monitoring/grafana/values.yaml").grafana;
    const ds = grafana.datasources["datasources.yaml"].datasources.find((d: { uid: string }) => d.uid === "victoriametrics");
    expect(ds.url).toBe("http://vmselect-vm.monitoring.svc:8481/select/0/prometheus");
    const logAlerts = file("monitoring/alert-rules/vmalert-vm-logs.yaml");
    expect(logAlerts.spec.remoteWrite.url).toBe("http://vminsert-vm.monitoring.svc:8480/insert/0/prometheus");
    const user = file("monitoring/access/vmuser-vigil-ui.yaml");
    expect(user.spec.targetRefs[0]).toMatchObject({ static: { url: "http://vmselect-vm.monitoring.svc:8481/select/0/" } });
    expect(g.stack.remoteWriteUrl).toBe("http://vminsert-vm.monitoring.svc:8480/insert/0/prometheus/api/v1/write");
    // Each part is scraped under a job of its own, on its Service's http port.
    for (const [job, port] of [["vmstorage", 8482], ["vminsert", 8480], ["vmselect", 8481]] as const) {
      const scrape = g.parts.scrapes.find((s) => s.job === job)!;
      expect(scrape.target.port, job).toBe(port);
    }
    expect(g.parts.scrapes.some((s) => s.job === "victoriametrics")).toBe(false);
  });

  it("admits the cluster's own connections and nothing of the VMSingle", async () => {
    const { g } = await tree(CLUSTER);
    const flows = g.parts.flows.map((f) => `${f.from} → ${f.to}:${f.port}`);
    expect(flows).toEqual(expect.arrayContaining(["vminsert → vmstorage:8400", "vmselect → vmstorage:8401", "vmselect → vmselect:8481", "vmagent → vminsert:8480", "vmalert → vmselect:8481", "vmalert → vminsert:8480", "vmselect → vmalert:8080", "grafana → vmselect:8481", "migrate → vminsert:8480"]));
    expect(flows.filter((f) => f.includes("vmsingle"))).toEqual([]);
  });

  it("backs up each vmstorage on its node into a folder of its own, with a restore Job each", async () => {
    const { g, file } = await tree({ ...CLUSTER, ...BACKUP });
    for (const i of [0, 1]) {
      const pod = file(`monitoring/backup/cronjob-vmbackup-vmstorage-${i}.yaml`).spec.jobTemplate.spec.template.spec;
      expect(pod.containers[0].args).toEqual([
        "-storageDataPath=/vm-data",
        `-snapshot.createURL=http://vmstorage-vm-${i}.vmstorage-vm.monitoring.svc:8482/snapshot/create`,
        `-dst=s3://homelab-backups/vigil/metrics/vmstorage-${i}`,
        "-customS3Endpoint=http://nas.lan:9000",
      ]);
      expect(pod.volumes).toEqual([{ name: "data", persistentVolumeClaim: { claimName: `vmstorage-db-vmstorage-vm-${i}`, readOnly: true } }]);
      expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toEqual({ "statefulset.kubernetes.io/pod-name": `vmstorage-vm-${i}` });
      const restore = file(`restore/vmrestore-vmstorage-${i}-job.yaml`);
      expect(restore.spec.template.spec.containers[0].args).toEqual([`-src=s3://homelab-backups/vigil/metrics/vmstorage-${i}`, "-storageDataPath=/vm-data", "-customS3Endpoint=http://nas.lan:9000"]);
    }
    expect(g.output.files.has("monitoring/backup/cronjob-vmbackup.yaml")).toBe(false);
    // The stale-backup alert watches every one of them.
    const rules = file("monitoring/alert-rules/vmrule-vigil-alert-rules.yaml").spec.groups.flatMap((gr: { rules: { alert?: string; expr: string }[] }) => gr.rules);
    expect(rules.find((r: { alert?: string }) => r.alert === "MetricsBackupStale").expr).toContain('cronjob=~"vmbackup-vmstorage-.+"');
    expect(g.parts.flows.map((f) => `${f.from} → ${f.to}:${f.port}`)).toContain("backup → vmstorage:8482");
  });

  it("watches the cluster: its alerts, the disk alert on vmstorage, a dashboard row", async () => {
    const { g, file } = await tree(CLUSTER);
    const rules = file("monitoring/alert-rules/vmrule-vigil-alert-rules.yaml").spec.groups.flatMap((gr: { rules: { alert?: string; expr: string }[] }) => gr.rules);
    const alert = (name: string) => rules.find((r: { alert?: string }) => r.alert === name);
    for (const name of ["VmstorageNodeDown", "VmstorageReplicationLost", "VminsertIncompleteReplication", "VminsertRowsRerouted", "VmstorageReadOnly", "VmselectRequestErrors"]) expect(alert(name), name).toBeDefined();
    expect(alert("VictoriaMetricsDiskFull").expr).toContain('vm_free_disk_space_bytes{job="vmstorage"}');
    expect(alert("VmstorageReplicationLost").expr).toMatch(/>= 2$/);
    const stack = JSON.parse(file("monitoring/dashboards/configmap-dashboard-vigil-stack.yaml").data["vigil-stack.json"]);
    const row = stack.panels.find((p: { type: string; title: string }) => p.type === "row" && p.title === "VictoriaMetrics cluster");
    expect(row).toBeDefined();
    // The single node's panels have no job to read here, and are left out.
    expect(stack.panels.some((p: { title: string }) => p.title === "Samples ingested")).toBe(false);
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("vigil plan counts each replica and each vmstorage volume", async () => {
    const g = await buildCluster({ ...CLUSTER, cluster: { name: "lab", nodes: 3 }, metrics: { mode: "cluster", cluster: { vmstorage: 3 } } });
    const text = formatPlan(g.plan, 3);
    expect(text).toMatch(/^vmstorage\s+victoria-metrics\s+VMCluster\/vm vmstorage\s+3\s/m);
    expect(text).toMatch(/^metrics\s+victoria-metrics\s+longhorn\s+3 × 20Gi/m);
    expect(g.plan.storageTotalGiB).toBeGreaterThanOrEqual(60);
  });
});

describe.runIf(toolsAvailable(["victoria-metrics", "vmctl"], "the move of a VMSingle's data with vmctl"))("moving a VMSingle's data with the real vmctl", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-migrate-"));
  const procs: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(procs.map(stop));
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });
  const startVm = async (args: string[]) => {
    const port = await freePort();
    const p = spawn("victoria-metrics", [...args, `-httpListenAddr=127.0.0.1:${port}`, "-search.latencyOffset=0s"], { stdio: "ignore" });
    procs.push(p);
    const url = `http://127.0.0.1:${port}`;
    expect(await waitFor(async () => (await fetch(`${url}/health`)).ok, 30)).toBe(true);
    return url;
  };
  const exportSeries = async (url: string) => (await (await fetch(`${url}/api/v1/export?match[]={__name__=~"vigil_.*"}`)).text()).trim().split("\n").sort();

  it("the migration Job's two containers copy every sample from the old volume into the new store", async () => {
    const { file } = await tree(CLUSTER);
    const job = file("migrate/vmsingle-to-cluster-job.yaml").spec.template.spec;
    const source: string[] = job.initContainers[0].args;
    const vmctl: string[] = job.containers[0].args;
    expect(vmctl).toContain("--vm-native-dst-addr=http://vminsert-vm.monitoring.svc:8480/insert/0/prometheus");

    // The old VMSingle's volume, with a year of samples in it.
    const oldData = join(dir, "old");
    const before = await startVm([`-storageDataPath=${oldData}`, "-retentionPeriod=100y"]);
    const now = Date.now();
    const lines = Array.from({ length: 120 }, (_, i) => `vigil_migrate_test{series="${i % 6}"} ${i} ${now - (120 - i) * 3 * 86400_000}`);
    expect((await fetch(`${before}/api/v1/import/prometheus`, { method: "POST", body: lines.join("\n") + "\n" })).status).toBe(204);
    await fetch(`${before}/internal/force_flush`);
    const expected = await exportSeries(before);
    expect(expected).toHaveLength(6);
    await stop(procs.pop()!);

    // The Job's sidecar on that volume (only the data folder and the address swapped); vmctl copies into a
    // second single node standing in for vminsert, whose /insert/0/prometheus prefix a single node does not have.
    const sidecar = await startVm(source.filter((a) => !a.startsWith("-httpListenAddr=")).map((a) => a.replace(`-storageDataPath=${VM_DATA_PATH}`, `-storageDataPath=${oldData}`)));
    const target = await startVm([`-storageDataPath=${join(dir, "new")}`, "-retentionPeriod=100y"]);
    // -s (no confirmation prompt) is newer than Debian's vmctl 1.79, which never prompts: left out here.
    expect(vmctl.slice(0, 2)).toEqual(["vm-native", "-s"]);
    const args = vmctl
      .filter((a) => a !== "-s")
      .map((a) => a.replace(/^--vm-native-src-addr=.*/, `--vm-native-src-addr=${sidecar}`).replace(/^--vm-native-dst-addr=.*/, `--vm-native-dst-addr=${target}`));
    // Debian's vmctl 1.79 draws progress bars and fails without a terminal (fixed in v1.90.0,
    // VictoriaMetrics issue #4432; the Job's v1.150.0 runs without one): give it a pseudo-terminal.
    const quoted = ["vmctl", ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
    const copy = await run("script", ["-qec", quoted, "/dev/null"]);
    expect(copy.code, copy.output).toBe(0);
    await fetch(`${target}/internal/force_flush`);
    expect(await exportSeries(target)).toEqual(expected);
    console.log(`migration: ${expected.length} series, ${lines.length} samples over a year copied by vmctl vm-native`);
  });
});

describe.runIf(toolsAvailable(["victoria-metrics"], "the storage families vmstorage shares with the single node"))("vmstorage's storage families", () => {
  it("are the ones a real VictoriaMetrics storage exports (lib/storage, shared by VMSingle and vmstorage)", async () => {
    const data = mkdtempSync(join(tmpdir(), "vigil-vmstorage-"));
    const port = await freePort();
    const p = spawn("victoria-metrics", [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${data}`], { stdio: "ignore" });
    try {
      expect(await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 30)).toBe(true);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const names = new Set(text.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(/[{ ]/)[0]));
      expect(VM_STORAGE_FAMILIES.filter((n) => !names.has(n))).toEqual([]);
    } finally {
      await stop(p);
      rmSync(data, { recursive: true, force: true });
    }
  });
});
