// StorageClasses vigil writes (storage.classes, issue 19 #6): Longhorn's and nfs-subdir-external-
// provisioner's with homelab parameters, used by the `longhorn` and `nfs` presets, and waited for.
import { describe, expect, it } from "vitest";
import { generate } from "../src/pipeline.js";
import { parsedConfig } from "./helpers.js";

const build = (input: Record<string, unknown>) => generate(parsedConfig(input), { source: "test" });
const classes = (g: Awaited<ReturnType<typeof build>>) => Object.fromEntries(g.output.objects.filter((o) => o.object.kind === "StorageClass").map((o) => [o.object.metadata.name, o.object as any]));

describe("storage.classes", () => {
  it("none unless asked; the presets keep their classes", async () => {
    const g = await build({ storage: { storageClass: "longhorn" } });
    expect(classes(g)).toEqual({});
    expect(g.plan.volumes.find((v) => v.volume === "metrics")!.storageClass).toBe("longhorn");
  });

  it("Longhorn: one replica per node up to 3, best-effort locality, Retain; the longhorn volumes use it, their apps wait for it", async () => {
    const one = await build({ storage: { storageClass: "longhorn", classes: { longhorn: {} } } });
    expect(one.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const lh = classes(one)["vigil-longhorn"];
    expect(lh).toMatchObject({ provisioner: "driver.longhorn.io", reclaimPolicy: "Retain", allowVolumeExpansion: true, parameters: { numberOfReplicas: "1", dataLocality: "best-effort", fsType: "ext4" } });
    expect(one.output.objects.find((o) => o.object.kind === "StorageClass")!.file).toBe("monitoring/storage-classes/storageclass-vigil-longhorn.yaml");
    expect(new Set(one.plan.volumes.map((v) => v.storageClass))).toEqual(new Set(["vigil-longhorn"]));
    expect(one.parts.order.filter((o) => o.after === "storage-classes").map((o) => o.app).sort()).toEqual(["grafana", "victoria-logs", "victoria-metrics"]);
    const five = await build({ cluster: { nodes: 5 }, storage: { storageClass: "longhorn", classes: { longhorn: { reclaimPolicy: "Delete", dataLocality: "disabled" } } } });
    expect(classes(five)["vigil-longhorn"]).toMatchObject({ reclaimPolicy: "Delete", parameters: { numberOfReplicas: "3", dataLocality: "disabled" } });
    const two = await build({ cluster: { nodes: 5 }, storage: { classes: { longhorn: { replicas: 2 } } } });
    expect(classes(two)["vigil-longhorn"].parameters.numberOfReplicas).toBe("2");
    // Written but unused (the volumes are on local-path): nobody waits for it.
    expect(two.parts.order.filter((o) => o.after === "storage-classes")).toEqual([]);
  });

  it("NFS: the provisioner's name, a folder per claim, what happens on delete; the nfs volumes use it", async () => {
    const g = await build({ storage: { logs: { storageClass: "nfs" }, classes: { nfs: { onDelete: "archive" } } } });
    const nfs = classes(g)["vigil-nfs"];
    expect(nfs).toMatchObject({ provisioner: "cluster.local/nfs-subdir-external-provisioner", reclaimPolicy: "Retain", parameters: { archiveOnDelete: "true", pathPattern: "${.PVC.namespace}/${.PVC.name}" } });
    expect(nfs.parameters.onDelete).toBeUndefined();
    expect(g.plan.volumes.find((v) => v.volume === "logs")!.storageClass).toBe("vigil-nfs");
    expect(g.plan.volumes.find((v) => v.volume === "metrics")!.storageClass).toBe("local-path");
    expect(classes(await build({ storage: { classes: { nfs: { provisioner: "nfs.lab/provisioner" } } } }))["vigil-nfs"]).toMatchObject({ provisioner: "nfs.lab/provisioner", parameters: { onDelete: "retain" } });
    // Still NFS to vigil: the TSDB there is warned about.
    const tsdb = await build({ storage: { storageClass: "nfs", classes: { nfs: {} } } });
    expect(tsdb.diagnostics.some((d) => d.severity === "warning" && /NFS/.test(d.message))).toBe(true);
  });

  it("bad input names the path and what is allowed", async () => {
    const { configErrors } = await import("./helpers.js");
    expect(configErrors({ storage: { classes: { longhorn: { replicas: 4 } } } }).join("\n")).toMatch(/storage\.classes\.longhorn\.replicas/);
    expect(configErrors({ storage: { classes: { nfs: { onDelete: "keep" } } } }).join("\n")).toMatch(/storage\.classes\.nfs\.onDelete.*retain.*delete.*archive/);
    expect(configErrors({ storage: { classes: { ceph: {} } } }).join("\n")).toMatch(/storage\.classes\.ceph/);
  });
});
