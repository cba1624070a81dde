// Schema validation of every generated object: vigil's own check (run by `vigil build`) and,
// independently, the upstream CRDs in ../shared/reference.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/parse.js";
import { generate } from "../src/pipeline.js";
import { checkSchemas } from "../src/checks/schema.js";
import { COMPONENTS } from "../src/components/index.js";
import { defineComponent } from "../src/components/types.js";
import { referenceAvailable } from "./helpers.js";
import { validateCustomResource } from "./reference.js";
import { CLUSTER_CASES } from "./variants.js";
import { buildCluster } from "./helpers.js";

async function generated(input: unknown, components = COMPONENTS) {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  return generate(parsed.config, { source: "test", components });
}

describe("vigil's schema check", () => {
  for (const [name, input, cluster] of CLUSTER_CASES) {
    it(`${name}: every object is valid`, async () => {
      const gen = await buildCluster(input, cluster);
      expect(gen.output.objects.length).toBeGreaterThan(0);
      expect(gen.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    });
  }

  it("catches unknown fields, wrong types and kinds it has no schema for", async () => {
    const problems = await checkSchemas([
      {
        file: "bootstrap/x.yaml",
        object: {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "ApplicationSet",
          metadata: { name: "x" },
          spec: { generators: [{ git: { repoURL: "r", revision: "HEAD" } }], template: { metadata: { name: "a" }, spec: { project: "default", source: { repoURL: "r" }, destination: {}, syncPolicy: { automatic: {} } } } },
        },
      },
      { file: "monitoring/a/pvc.yaml", object: { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { storageClass: "fast", accessModes: "ReadWriteOnce" } } },
      { file: "monitoring/a/x.yaml", object: { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } } },
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      'bootstrap/x.yaml: ApplicationSet/x: /spec/template/spec/syncPolicy: unknown field "automatic"',
      "monitoring/a/pvc.yaml: PersistentVolumeClaim/data: /spec/accessModes: must be array",
      'monitoring/a/pvc.yaml: PersistentVolumeClaim/data: /spec: unknown field "storageClass"',
      "monitoring/a/x.yaml: Widget/w: no schema for example.com/v1 Widget; vigil emits only kinds it can validate",
    ]);
  });

  it("makes the build fail, naming file, object and field, when a component emits an invalid object", async () => {
    const broken = defineComponent({
      name: "broken",
      description: "emits an invalid Grafana PVC",
      enabledWhen: () => true,
      render(ctx) {
        ctx.values("grafana", { extraObjects: [{ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "oops" }, spec: { resources: { requests: { storage: 5 } }, size: "1Gi" } }] });
      },
    });
    const gen = await generated({}, [...COMPONENTS, broken]);
    expect(gen.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([
      'monitoring/grafana/values.yaml (grafana.extraObjects[0]): PersistentVolumeClaim/oops: /spec: unknown field "size"',
    ]);
  });
});

describe.runIf(referenceAvailable("validation against the upstream CRDs"))("upstream CRDs", () => {
  for (const [name, input, cluster] of CLUSTER_CASES) {
    it(`${name}: every custom resource validates strictly against its CRD`, async () => {
      const gen = await buildCluster(input, cluster);
      const custom = gen.output.objects.filter((o) => o.object.apiVersion.includes(".") && !o.object.apiVersion.split("/")[0]!.endsWith(".k8s.io"));
      expect(custom.length).toBeGreaterThan(0);
      for (const { file, object } of custom) {
        const errors = validateCustomResource(object);
        expect(errors, `${file}: ${object.kind}/${object.metadata.name} has a CRD`).toBeDefined();
        expect(errors, `${file}: ${object.kind}/${object.metadata.name}`).toEqual([]);
      }
    });
  }

  it("the upstream check fails on an unknown field", () => {
    expect(validateCustomResource({ apiVersion: "argoproj.io/v1alpha1", kind: "ApplicationSet", metadata: { name: "x" }, spec: { generators: [], template: { metadata: {}, spec: { destination: {}, project: "p" } }, bogus: 1 } } as any)).toEqual([
      "/spec must NOT have additional properties 'bogus'",
    ]);
  });
});
