// Backups of VictoriaMetrics: the generated CronJob and restore Job, and a real round trip with
// Debian's victoria-metrics, vmbackup and vmrestore on 127.0.0.1. The commands are the generated
// ones; only what differs outside a cluster is swapped (data folder, VictoriaMetrics' address, and
// a local-filesystem destination instead of S3).
import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { generate } from "../src/pipeline.js";
import { parseConfig } from "../src/config/parse.js";
import { VM_DATA_PATH } from "../src/components/backup.js";
import { parsedConfig, toolsAvailable } from "./helpers.js";
import { freePort, run, stop, waitFor } from "./processes.js";

const BACKUP = { backup: { metrics: { s3: { endpoint: "minio.nas.lan:9000", bucket: "homelab-backups", insecure: true } } } };

async function generated(input: unknown) {
  const { output } = await generate(parsedConfig(input), { source: "test" });
  return output.files;
}

describe("metrics backup objects", () => {
  it("are absent unless backup.metrics is set", async () => {
    const files = await generated({});
    expect([...files.keys()].filter((f) => /backup|restore/.test(f))).toEqual([]);
  });

  it("a nightly CronJob reads the VMSingle's volume read-only, on its node, as nobody, with S3 keys from the Secret", async () => {
    const files = await generated(BACKUP);
    const cron = parse(files.get("monitoring/backup/cronjob-vmbackup.yaml")!);
    expect(cron.spec.schedule).toBe("30 3 * * *");
    expect(cron.spec.concurrencyPolicy).toBe("Forbid");
    const pod = cron.spec.jobTemplate.spec.template.spec;
    const [c] = pod.containers;
    expect(c.args).toEqual([
      `-storageDataPath=${VM_DATA_PATH}`,
      "-snapshot.createURL=http://vmsingle-vm.monitoring.svc:8428/snapshot/create",
      "-dst=s3://homelab-backups/vigil/metrics",
      "-customS3Endpoint=http://minio.nas.lan:9000",
    ]);
    expect(c.volumeMounts).toEqual([{ name: "data", mountPath: VM_DATA_PATH, readOnly: true }]);
    expect(pod.volumes).toEqual([{ name: "data", persistentVolumeClaim: { claimName: "vmsingle-vm", readOnly: true } }]);
    expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "vmsingle", "app.kubernetes.io/instance": "vm", "managed-by": "vm-operator" });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(c.env.map((e: { name: string; valueFrom?: { secretKeyRef: { name: string } } }) => [e.name, e.valueFrom?.secretKeyRef.name])).toEqual([
      ["AWS_ACCESS_KEY_ID", "vmbackup-s3"],
      ["AWS_SECRET_ACCESS_KEY", "vmbackup-s3"],
      ["AWS_REGION", undefined],
    ]);
    // The VMSingle runs as the same user, so the files are readable.
    const values = parse(files.get("monitoring/victoria-metrics/values.yaml")!)["victoria-metrics-k8s-stack"];
    expect(values.vmsingle.spec.useStrictSecurity).toBe(true);
  });

  it("the restore Job is written beside the tree, never synced, and the tree README says how to use it", async () => {
    const files = await generated(BACKUP);
    const job = parse(files.get("restore/vmrestore-job.yaml")!);
    expect(job.kind).toBe("Job");
    expect(job.spec.template.spec.containers[0].args).toEqual([`-src=s3://homelab-backups/vigil/metrics`, `-storageDataPath=${VM_DATA_PATH}`, "-customS3Endpoint=http://minio.nas.lan:9000"]);
    expect(job.spec.template.spec.volumes[0].persistentVolumeClaim).toEqual({ claimName: "vmsingle-vm", readOnly: false });
    expect([...files.keys()].some((f) => f.startsWith("monitoring/") && f.includes("restore"))).toBe(false);
    expect(files.get("monitoring/README.md")).toContain("restore/vmrestore-job.yaml");
  });

  it("the restore Job is checked like the tree's objects: schema and security", async () => {
    const g = await generate(parsedConfig(BACKUP), { source: "test" });
    expect(g.output.objects.map((o) => o.file)).toContain("restore/vmrestore-job.yaml");
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("bad input names the config path and what is allowed", () => {
    const r = parseConfig({ backup: { metrics: { s3: { endpoint: "https://minio:9000", bucket: "B" }, schedule: "daily" } } });
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
    expect(errors.join("\n")).toMatch(/backup\.metrics\.s3\.endpoint: .*host\[:port\]/);
    expect(errors.join("\n")).toMatch(/backup\.metrics\.s3\.bucket: .*bucket name/);
    expect(errors.join("\n")).toMatch(/backup\.metrics\.schedule: .*cron/);
  });
});

describe.runIf(toolsAvailable(["victoria-metrics", "vmbackup", "vmrestore"], "the metrics backup and restore round trip"))("backup and restore round trip with the real tools", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-backup-"));
  const procs: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(procs.map(stop));
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const startVm = async (data: string) => {
    const port = await freePort();
    const p = spawn("victoria-metrics", [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${data}`, "-retentionPeriod=100y", "-search.latencyOffset=0s"], { stdio: "ignore" });
    procs.push(p);
    const url = `http://127.0.0.1:${port}`;
    expect(await waitFor(async () => (await fetch(`${url}/health`)).ok, 30)).toBe(true);
    return { url, process: p };
  };
  const exportSeries = async (url: string) => (await (await fetch(`${url}/api/v1/export?match[]={__name__=~"vigil_.*"}`)).text()).trim().split("\n").sort();

  it("vmbackup of a live instance and vmrestore into an empty one give back every sample", async () => {
    const files = await generated(BACKUP);
    const backupArgs: string[] = parse(files.get("monitoring/backup/cronjob-vmbackup.yaml")!).spec.jobTemplate.spec.template.spec.containers[0].args;
    const restoreArgs: string[] = parse(files.get("restore/vmrestore-job.yaml")!).spec.template.spec.containers[0].args;
    const destination = `fs://${join(dir, "backup")}`;
    // Swap what differs outside a cluster; every other argument stays as generated.
    const local = (args: string[], vars: { data: string; vm?: string }) =>
      args
        .filter((a) => !a.startsWith("-customS3Endpoint="))
        .map((a) =>
          a
            .replace(`-storageDataPath=${VM_DATA_PATH}`, `-storageDataPath=${vars.data}`)
            .replace(/^-snapshot\.createURL=http:\/\/[^/]+/, `-snapshot.createURL=${vars.vm}`)
            .replace(/^-(dst|src)=s3:\/\/.*$/, `-$1=${destination}`),
        );

    const source = join(dir, "source");
    const vm = await startVm(source);
    const now = Date.now();
    const lines = Array.from({ length: 50 }, (_, i) => `vigil_backup_test{series="${i % 5}"} ${i} ${now - (50 - i) * 60_000}`);
    expect((await fetch(`${vm.url}/api/v1/import/prometheus`, { method: "POST", body: lines.join("\n") + "\n" })).status).toBe(204);
    await fetch(`${vm.url}/internal/force_flush`);
    const before = await exportSeries(vm.url);
    expect(before).toHaveLength(5);

    const backup = await run("vmbackup", local(backupArgs, { data: source, vm: vm.url }));
    expect(backup.code, backup.output).toBe(0);
    // vmbackup removed the snapshot it asked for.
    expect(await (await fetch(`${vm.url}/snapshot/list`)).json()).toMatchObject({ snapshots: [] });
    await stop(vm.process);

    const target = join(dir, "restored");
    const restore = await run("vmrestore", local(restoreArgs, { data: target }));
    expect(restore.code, restore.output).toBe(0);
    const restored = await startVm(target);
    expect(await exportSeries(restored.url)).toEqual(before);
    console.log(`backup round trip: ${before.length} series, ${lines.length} samples restored identically`);
  });
});
