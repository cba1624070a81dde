import { generate } from "./src/pipeline.ts";
import { parsedConfig } from "./test/helpers.ts";
import { renderReleases } from "./src/render/index.ts";
const configs: Record<string, unknown> = {
  vm: { components: { traces: true }, apps: { proxmox: { hosts: ["10.0.0.1"] } }, backup: { metrics: { s3: { endpoint: "nas:9000", bucket: "backups" } } }, access: { ingress: {}, uis: { metrics: "https://m.lab" } } },
  prom: { metrics: { backend: "prometheus" }, logs: { backend: "loki", agent: "alloy" } },
  vlc: { cluster: { nodes: 3 }, logs: { mode: "cluster" } , metrics: { mode: "cluster" } },
};
const walk = (o: any, path: string[], out: [string, string][]) => {
  if (!o || typeof o !== "object") return;
  for (const [k, v] of Object.entries(o)) {
    if (k === "image" && typeof v === "string") out.push([path.join("."), v]);
    else if (k === "image" && v && typeof v === "object") out.push([path.join("."), JSON.stringify(v)]);
    else walk(v, [...path, k], out);
  }
};
for (const [name, input] of Object.entries(configs)) {
  const g = await generate(parsedConfig(input), { source: "x" });
  const errs = g.diagnostics.filter(d => d.severity === "error"); if (errs.length) console.log(errs);
  const r = await renderReleases(g.output.releases, { chartsDir: "/tmp/vigil-charts", helm: ".cache/helm/helm" });
  console.log("== " + name);
  for (const rel of r.releases) {
    if (!rel.objects) { console.log(rel.release.release, rel.error ?? rel.unavailable); continue; }
    const out: [string, string][] = [];
    for (const o of rel.objects) walk(o.object, [`${o.object.kind}/${o.object.metadata?.name}`], out);
    for (const [p, i] of out) console.log(`  ${rel.release.release}: ${p} = ${i}`);
  }
  for (const o of g.output.objects) { const out: [string, string][] = []; walk(o.object, [`${o.object.kind}/${o.object.metadata?.name}`], out); for (const [p, i] of out) console.log(`  (vigil) ${p} = ${i}`); }
}
