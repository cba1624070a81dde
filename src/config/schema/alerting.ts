// Alerting: receivers (credentials only by reference to a Secret), routing by severity, quiet
// hours, the Watchdog heartbeat, thresholds and which rule groups run.
import { z } from "zod";
import { credential, dnsLabel, noCredentialsInUrl } from "./formats.js";

export { secretRef, type SecretRef } from "./formats.js";

const duration = z.string().regex(/^\d+(s|m|h)$/, { message: 'is not a duration; use e.g. "30m" or "4h"' });
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'is not a time of day; use HH:MM, e.g. "22:00"' });

export const RECEIVERS = ["pushover", "discord", "slack", "telegram", "email", "ntfy", "pagerduty", "msteams", "webhook"] as const;

/** The name alerting.critical, alerting.warning and alerting.routes use for a receiver. */
export const receiverName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,40}$/, { message: 'is not a receiver name; use lower-case letters, digits and "-", e.g. "monitoring-critical"' });

/**
 * One receiver of a kind (its name is the kind, e.g. "discord"), or several of it, each with a
 * name of its own (e.g. two Discord channels).
 */
function oneOrMore<S extends z.core.$ZodLooseShape>(shape: S, description: string) {
  const one = z.strictObject(shape);
  const many = z.array(z.strictObject({ name: receiverName.meta({ description: "Its name in alerting.critical, alerting.warning and alerting.routes." }), ...shape })).min(1);
  return z.union([one, many]).optional().meta({ description: `${description} One, or a list of several, each with a \`name\`.` });
}

const receiversSchema = z
  .strictObject({
    pushover: oneOrMore(
      {
        userKey: credential("pushover-user-key").meta({ description: "Pushover user (or group) key." }),
        token: credential("pushover-token").meta({ description: "Pushover application token." }),
        emergency: z.boolean().default(false).meta({
          description: "Send critical alerts with emergency priority 2 (repeats until acknowledged). Default: critical 1, warning 0, resolved -1.",
        }),
      },
      "Pushover: a push to your phone.",
    ),
    discord: oneOrMore(
      {
        webhookUrl: credential("discord-webhook-url").meta({ description: "Discord channel webhook URL." }),
        mention: z
          .string()
          .regex(/^(@everyone|@here|<@&?\d+>)$/, { message: 'is not a Discord mention; use "@everyone", "@here", "<@USER_ID>" or "<@&ROLE_ID>"' })
          .optional()
          .meta({ description: 'Mention in the message of a firing critical alert, e.g. "@everyone" or a role "<@&123456789>" (Discord notifies those members).' }),
      },
      "Discord (native discord_configs).",
    ),
    slack: oneOrMore(
      {
        webhookUrl: credential("slack-webhook-url").meta({ description: "Slack incoming-webhook URL." }),
        channel: z.string().regex(/^[#@]?[\w-]+$/).optional().meta({ description: "Channel, e.g. #alerts (default: the webhook's)." }),
      },
      "Slack.",
    ),
    telegram: oneOrMore(
      {
        botToken: credential("telegram-bot-token").meta({ description: "Telegram bot token." }),
        chatId: z.number().int().meta({ description: "Chat id (negative for groups)." }),
      },
      "Telegram.",
    ),
    email: oneOrMore(
      {
        to: z.string().email().meta({ description: "Recipient." }),
        from: z.string().email().meta({ description: "Sender." }),
        smarthost: z.string().regex(/^[\w.-]+:\d+$/, { message: 'is not host:port; use e.g. "smtp.example.com:587"' }).meta({ description: "SMTP server, host:port." }),
        username: z.string().optional().meta({ description: "SMTP user name." }),
        password: credential("smtp-password").optional().meta({ description: "SMTP password." }),
        requireTLS: z.boolean().default(true).meta({ description: "Require STARTTLS." }),
      },
      "Email through an SMTP server.",
    ),
    ntfy: oneOrMore(
      {
        url: z
          .string()
          .regex(/^https?:\/\/[^\s?]+$/, { message: 'is not an ntfy topic URL; use e.g. "https://ntfy.sh/my-homelab-alerts"' })
          .superRefine(noCredentialsInUrl('give the access token as ntfy.token: { secret: { name: "alertmanager-receivers", key: "ntfy-token" } }'))
          .meta({
            description: "Topic URL. Anyone who knows a public topic's name can read it: use a long random name or an access-controlled server.",
          }),
        token: credential("ntfy-token").optional().meta({ description: "Access token, for servers with access control." }),
      },
      "ntfy, through its Alertmanager webhook template.",
    ),
    pagerduty: oneOrMore(
      { routingKey: credential("pagerduty-routing-key").meta({ description: "Integration (routing) key of a PagerDuty service's Events API v2 integration." }) },
      "PagerDuty (Events API v2).",
    ),
    msteams: oneOrMore(
      {
        webhookUrl: credential("msteams-webhook-url").meta({
          description: "URL of a Teams Workflows webhook (\"Post to a channel when a webhook request is received\"); Office 365 connectors are retired.",
        }),
      },
      "Microsoft Teams, through a Workflows webhook (msteamsv2_configs, Alertmanager 0.28 and later).",
    ),
    webhook: oneOrMore({ url: credential("webhook-url").meta({ description: "URL receiving Alertmanager's JSON." }) }, "Any webhook."),
  })
  .meta({ description: "Where alerts go. Configure one or more; credentials are references to Secrets only." });

const alertName = z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, { message: "is not an alert name" });
const names = (of: string) => z.array(receiverName).meta({ description: `Receivers (names) of ${of}.` });

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
const weekdays = z
  .string()
  .regex(new RegExp(`^(${WEEKDAYS.join("|")})(:(${WEEKDAYS.join("|")}))?$`), { message: 'is not a weekday or a range of them; use e.g. "saturday" or "monday:friday"' });
const timezone = z.string().regex(/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/, { message: 'is not an IANA time zone; use e.g. "Europe/Berlin"' });

/** Which alerts a route or a silence takes: those that match every condition given (any value of each). */
const alertMatchers = {
  clusters: z.array(dnsLabel).min(1).optional().meta({ description: "Alerts of these clusters (the `cluster` label: fleet.clusters and fleet.hosts names, or cluster.name)." }),
  namespaces: z.array(dnsLabel).min(1).optional().meta({ description: "Alerts of these namespaces." }),
  alerts: z.array(alertName).min(1).optional().meta({ description: "These alerts, by name." }),
};

const silenceSchema = z
  .strictObject({
    name: receiverName.meta({ description: "Name of the window (Alertmanager's time interval)." }),
    ...alertMatchers,
    weekdays: z.array(weekdays).min(1).optional().meta({ description: 'Days it holds, e.g. ["saturday", "sunday"] or ["monday:friday"]. Default: every day.' }),
    start: clock.optional().meta({ description: "Start, HH:MM. Default: 00:00." }),
    end: clock.optional().meta({ description: "End, HH:MM (may be past midnight). Default: 24:00." }),
    timezone: timezone.default("UTC").meta({ description: "IANA time zone of start and end." }),
  })
  .meta({ description: "A recurring window in which the matching alerts (none given: every alert, a maintenance window) notify nobody; they still show in Grafana and Alertmanager." });

const routeSchema = z
  .strictObject({
    name: receiverName.meta({ description: "Name of the route: Alertmanager's receivers of it are <name>-critical and <name>-warning." }),
    ...alertMatchers,
    critical: names("this route's critical alerts").optional().meta({ description: "Receivers of this route's critical alerts. Default: alerting.critical's." }),
    warning: names("this route's warnings").optional().meta({ description: "Receivers of this route's warnings. Default: alerting.warning's." }),
    continue: z.boolean().default(false).meta({ description: "Also send them to the top-level receivers (alerting.critical, alerting.warning)." }),
  })
  .meta({ description: "Alerts that match every condition given go to this route's receivers instead of the top-level ones." });

export const alertingSchema = z
  .strictObject({
    receivers: receiversSchema.prefault({}),
    critical: names("critical alerts").optional().meta({ description: "Receivers (names: the kind, e.g. \"discord\", or a listed receiver's name) of critical alerts. Default: every configured receiver." }),
    warning: names("warnings").optional().meta({
      description: "Receivers (names) of warnings. Default: every configured receiver except Pushover and PagerDuty (your phone and your pager are for critical ones).",
    }),
    silences: z.array(silenceSchema).default([]).meta({
      description: 'Recurring windows that mute chosen alerts, e.g. a weekly maintenance: { name: "patch-night", clusters: [lab], weekdays: ["sunday"], start: "02:00", end: "05:00", timezone: "Europe/Berlin" }. For a one-off silence use Alertmanager\'s (amtool silence add).',
    }),
    routes: z.array(routeSchema).default([]).meta({ description: "Routes before the top-level ones, in order: e.g. one cluster's alerts to a channel of its own. The first that matches wins." }),
    heartbeat: z
      .strictObject({
        url: credential("heartbeat-url").meta({ description: "Ping URL of a dead man's switch (e.g. healthchecks.io): it alerts you when the pings stop." }),
        interval: duration.default("1m").meta({ description: "How often Watchdog pings it." }),
      })
      .optional()
      .meta({ description: "Dead man's switch: the always-firing Watchdog alert pings this URL, so that you hear when alerting itself is dead." }),
    quietHours: z
      .strictObject({
        start: clock.meta({ description: "Start, HH:MM." }),
        end: clock.meta({ description: "End, HH:MM (may be past midnight)." }),
        timezone: timezone.default("UTC").meta({ description: "IANA time zone." }),
      })
      .optional()
      .meta({ description: "Warnings wait until these hours end; critical alerts always go out." }),
    repeat: z
      .strictObject({
        critical: duration.default("1h").meta({ description: "Repeat a still-firing critical alert after." }),
        warning: duration.default("4h").meta({ description: "Repeat a still-firing warning after." }),
      })
      .prefault({})
      .meta({ description: "Repeat intervals." }),
    thresholds: z
      .strictObject({
        nodeCpuPercent: z.number().min(1).max(100).default(90).meta({ description: "NodeHighCpu: CPU busy above this for 15m." }),
        nodeMemoryPercent: z.number().min(1).max(100).default(90).meta({ description: "NodeHighMemory: memory used above this for 15m." }),
        diskFreeWarningPercent: z.number().min(1).max(100).default(15).meta({ description: "NodeFilesystemAlmostFull / PersistentVolumeAlmostFull: free space below this." }),
        diskFreeCriticalPercent: z.number().min(1).max(100).default(5).meta({ description: "NodeFilesystemFull / PersistentVolumeFull: free space below this." }),
        nodeTemperatureCelsius: z.number().min(30).max(120).default(80).meta({ description: "NodeHighTemperature: a sensor above this for 10m." }),
        nodeLoadPerCpu: z.number().min(0.1).max(100).default(2).meta({ description: "NodeHighLoad: 15-minute load per CPU above this for 30m." }),
        logErrorsPer5m: z.number().int().min(1).default(100).meta({ description: "LogErrorsSpike: error lines of one namespace in 5 minutes, for 10m." }),
      })
      .prefault({})
      .meta({ description: "Alert thresholds." }),
    groups: z
      .strictObject({
        node: z.boolean().default(true).meta({ description: "Nodes: down, CPU, memory, disks, inodes, clock, OOM kills, network errors, load, temperature." }),
        workloads: z.boolean().default(true).meta({ description: "Workloads: crash loops, pods not ready, replica mismatches, failed jobs, volumes filling up." }),
        controlPlane: z.boolean().default(true).meta({ description: "Control plane, for the components that are scraped." }),
        stack: z.boolean().default(true).meta({ description: "The monitoring stack itself: targets down, vmagent, storage, vmalert, Alertmanager, log shipping." }),
        fleet: z.boolean().default(true).meta({ description: "A fleet's hub (fleet.hub): a spoke or host that stopped sending, or keeps a growing backlog of unsent samples." }),
        logs: z.boolean().default(true).meta({ description: "From the logs themselves (LogsQL, a second vmalert on VictoriaLogs): error lines spiking in a namespace." }),
        coredns: z.boolean().default(false).meta({ description: "CoreDNS errors and latency." }),
        certManager: z.boolean().optional().meta({ description: "Deprecated: use exporters.certManager, which it still switches (with a warning)." }),
        flux: z.boolean().optional().meta({ description: "Deprecated: use exporters.flux, which it still switches (with a warning)." }),
        argocd: z.boolean().optional().meta({ description: "Deprecated: use exporters.argocd, which it still switches (with a warning)." }),
        traefik: z.boolean().optional().meta({ description: "Deprecated: use exporters.traefik, which it still switches (with a warning)." }),
        longhorn: z.boolean().optional().meta({ description: "Deprecated: use exporters.longhorn, which it still switches (with a warning)." }),
      })
      .prefault({})
      .meta({ description: "Rule groups. The optional ones also scrape their component." }),
    disabledRules: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/)).default([]).meta({ description: "Alert names to leave out, e.g. [\"NodeHighLoad\"]." }),
    severity: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, { message: "is not an alert name" }), z.enum(["critical", "warning", "info"]))
      .default({})
      .meta({ description: 'The severity of single alerts, instead of vigil\'s, e.g. { NodeHighMemory: critical }: it decides the receivers and how often they repeat (alerting.critical, alerting.warning, alerting.repeat).' }),
    for: z
      .record(alertName, duration)
      .default({})
      .meta({ description: 'How long single alerts must hold before they fire, instead of vigil\'s, e.g. { NodeDown: "1m", NodeHighCpu: "5m", LogErrorsSpike: "30m" }. The unit tests of the metric alerts move with them.' }),
    labels: z
      .record(
        z
          .string()
          .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { message: "is not a label name" })
          .refine((l) => !["severity", "alertname", "cluster"].includes(l), { message: "is a label vigil sets itself (severity, alertname, cluster)" }),
        z.string().min(1).max(200),
      )
      .default({})
      .meta({ description: 'Labels on every alert, e.g. { environment: production }: for your own routes, silences and receivers\' templates.' }),
  })
  .meta({ description: "Alert rules and Alertmanager." });
