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

type Receivers = Alerting["receivers"];
/** The settings of one receiver of a kind (a list entry without its name). */
type Settings<K extends ReceiverKind> = Exclude<NonNullable<Receivers[K]>, unknown[]>;

/** One receiver: its kind, its name (the kind, or a listed receiver's own) and its settings. */
export type NamedReceiver = { [K in ReceiverKind]: { kind: K; name: string; path: string; settings: Settings<K> } }[ReceiverKind];

/** Every receiver configured, in a stable order (kinds in RECEIVERS order, lists in theirs). */
export function namedReceivers(alerting: Alerting): NamedReceiver[] {
  const out: NamedReceiver[] = [];
  for (const kind of RECEIVERS) {
    const given = alerting.receivers[kind];
    if (given === undefined) continue;
    if (Array.isArray(given)) given.forEach(({ name, ...settings }, i) => out.push({ kind, name, path: `alerting.receivers.${kind}[${i}]`, settings } as NamedReceiver));
    else out.push({ kind, name: kind, path: `alerting.receivers.${kind}`, settings: given } as NamedReceiver);
  }
  return out;
}

/** Names of the receivers configured. */
export const configuredReceivers = (alerting: Alerting): string[] => namedReceivers(alerting).map((r) => r.name);

/** Kinds that only get critical alerts unless asked: your phone and your pager. */
const CRITICAL_ONLY: readonly ReceiverKind[] = ["pushover", "pagerduty"];

/** Who gets critical alerts and warnings: the configured lists, or the defaults. */
export function receiversFor(alerting: Alerting): { critical: string[]; warning: string[] } {
  const all = namedReceivers(alerting);
  return {
    critical: alerting.critical ?? all.map((r) => r.name),
    warning: alerting.warning ?? all.filter((r) => !CRITICAL_ONLY.includes(r.kind)).map((r) => r.name),
  };
}

/** Alertmanager's receivers of a route of alerting.routes. */
export const routeReceiver = (route: string, severity: "critical" | "warning") => `${route}-${severity}`;

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

const FIRING_CRITICAL = '{{ if and (eq .Status "firing") (eq .CommonLabels.severity "critical") }}';

/** The *_configs entries of one receiver. */
function integration(r: NamedReceiver, dir: string): Record<string, unknown[]> {
  switch (r.kind) {
    case "pushover": {
      const p = r.settings;
      return { pushover_configs: [{ user_key_file: secretPath(dir, p.userKey), token_file: secretPath(dir, p.token), priority: PUSHOVER_PRIORITY(p.emergency), send_resolved: true }] };
    }
    case "discord": {
      const d = r.settings;
      // content (Alertmanager 0.28, #4007) is the message text outside the embed: the only place a mention notifies.
      return { discord_configs: [{ webhook_url_file: secretPath(dir, d.webhookUrl), ...(d.mention ? { content: `${FIRING_CRITICAL}${d.mention}{{ end }}` } : {}), send_resolved: true }] };
    }
    case "slack": {
      const sl = r.settings;
      return { slack_configs: [{ api_url_file: secretPath(dir, sl.webhookUrl), ...(sl.channel ? { channel: sl.channel } : {}), send_resolved: true }] };
    }
    case "telegram":
      return { telegram_configs: [{ bot_token_file: secretPath(dir, r.settings.botToken), chat_id: r.settings.chatId, parse_mode: "HTML", send_resolved: true }] };
    case "email": {
      const e = r.settings;
      return {
        email_configs: [
          { to: e.to, from: e.from, smarthost: e.smarthost, require_tls: e.requireTLS, ...(e.username ? { auth_username: e.username } : {}), ...(e.password ? { auth_password_file: secretPath(dir, e.password) } : {}), send_resolved: true },
        ],
      };
    }
    case "ntfy": {
      const n = r.settings;
      // ntfy (2.14+) renders Alertmanager's JSON itself with its predefined "alertmanager" template;
      // it caps messages at 4096 bytes, so a notification carries at most 10 alerts.
      return {
        webhook_configs: [{ url: `${n.url}?template=alertmanager`, max_alerts: 10, ...(n.token ? { http_config: { authorization: { credentials_file: secretPath(dir, n.token) } } } : {}), send_resolved: true }],
      };
    }
    case "pagerduty":
      // Events API v2 takes critical, error, warning or info; vigil's severities map onto two of them.
      return { pagerduty_configs: [{ routing_key_file: secretPath(dir, r.settings.routingKey), severity: '{{ if eq .CommonLabels.severity "critical" }}critical{{ else }}warning{{ end }}', send_resolved: true }] };
    case "msteams":
      // msteamsv2 (Alertmanager 0.28, #4024) posts the Adaptive Card that Teams Workflows webhooks take.
      return { msteamsv2_configs: [{ webhook_url_file: secretPath(dir, r.settings.webhookUrl), send_resolved: true }] };
    case "webhook":
      return { webhook_configs: [{ url_file: secretPath(dir, r.settings.url), send_resolved: true }] };
  }
}

/** One Alertmanager receiver fanning out to several of the configured ones. */
function receiver(all: NamedReceiver[], name: string, members: string[], dir: string) {
  const out: Record<string, unknown> = { name };
  for (const member of all.filter((r) => members.includes(r.name))) {
    for (const [key, list] of Object.entries(integration(member, dir))) out[key] = [...((out[key] as unknown[]) ?? []), ...list];
  }
  return out;
}

/** Quiet hours as Alertmanager time ranges; a range across midnight becomes two. */
function quietHours(q: NonNullable<Alerting["quietHours"]>) {
  const times = q.start < q.end ? [{ start_time: q.start, end_time: q.end }] : [{ start_time: q.start, end_time: "24:00" }, { start_time: "00:00", end_time: q.end }];
  return { name: QUIET_HOURS, time_intervals: [{ times, location: q.timezone }] };
}

type Route = Alerting["routes"][number];

type Silence = Alerting["silences"][number];

/** Alertmanager's time interval of a silence of alerting.silences. */
export const silenceInterval = (name: string) => `silence-${name}`;

/** A silence's window; one across midnight becomes two ranges (parse.ts refuses that with weekdays). */
function silenceTimes(s: Silence) {
  const start = s.start ?? "00:00";
  const end = s.end ?? "24:00";
  const times = start < end ? [{ start_time: start, end_time: end }] : [{ start_time: start, end_time: "24:00" }, { start_time: "00:00", end_time: end }];
  return { name: silenceInterval(s.name), time_intervals: [{ times, ...(s.weekdays ? { weekdays: s.weekdays } : {}), location: s.timezone }] };
}

/**
 * Flux's notification-controller sends its error events with severity "error"
 * (components/flux-notifications.ts): they go where warnings go.
 */
const severityMatcher = (severity: "critical" | "warning") => (severity === "warning" ? 'severity=~"warning|error"' : 'severity="critical"');

/** The matchers of a route of alerting.routes: every condition it gives. */
export function routeMatchers(route: Pick<Route, "clusters" | "namespaces" | "alerts">): string[] {
  const anyOf = (label: string, values: string[] | undefined) => (values ? [values.length === 1 ? `${label}="${values[0]}"` : `${label}=~"${values.join("|")}"`] : []);
  return [...anyOf("cluster", route.clusters), ...anyOf("namespace", route.namespaces), ...anyOf("alertname", route.alerts)];
}

export function alertmanagerConfig(alerting: Alerting, dir = VM_SECRETS_DIR): Record<string, unknown> {
  const to = receiversFor(alerting);
  const all = namedReceivers(alerting);
  const m = (s: string) => [s];
  // Critical to its receivers, warnings to theirs (muted in quiet hours), info to nobody. Alertmanager
  // does not pass mute_time_intervals on to child routes (dispatch/route.go): each silence of
  // alerting.silences is a leaf of its own before the plain one, muted in its window.
  const leaves = (severity: "critical" | "warning", receiver: string) => {
    const quiet = severity === "warning" && alerting.quietHours ? [QUIET_HOURS] : [];
    const base = { receiver, repeat_interval: alerting.repeat[severity] };
    return [
      ...alerting.silences.map((s) => ({ ...base, matchers: [severityMatcher(severity), ...routeMatchers(s)], mute_time_intervals: [silenceInterval(s.name), ...quiet] })),
      { ...base, matchers: m(severityMatcher(severity)), ...(quiet.length ? { mute_time_intervals: quiet } : {}) },
    ];
  };
  const bySeverity = (critical: string, warning: string) => [
    ...leaves("critical", critical),
    ...leaves("warning", warning),
    // Info alerts are for dashboards, not for people.
    { receiver: RECEIVER_NAMES.nobody, matchers: m('severity="info"') },
  ];
  const routes = alerting.routes.map((r) => ({
    receiver: RECEIVER_NAMES.nobody,
    matchers: routeMatchers(r),
    ...(r.continue ? { continue: true } : {}),
    routes: bySeverity(routeReceiver(r.name, "critical"), routeReceiver(r.name, "warning")),
  }));
  const routeReceivers = alerting.routes.flatMap((r) => [
    receiver(all, routeReceiver(r.name, "critical"), r.critical ?? to.critical, dir),
    receiver(all, routeReceiver(r.name, "warning"), r.warning ?? to.warning, dir),
  ]);
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
        ...routes,
        ...bySeverity(RECEIVER_NAMES.critical, RECEIVER_NAMES.warning),
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
    ...(alerting.quietHours || alerting.silences.length ? { time_intervals: [...(alerting.quietHours ? [quietHours(alerting.quietHours)] : []), ...alerting.silences.map(silenceTimes)] } : {}),
    receivers: [
      { name: RECEIVER_NAMES.nobody },
      receiver(all, RECEIVER_NAMES.critical, to.critical, dir),
      receiver(all, RECEIVER_NAMES.warning, to.warning, dir),
      ...routeReceivers,
      alerting.heartbeat
        ? { name: RECEIVER_NAMES.heartbeat, webhook_configs: [{ url_file: secretPath(dir, alerting.heartbeat.url), send_resolved: false }] }
        : { name: RECEIVER_NAMES.heartbeat },
    ],
  };
}
