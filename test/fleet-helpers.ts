// What the fleet tests share: the fleet they build, and how they look into a member's output.
import { generateFleet, type GeneratedFleet, type GeneratedMember } from "../src/pipeline.js";
import { parsedConfig } from "./helpers.js";

export const FLEET_BASE = {
  storage: { storageClass: "local-path" },
  fleet: {
    hub: "hub",
    ingest: { address: "100.64.0.2" },
    clusters: { hub: {}, home: { cluster: { nodes: 1 } }, lab: { cluster: { distribution: "talos", nodes: 3 }, gitops: { target: "flux" } } },
    hosts: { nas: { os: "nixos" }, pi: { os: "debian" } },
  },
};

export async function fleetOf(input: unknown): Promise<GeneratedFleet> {
  return generateFleet(parsedConfig(input), { source: "test" });
}
export const member = (f: GeneratedFleet, name: string): GeneratedMember => f.members.find((m) => m.member.name === name)!;
export const objectsOf = (m: GeneratedMember, kind: string) => m.output.objects.filter((o) => o.object.kind === kind).map((o) => o.object as any);
export const vmValues = (m: GeneratedMember) => m.parts.releases.find((r) => r.app === "victoria-metrics")!.values as any;
