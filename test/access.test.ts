// Grafana from outside the cluster: an HTTPRoute on the user's Gateway or an Ingress, and
// Grafana's root_url; the options that cannot work together are refused with their path.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generate } from "../src/pipeline.js";
import { parseConfig } from "../src/config/parse.js";
import { parsedConfig } from "./helpers.js";

const files = async (input: unknown) => (await generate(parsedConfig(input), { source: "test" })).output.files;
const URL_ = "https://grafana.lab.example.com";

describe("access to Grafana", () => {
  it("nothing is exposed by default", async () => {
    const f = await files({});
    expect([...f.keys()].filter((k) => k.startsWith("monitoring/access/"))).toEqual([]);
    expect(parse(f.get("monitoring/grafana/values.yaml")!).grafana["grafana.ini"].server).toBeUndefined();
  });

  it("an HTTPRoute attaches to the Gateway's listener, routes the URL's host to Grafana's Service, and Grafana knows its address", async () => {
    const f = await files({ access: { gateway: { name: "homelab", namespace: "gateway", sectionName: "https" }, grafana: { url: URL_ } } });
    const route = parse(f.get("monitoring/access/httproute-grafana.yaml")!);
    expect(route.spec.parentRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "homelab", namespace: "gateway", sectionName: "https" }]);
    expect(route.spec.hostnames).toEqual(["grafana.lab.example.com"]);
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: "grafana", port: 80 }]);
    expect(parse(f.get("monitoring/grafana/values.yaml")!).grafana["grafana.ini"].server.root_url).toBe(`${URL_}/`);
  });

  it("an Ingress for Traefik with TLS from a Secret", async () => {
    const f = await files({ access: { ingress: { tlsSecret: "grafana-tls" }, grafana: { url: URL_ } } });
    const ing = parse(f.get("monitoring/access/ingress-grafana.yaml")!);
    expect(ing.spec.ingressClassName).toBe("traefik");
    expect(ing.spec.rules[0].host).toBe("grafana.lab.example.com");
    expect(ing.spec.rules[0].http.paths[0].backend.service).toEqual({ name: "grafana", port: { number: 80 } });
    expect(ing.spec.tls).toEqual([{ hosts: ["grafana.lab.example.com"], secretName: "grafana-tls" }]);
  });

  it.each([
    ["a URL without a way in", { access: { grafana: { url: URL_ } } }, "access.grafana", /needs access\.gateway .* or access\.ingress/],
    ["both a Gateway and an Ingress", { access: { gateway: { name: "g", namespace: "gw" }, ingress: {}, grafana: { url: URL_ } } }, "access.ingress", /either access\.gateway or access\.ingress/],
    ["a URL with a path", { access: { ingress: {}, grafana: { url: `${URL_}/grafana` } } }, "access.grafana.url", /root of a host/],
    ["not a URL", { access: { ingress: {}, grafana: { url: "grafana.lab" } } }, "access.grafana.url", /http\(s\) URL/],
    ["Grafana switched off", { components: { grafana: false }, access: { ingress: {}, grafana: { url: URL_ } } }, "access.grafana", /Grafana is switched off/],
  ])("refuses %s, naming the path", (_, input, path, message) => {
    const r = parseConfig(input);
    expect(r.ok).toBe(false);
    const e = r.ok ? [] : r.errors;
    expect(e.map((d) => d.path)).toEqual([path]);
    expect(e[0]!.message).toMatch(message);
  });
});
