// A fleet's hub watches its senders: a spoke or host whose samples stop arriving (the link, the
// agent or the machine is down), and a spoke whose vmagent keeps a growing backlog (the hub takes
// too little: rejections, a slow link). Per sender, so an alert names it even if it never sent.
// A vmagent remote-writes the `up` series of its own targets (the agent generates them per scrape,
// as Prometheus does, in agent mode too), so `up{cluster="<sender>"}` exists exactly while the
// sender delivers. A spoke's Prometheus in agent mode has a backlog alert and a failing one of its own.
import type { AlertDef, GroupDef, RuleContext } from "./types.js";
import { PROMETHEUS_AGENT_JOB } from "../backends/spoke.js";

/** Backlog of one spoke's vmagent that is more than a hiccup (64 MiB of compressed blocks). */
const BACKLOG_BYTES = 64 * 1024 * 1024;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };
const seconds = (d: string) => Number(d.slice(0, -1)) * UNIT_SECONDS[d.slice(-1)]!;

export function fleetRules(ctx: RuleContext): GroupDef {
  const fleet = ctx.stack.fleet;
  const alerts: AlertDef[] = [];
  if (fleet?.role === "hub") {
    const after = fleet.stoppedSendingAfter;
    // After an outage of the hub itself every sender's newest samples are still in its queue for a
    // moment (oldest first): a grace of half the window lets the buffers drain before anyone is paged.
    const grace = `${Math.max(1, Math.round(seconds(after) / 2))}s`;
    // One rule over every sender: absent_over_time keeps the matcher's cluster label. Not while the
    // hub hears nothing from itself either: then the hub's store is what was away.
    const silent = (name: string) => `absent_over_time(up{cluster="${name}"}[${after}])`;
    const hub = ctx.stack.cluster.name;
    const series = (silentOne?: string) => [
      { series: `up{cluster="${hub}", job="node-exporter", instance="a"}`, values: "1x30" },
      ...fleet.senders.map((s) => ({ series: `up{cluster="${s.name}", job="node-exporter", instance="a"}`, values: s.name === silentOne ? "1x4 _x20" : "1x30" })),
    ];
    const first = fleet.senders[0];
    if (first) {
      alerts.push({
        alert: "FleetSenderSilent",
        expr: `(${fleet.senders.map((s) => silent(s.name)).join(" or ")}) unless on () ${silent(hub)}`,
        for: grace,
        severity: "critical",
        summary: `{{ $labels.cluster }} has sent no samples for ${after}`,
        description: `No sample of {{ $labels.cluster }} (a spoke cluster or a host of the fleet) has reached the hub for ${after} (and ${grace} more, the time a sender's buffer needs to drain after the hub itself was away): its vmagent, the machine or the link (Tailscale) is down, or the hub refuses its password. While the link is down, the sender keeps its samples on disk and sends them when it returns.`,
        runbook: `On the sender: is vmagent running (a spoke: \`kubectl get pods\` in its monitoring namespace; a host: \`systemctl status vigil-vmagent\`), and does \`tailscale ping\` reach the hub? vmagent's log says the remote-write error (401: its password differs from the hub's Secret vigil-ingest-<name>). \`vigil doctor\` on the hub lists the senders' last samples.`,
        test: {
          firing: { series: series(first.name), at: "10m", labels: { cluster: first.name } },
          healthy: { series: series(), at: "10m" },
        },
      });
    }
    alerts.push({
      // The spokes' vmagent, whatever the hub's backend.
      alert: "FleetSenderBacklog",
      expr: `sum by (cluster) (vmagent_remotewrite_pending_data_bytes{job="vmagent"}) > ${BACKLOG_BYTES} and sum by (cluster) (delta(vmagent_remotewrite_pending_data_bytes{job="vmagent"}[15m])) > 0`,
      for: "15m",
      severity: "warning",
      summary: "{{ $labels.cluster }} has {{ $value | humanize1024 }}B of samples it could not send",
      description: "The vmagent of {{ $labels.cluster }} reaches the hub but its backlog of unsent samples keeps growing: the hub refuses or delays part of its writes, or the link is too slow. When its buffer (fleet.senders.buffer) is full, it drops the oldest samples.",
      runbook: "The spoke's vmagent log names the error; on the hub, check the ingest (vmauth-ingest) and VMSingle (disk, VmagentRemoteWriteFailing).",
      needs: ["vmagent"],
      test: {
        firing: { series: [{ series: `vmagent_remotewrite_pending_data_bytes{job="vmagent", cluster="edge", url="1:secret-url"}`, values: `${BACKLOG_BYTES}+1048576x60` }], at: "40m", labels: { cluster: "edge" } },
        healthy: { series: [{ series: `vmagent_remotewrite_pending_data_bytes{job="vmagent", cluster="edge", url="1:secret-url"}`, values: "0x60" }], at: "40m" },
      },
    });
    const agent = (metric: string, labels = "") => `${metric}{job="${PROMETHEUS_AGENT_JOB}", cluster="edge"${labels}}`;
    const queue = ', remote_name="hub", url="http://100.64.0.2:8427/api/v1/write"';
    alerts.push(
      {
        // How far the WAL's newest sample is ahead of the newest one the hub took (the
        // prometheus-mixin's PrometheusRemoteWriteBehind, per cluster).
        alert: "FleetSenderBehind",
        expr: `max by (cluster) (prometheus_remote_storage_highest_timestamp_in_seconds{job="${PROMETHEUS_AGENT_JOB}"} - ignoring (remote_name, url) group_right () prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="${PROMETHEUS_AGENT_JOB}"}) > 300`,
        for: "15m",
        severity: "warning",
        summary: "{{ $labels.cluster }} sends its samples {{ $value | humanizeDuration }} late",
        description:
          "The Prometheus agent of {{ $labels.cluster }} reaches the hub, but the newest sample the hub took is more than 5 minutes behind the newest one it scraped, for 15 minutes: the hub refuses or delays part of its writes, or the link is too slow. Its WAL keeps what is unsent for up to 4 hours (Prometheus's --storage.agent.retention.max-time), then drops it.",
        runbook: "The spoke's Prometheus log (`kubectl -n monitoring logs sts/prom-agent-kps-prometheus`) names the remote-write error; on the hub, check the ingest (vmauth-ingest) and the store.",
        needs: [PROMETHEUS_AGENT_JOB],
        test: {
          firing: {
            series: [
              { series: agent("prometheus_remote_storage_highest_timestamp_in_seconds", ', instance="a"'), values: "0+60x60" },
              { series: agent("prometheus_remote_storage_queue_highest_sent_timestamp_seconds", `, instance="a"${queue}`), values: "0+30x60" },
            ],
            at: "40m",
            labels: { cluster: "edge" },
          },
          healthy: {
            series: [
              { series: agent("prometheus_remote_storage_highest_timestamp_in_seconds", ', instance="a"'), values: "0+60x60" },
              { series: agent("prometheus_remote_storage_queue_highest_sent_timestamp_seconds", `, instance="a"${queue}`), values: "0+60x60" },
            ],
            at: "40m",
          },
        },
      },
      {
        alert: "FleetSenderFailing",
        expr: `sum by (cluster) (rate(prometheus_remote_storage_samples_failed_total{job="${PROMETHEUS_AGENT_JOB}"}[5m])) > 0`,
        for: "15m",
        severity: "critical",
        summary: "{{ $labels.cluster }} loses samples the hub refuses",
        description: "The Prometheus agent of {{ $labels.cluster }} has had samples refused for good (not retried) by the hub for 15 minutes: they are lost. Usually the hub rejects them (out of order, too old, a limit) or the request is malformed.",
        runbook: "The spoke's Prometheus log names the status the hub answered; a Prometheus hub logs the samples it refused (out of order past its window, docs/fleet.md).",
        needs: [PROMETHEUS_AGENT_JOB],
        test: {
          firing: { series: [{ series: agent("prometheus_remote_storage_samples_failed_total", `, instance="a"${queue}`), values: "0+10x30" }], at: "25m", labels: { cluster: "edge" } },
          healthy: { series: [{ series: agent("prometheus_remote_storage_samples_failed_total", `, instance="a"${queue}`), values: "0x30" }], at: "25m" },
        },
      },
    );
  }
  return { name: "vigil-fleet", key: "fleet", alerts };
}
