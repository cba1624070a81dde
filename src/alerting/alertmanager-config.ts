// The Alertmanager configuration vigil generates: receivers per severity, a route tree with
// grouping and repeat intervals, inhibitions, quiet hours for warnings, and Watchdog to the
// heartbeat. Credentials are read from files: the backend's Alertmanager mounts the referenced
// Secrets at <secretsDir>/<name>/<key> (VMAlertmanager: /etc/vm/secrets).
import type { VigilConfig } from "../config/schema/index.js";
import type { SecretRef } from "../config/schema/alerting.js";
import { RECEIVERS } from "../config/schema/alerting.js";

type Alerting = VigilConfig["alerting"];
type ReceiverKind = (typeof RECEIVERS)[number];

/** Receiver names in the generated config; `vigil test` and the routing tests use them. */
export const RECEIVER_NAMES = { critical: "critical", warning: "warning", heartbeat: "heartbeat", nobody: "nobody" } as const;
export const QUIET_HOURS = "quiet-hours";
/** Where VMAlertmanager mounts the Secrets of spec.secrets. */
export const VM_SECRETS_DIR = "/etc/vm/secrets";

const secretPath = (dir: string, ref: SecretRef) => `${dir}/${ref.secret.name}/${ref.secret.key}`;

/** Receivers configured, in a stable order. */
export const configuredReceivers = (alerting: Alerting): ReceiverKind[] => RECEIVERS.filter((r) => alerting.receivers[r] !== undefined);

/** Who gets critical alerts and warnings: the configured lists, or the defaults. */
export function receiversFor(alerting: Alerting): { critical: ReceiverKind[]; warning: ReceiverKind[] } {
  const configured = configuredReceivers(alerting);
  return {
    critical: alerting.critical ?? configured,
    // Your phone is for critical alerts: Pushover only gets warnings when asked.
    warning: alerting.warning ?? configured.filter((r) => r !== "pushover"),
  };
}

/** Secrets the VMAlertmanager must mount, for every credential referenced. */
export function referencedSecrets(alerting: Alerting): string[] {
  return [...new Set(secretRefs(alerting).map((r) => r.secret.name))].sort();
}

/** Every credential the receivers and the heartbeat reference. */
export function secretRefs(alerting: Alerting): SecretRef[] {
  const refs: SecretRef[] = [];
  const collect = (v: unknown) => {
    if (v && typeof v === "object") {
      if ("secret" in v && typeof (v as SecretRef).secret?.name === "string") refs.push(v as SecretRef);
      else Object.values(v).forEach(collect);
    }
  };
  collect(alerting.receivers);
  collect(alerting.heartbeat);
  return refs;
}

const PUSHOVER_PRIORITY = (emergency: boolean) =>
  `{{ if eq .Status "firing" }}{{ if eq .CommonLabels.severity "critical" }}${emergency ? 2 : 1}{{ else }}0{{ end }}{{ else }}-1{{ end }}`;

/** The *_configs entries of one receiver kind. */
function integration(alerting: Alerting, kind: ReceiverKind, dir: string): Record<string, unknown[]> {
  const r = alerting.receivers;
  switch (kind) {
    case "pushover":
      return { pushover_configs: [{ user_key_file: secretPath(dir, r.pushover!.userKey), token_file: secretPath(dir, r.pushover!.token), priority: PUSHOVER_PRIORITY(r.pushover!.emergency), send_resolved: true }] };
    case "discord":
      return { discord_configs: [{ webhook_url_file: secretPath(dir, r.discord!.webhookUrl), send_resolved: true }] };
    case "slack":
      return { slack_configs: [{ api_url_file: secretPath(dir, r.slack!.webhookUrl), ...(r.slack!.channel ? { channel: r.slack!.channel } : {}), send_resolved: true }] };
    case "telegram":
      return { telegram_configs: [{ bot_token_file: secretPath(dir, r.telegram!.botToken), chat_id: r.telegram!.chatId, parse_mode: "HTML", send_resolved: true }] };
    case "email": {
      const e = r.email!;
      return {
        email_configs: [
          { to: e.to, from: e.from, smarthost: e.smarthost, require_tls: e.requireTLS, ...(e.username ? { auth_username: e.username } : {}), ...(e.password ? { auth_password_file: secretPath(dir, e.password) } : {}), send_resolved: true },
        ],
      };
    }
    case "ntfy": {
      const n = r.ntfy!;
      // ntfy (2.14+) renders Alertmanager's JSON itself with its predefined "alertmanager" template;
      // it caps messages at 4096 bytes, so a notification carries at most 10 alerts.
      return {
        webhook_configs: [{ url: `${n.url}?template=alertmanager`, max_alerts: 10, ...(n.token ? { http_config: { authorization: { credentials_file: secretPath(dir, n.token) } } } : {}), send_resolved: true }],
      };
    }
    case "webhook":
      return { webhook_configs: [{ url_file: secretPath(dir, r.webhook!.url), send_resolved: true }] };
  }
}

/** One receiver fanning out to several integrations. */
function receiver(alerting: Alerting, name: string, kinds: ReceiverKind[], dir: string) {
  const out: Record<string, unknown> = { name };
  for (const kind of kinds) for (const [key, list] of Object.entries(integration(alerting, kind, dir))) out[key] = [...((out[key] as unknown[]) ?? []), ...list];
  return out;
}

/** Quiet hours as Alertmanager time ranges; a range across midnight becomes two. */
function quietHours(q: NonNullable<Alerting["quietHours"]>) {
  const times = q.start < q.end ? [{ start_time: q.start, end_time: q.end }] : [{ start_time: q.start, end_time: "24:00" }, { start_time: "00:00", end_time: q.end }];
  return { name: QUIET_HOURS, time_intervals: [{ times, location: q.timezone }] };
}

export function alertmanagerConfig(alerting: Alerting, dir = VM_SECRETS_DIR): Record<string, unknown> {
  const to = receiversFor(alerting);
  const m = (s: string) => [s];
  return {
    route: {
      receiver: RECEIVER_NAMES.nobody,
      group_by: ["alertname", "cluster", "namespace"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "12h",
      routes: [
        // The always-firing Watchdog pings the dead man's switch; when the pings stop, it alerts you.
        {
          receiver: RECEIVER_NAMES.heartbeat,
          matchers: m('alertname="Watchdog"'),
          group_wait: "0s",
          group_interval: alerting.heartbeat?.interval ?? "1m",
          repeat_interval: alerting.heartbeat?.interval ?? "1m",
        },
        { receiver: RECEIVER_NAMES.nobody, matchers: m('alertname="InfoInhibitor"') },
        { receiver: RECEIVER_NAMES.critical, matchers: m('severity="critical"'), repeat_interval: alerting.repeat.critical },
        {
          receiver: RECEIVER_NAMES.warning,
          matchers: m('severity="warning"'),
          repeat_interval: alerting.repeat.warning,
          ...(alerting.quietHours ? { mute_time_intervals: [QUIET_HOURS] } : {}),
        },
        // Info alerts are for dashboards, not for people.
        { receiver: RECEIVER_NAMES.nobody, matchers: m('severity="info"') },
      ],
    },
    inhibit_rules: [
      // A critical alert silences the warning and info alerts of the same thing.
      { source_matchers: m('severity="critical"'), target_matchers: m('severity=~"warning|info"'), equal: ["alertname", "cluster", "namespace"] },
      { source_matchers: m('severity="warning"'), target_matchers: m('severity="info"'), equal: ["alertname", "cluster", "namespace"] },
      // A node that is down or not ready silences the warnings about what ran on it.
      { source_matchers: m('alertname=~"NodeDown|KubeNodeNotReady"'), target_matchers: m('severity="warning"'), equal: ["cluster", "node"] },
      // InfoInhibitor fires while a namespace has only info alerts: they stay quiet.
      { source_matchers: m('alertname="InfoInhibitor"'), target_matchers: m('severity="info"'), equal: ["cluster", "namespace"] },
    ],
    ...(alerting.quietHours ? { time_intervals: [quietHours(alerting.quietHours)] } : {}),
    receivers: [
      { name: RECEIVER_NAMES.nobody },
      receiver(alerting, RECEIVER_NAMES.critical, to.critical, dir),
      receiver(alerting, RECEIVER_NAMES.warning, to.warning, dir),
      alerting.heartbeat
        ? { name: RECEIVER_NAMES.heartbeat, webhook_configs: [{ url_file: secretPath(dir, alerting.heartbeat.url), send_resolved: false }] }
        : { name: RECEIVER_NAMES.heartbeat },
    ],
  };
}
