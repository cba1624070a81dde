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
    ["UIs without a way in", { access: { uis: { metrics: "https://metrics.lab" } } }, "access.uis", /needs access\.gateway .* or access\.ingress/],
    ["a logs UI on Loki", { logs: { backend: "loki" }, access: { ingress: {}, uis: { logs: "https://logs.lab" } } }, "access.uis.logs", /Loki has no UI/],
    ["an Alertmanager UI without Alertmanager", { components: { alertmanager: false }, access: { ingress: {}, uis: { alertmanager: "https://am.lab" } } }, "access.uis.alertmanager", /needs Alertmanager/],
    ["UIs that name no UI", { access: { ingress: {}, uis: { username: "me" } } }, "access.uis", /names no UI/],
    ["one host for two UIs", { access: { ingress: {}, grafana: { url: URL_ }, uis: { metrics: URL_ } } }, "access.uis", /used by two UIs/],
    ["a user name with a colon", { access: { ingress: {}, uis: { metrics: "https://m.lab", username: "a:b" } } }, "access.uis.username", /no ':'/],
  ])("refuses %s, naming the path", (_, input, path, message) => {
    const r = parseConfig(input);
    expect(r.ok).toBe(false);
    const e = r.ok ? [] : r.errors;
    expect(e.map((d) => d.path)).toEqual([path]);
    expect(e[0]!.message).toMatch(message);
  });
});

describe("the UIs behind vmauth", () => {
  const uis = { metrics: "https://metrics.lab.example.com", logs: "https://logs.lab.example.com", alerts: "https://alerts.lab.example.com", alertmanager: "https://alertmanager.lab.example.com" };

  it("one VMUser routes each host to its UI, reads its password from a Secret, and copies it nowhere", async () => {
    const f = await files({ access: { ingress: {}, uis: { ...uis, username: "me", passwordSecret: "lab-login" } } });
    const user = parse(f.get("monitoring/access/vmuser-vigil-ui.yaml")!);
    const vmauth = parse(f.get("monitoring/access/vmauth-vm.yaml")!);
    // The VMAuth selects the user by label (without a selector it would select nobody).
    expect(Object.entries(vmauth.spec.userSelector.matchLabels).every(([k, v]) => user.metadata.labels[k] === v)).toBe(true);
    expect(vmauth.spec.useStrictSecurity).toBe(true);
    expect(user.spec).toMatchObject({ username: "me", passwordRef: { name: "lab-login", key: "password" }, disable_secret_creation: true });
    expect(user.spec.targetRefs.map((t: any) => [t.crd?.kind ?? t.static.url, t.hosts, t.paths])).toEqual([
      ["VMSingle", ["metrics\\.lab\\.example\\.com(:\\d+)?"], [".*"]],
      ["http://victoria-logs.monitoring.svc:9428", ["logs\\.lab\\.example\\.com(:\\d+)?"], [".*"]],
      ["VMAlert", ["alerts\\.lab\\.example\\.com(:\\d+)?"], [".*"]],
      ["VMAlertmanager", ["alertmanager\\.lab\\.example\\.com(:\\d+)?"], [".*"]],
    ]);
    const ing = parse(f.get("monitoring/access/ingress-vmauth.yaml")!);
    expect(ing.spec.rules.map((r: any) => [r.host, r.http.paths[0].backend.service.name, r.http.paths[0].backend.service.port.number])).toEqual(
      Object.values(uis).map((u) => [new URL(u).hostname, "vmauth-vm", 8427]),
    );
    expect(f.get("monitoring/README.md")).toMatch(/`lab-login` \| `password` \| basic-auth password of the UIs behind vmauth/);
  });

  it("vmauth matches each host exactly (anchored, dots literal), with or without a port, and every path including the bare /", async () => {
    const f = await files({ access: { gateway: { name: "g", namespace: "gw" }, uis } });
    const ref = parse(f.get("monitoring/access/vmuser-vigil-ui.yaml")!).spec.targetRefs[0];
    // vmauth anchors src_hosts and src_paths as ^(?:...)$ and matches the Host header and the path
    // ("/" becomes the empty path) against them.
    const matches = (pattern: string, s: string) => new RegExp(`^(?:${pattern})$`).test(s);
    expect(["metrics.lab.example.com", "metrics.lab.example.com:443"].map((h) => matches(ref.hosts[0], h))).toEqual([true, true]);
    expect(["metricsXlab.example.com", "evil.metrics.lab.example.com", "metrics.lab.example.com.evil.io"].map((h) => matches(ref.hosts[0], h))).toEqual([false, false, false]);
    expect(["", "/", "/vmui/", "/api/v1/query"].map((p) => matches(ref.paths[0], p))).toEqual([true, true, true, true]);
    expect(matches("/.*", "")).toBe(false); // why the path is ".*" and not the default "/.*"
  });
});

describe("Grafana single sign-on", () => {
  const SSO = {
    authUrl: "https://auth.lab.example.com/application/o/authorize/",
    tokenUrl: "https://auth.lab.example.com/application/o/token/",
    apiUrl: "https://auth.lab.example.com/application/o/userinfo/",
    clientId: "grafana",
    clientSecret: { secret: { name: "grafana-oauth", key: "client-secret" } },
    roleAttributePath: "contains(groups, 'admins') && 'Admin' || 'Viewer'",
  };

  it("generic_oauth with PKCE; the client secret comes from the Secret through Grafana's environment override, never in the values", async () => {
    const g = await generate(parsedConfig({ access: { ingress: {}, grafana: { url: URL_ } }, grafana: { sso: { ...SSO, name: "Authentik", disableLoginForm: true } } }), { source: "test" });
    const v = parse(g.output.files.get("monitoring/grafana/values.yaml")!).grafana;
    expect(v["grafana.ini"]["auth.generic_oauth"]).toEqual({
      enabled: true,
      name: "Authentik",
      client_id: "grafana",
      scopes: "openid profile email",
      auth_url: SSO.authUrl,
      token_url: SSO.tokenUrl,
      api_url: SSO.apiUrl,
      use_pkce: true,
      allow_sign_up: true,
      role_attribute_path: SSO.roleAttributePath,
    });
    expect(v["grafana.ini"].auth).toEqual({ disable_login_form: true });
    expect(v.envValueFrom).toEqual({ GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: "grafana-oauth", key: "client-secret" } } });
    expect(g.parts.secrets.find((s) => s.name === "grafana-oauth")).toEqual({ name: "grafana-oauth", keys: ["client-secret"], purpose: "Grafana's OAuth client secret" });
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("refuses a client secret in plain text, and SSO without Grafana's public address", () => {
    const plain = parseConfig({ access: { ingress: {}, grafana: { url: URL_ } }, grafana: { sso: { ...SSO, clientSecret: "s3cr3t" } } });
    expect(plain.ok ? [] : plain.errors.map((e) => [e.path, e.message])).toEqual([["grafana.sso.clientSecret", expect.stringContaining('reference a Secret instead, e.g. { secret: { name: "grafana-oauth", key: "grafana-oauth-client-secret" } }')]]);
    const noUrl = parseConfig({ grafana: { sso: SSO } });
    expect(noUrl.ok ? [] : noUrl.errors.map((e) => e.path)).toEqual(["grafana.sso"]);
  });
});
