// The real tools' checks of the generated alerting: promtool (rules and their unit tests) and
// amtool (Alertmanager config and routing). Used by `vigil test` and by vigil's own test suite.
// Debian's builds are early 2023 (promtool 2.42, amtool 0.25): where the generated config uses
// newer syntax, the file given to amtool is converted to the subset it knows (see COMPAT_FIELDS).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Stack } from "../model/stack.js";
import type { Parts } from "../model/parts.js";
import { toYaml } from "../emit/yaml.js";
import { ruleLibrary } from "../rules/index.js";
import type { AlertDef } from "../rules/types.js";
import { alertmanagerConfig, RECEIVER_NAMES, routeReceiver } from "../alerting/alertmanager-config.js";
import type { VigilConfig } from "../config/schema/index.js";

type Alerting = VigilConfig["alerting"];

/** The rule groups in Prometheus's rule-file format (what promtool reads). */
export function prometheusRuleFile(parts: Parts, options: { annotations: boolean } = { annotations: true }): string {
  // promtool knows PromQL only: LogsQL groups (type vlogs) are not in its file.
  return toYaml({
    groups: parts.ruleGroups.filter((g) => g.type !== "vlogs").map((g) => ({
      name: g.name,
      rules: g.rules.map(({ annotations, ...r }) => (options.annotations && annotations ? { ...r, annotations } : r)),
    })),
  });
}

/** The definitions (with their unit tests) of the alerts the build generated. */
export function generatedAlerts(stack: Stack, parts: Parts): AlertDef[] {
  const names = new Set(parts.ruleGroups.flatMap((g) => g.rules.map((r) => r.alert).filter(Boolean)));
  return ruleLibrary({ stack, thresholds: stack.config.alerting.thresholds })
    .flatMap((g) => g.alerts)
    .filter((a) => names.has(a.alert));
}

/**
 * promtool unit tests: each alert fires on its bad series with exactly the expected labels and stays
 * silent on its healthy ones. The rule file under test has no annotations, since promtool compares
 * them too and they are templates (`promtool check rules` validates those).
 */
export function promtoolTests(stack: Stack, parts: Parts, ruleFile: string): string {
  const tests = generatedAlerts(stack, parts).flatMap((a) => {
    const firing = {
      name: `${a.alert} fires`,
      interval: "1m",
      input_series: a.test.firing.series,
      alert_rule_test: [{ eval_time: a.test.firing.at, alertname: a.alert, exp_alerts: [{ exp_labels: { ...a.test.firing.labels, severity: a.severity } }] }],
    };
    const healthy = a.test.healthy && {
      name: `${a.alert} stays silent`,
      interval: "1m",
      input_series: a.test.healthy.series,
      alert_rule_test: [{ eval_time: a.test.healthy.at, alertname: a.alert, exp_alerts: [] }],
    };
    return healthy ? [firing, healthy] : [firing];
  });
  return toYaml({ rule_files: [ruleFile], evaluation_interval: "1m", tests });
}

/**
 * *_file settings amtool 0.25 rejects as unknown fields, and the inline field it knows instead
 * (Alertmanager changelog and PRs; slack api_url_file and email auth_password_file are older).
 */
export const COMPAT_FIELDS: Record<string, string> = {
  user_key_file: "user_key", // pushover, Alertmanager 0.26 (#3200)
  token_file: "token", // pushover, 0.26 (#3200)
  url_file: "url", // webhook, 0.26 (#3223)
  bot_token_file: "bot_token", // telegram, 0.26 (#3226)
  webhook_url_file: "webhook_url", // discord, 0.27 (#3555)
};

/** Integrations amtool 0.25 does not know, checked as the webhook they are closest to. */
const COMPAT_INTEGRATIONS: Record<string, string> = { msteamsv2_configs: "webhook_configs" }; // 0.28 (#4024)
/** Fields of known integrations amtool 0.25 does not know: left out of the test copy. */
const COMPAT_DROPPED = new Set(["content"]); // discord content, 0.28 (#4007)

/** The config with newer settings turned into the subset amtool 0.25 knows (placeholders for the *_file fields). */
export function compatAlertmanagerConfig(config: unknown): unknown {
  if (Array.isArray(config)) return config.map(compatAlertmanagerConfig);
  if (!config || typeof config !== "object") return config;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (COMPAT_DROPPED.has(k)) continue;
    const integration = COMPAT_INTEGRATIONS[k];
    if (integration) {
      out[integration] = [...((out[integration] as unknown[]) ?? []), ...(v as unknown[]).map(() => ({ url: "https://placeholder.invalid/vigil-test" }))];
      continue;
    }
    const inline = COMPAT_FIELDS[k];
    if (inline) out[inline] = inline.includes("url") ? "https://placeholder.invalid/vigil-test" : "placeholder";
    else out[k] = compatAlertmanagerConfig(v);
  }
  return out;
}

export interface RoutingCase {
  labels: Record<string, string>;
  /** Alertmanager's receivers, in routing order. */
  receiver: string;
}

/**
 * What routing must do: critical to the pager, warning to chat, Watchdog to the heartbeat, info to
 * nobody; and each of alerting.routes takes the alerts it matches (and passes them on with continue).
 */
export function routingCases(alerting?: Alerting): RoutingCase[] {
  const base: RoutingCase[] = [
    { labels: { alertname: "NodeDown", severity: "critical", cluster: "lab" }, receiver: RECEIVER_NAMES.critical },
    { labels: { alertname: "NodeHighMemory", severity: "warning", cluster: "lab" }, receiver: RECEIVER_NAMES.warning },
    // Flux's notification-controller posts its error events with severity error (components/flux-notifications.ts).
    { labels: { alertname: "FluxKustomizationReconciliationFailed", severity: "error", cluster: "lab", namespace: "flux-system" }, receiver: RECEIVER_NAMES.warning },
    { labels: { alertname: "Watchdog", severity: "none" }, receiver: RECEIVER_NAMES.heartbeat },
    { labels: { alertname: "KubeContainerOomKilled", severity: "info", namespace: "apps" }, receiver: RECEIVER_NAMES.nobody },
    { labels: { alertname: "InfoInhibitor", severity: "none", namespace: "apps" }, receiver: RECEIVER_NAMES.nobody },
  ];
  const routes = alerting?.routes ?? [];
  // The base cases must reach the top-level receivers: those a route takes over are left out.
  const cases = base.filter((c) => !routes.some((r) => routeTakes(r, c.labels)));
  for (const route of routes) {
    const labels: Record<string, string> = {
      alertname: route.alerts?.[0] ?? "NodeDown",
      ...(route.clusters ? { cluster: route.clusters[0]! } : {}),
      ...(route.namespaces ? { namespace: route.namespaces[0]! } : {}),
    };
    for (const severity of ["critical", "warning"] as const) {
      const mine = routeReceiver(route.name, severity);
      cases.push({ labels: { ...labels, severity }, receiver: route.continue ? `${mine},${RECEIVER_NAMES[severity]}` : mine });
    }
  }
  return cases;
}

/** Whether a route of alerting.routes matches these labels. */
const routeTakes = (route: Alerting["routes"][number], labels: Record<string, string>) =>
  (!route.clusters || route.clusters.includes(labels.cluster ?? "")) && (!route.namespaces || route.namespaces.includes(labels.namespace ?? "")) && (!route.alerts || route.alerts.includes(labels.alertname ?? ""));

export interface ToolResult {
  check: string;
  ok: boolean;
  output: string;
}

export function toolAvailable(tool: "promtool" | "amtool"): boolean {
  return spawnSync(tool, ["--version"], { encoding: "utf8" }).status === 0;
}

const run = (tool: string, args: string[], cwd: string): { ok: boolean; output: string } => {
  const r = spawnSync(tool, args, { cwd, encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
};

/** Runs every check with the real tools in a scratch folder; tools that are missing are reported, not skipped silently. */
export function runToolChecks(stack: Stack, parts: Parts): { results: ToolResult[]; missing: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "vigil-test-"));
  const results: ToolResult[] = [];
  const missing: string[] = [];
  try {
    if (!toolAvailable("promtool")) missing.push("promtool (Debian package prometheus)");
    else {
      writeFileSync(join(dir, "rules.yaml"), prometheusRuleFile(parts));
      writeFileSync(join(dir, "rules-for-tests.yaml"), prometheusRuleFile(parts, { annotations: false }));
      writeFileSync(join(dir, "tests.yaml"), promtoolTests(stack, parts, "rules-for-tests.yaml"));
      results.push({ check: "promtool check rules", ...run("promtool", ["check", "rules", "rules.yaml"], dir) });
      results.push({ check: "promtool test rules", ...run("promtool", ["test", "rules", "tests.yaml"], dir) });
    }
    if (stack.enabled.alertmanager) {
      if (!toolAvailable("amtool")) missing.push("amtool (Debian package prometheus-alertmanager)");
      else {
        writeFileSync(join(dir, "alertmanager.yaml"), toYaml(compatAlertmanagerConfig(alertmanagerConfig(stack.config.alerting))));
        results.push({ check: "amtool check-config", ...run("amtool", ["check-config", "alertmanager.yaml"], dir) });
        for (const c of routingCases(stack.config.alerting)) {
          const labels = Object.entries(c.labels).map(([k, v]) => `${k}=${v}`);
          const r = run("amtool", ["config", "routes", "test", "--config.file=alertmanager.yaml", `--verify.receivers=${c.receiver}`, ...labels], dir);
          results.push({ check: `amtool routes: ${labels.join(" ")} -> ${c.receiver}`, ...r });
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { results, missing };
}

export const toolVersion = (tool: string) => execFileSync(tool, ["--version"], { encoding: "utf8" }).split("\n")[0];
