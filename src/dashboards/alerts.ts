// Alerts overview: what fires and what fired, by severity, from vmalert's ALERTS series.
import type { DashboardSpec } from "./build.js";

const c = 'cluster="$cluster"';

export const alertsDashboard: DashboardSpec = {
  uid: "vigil-alerts",
  title: "Alerts",
  folder: "Monitoring",
  description: "Firing alerts by severity and their history.",
  variables: [],
  rows: [
    {
      title: "Now",
      panels: [
        { title: "Critical", kind: "stat", queries: [{ expr: `count(ALERTS{${c}, alertstate="firing", severity="critical"}) or vector(0)`, instant: true }] },
        { title: "Warning", kind: "stat", queries: [{ expr: `count(ALERTS{${c}, alertstate="firing", severity="warning"}) or vector(0)`, instant: true }] },
        { title: "Info", kind: "stat", queries: [{ expr: `count(ALERTS{${c}, alertstate="firing", severity="info"}) or vector(0)`, instant: true }] },
        { title: "Pending", kind: "stat", queries: [{ expr: `count(ALERTS{${c}, alertstate="pending"}) or vector(0)`, instant: true }] },
        { title: "Firing alerts", kind: "table", width: 24, queries: [{ expr: `ALERTS{${c}, alertstate="firing", alertname!~"Watchdog|InfoInhibitor"}`, instant: true }] },
      ],
    },
    {
      title: "History",
      panels: [{ title: "Firing alerts by name", kind: "timeseries", width: 24, queries: [{ expr: `count by (alertname, severity) (ALERTS{${c}, alertstate="firing", alertname!~"Watchdog|InfoInhibitor"})`, legend: "{{alertname}} ({{severity}})" }] }],
    },
  ],
};
