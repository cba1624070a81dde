// vigil's dashboards, in the order Grafana lists them.
import type { DashboardSpec } from "./build.js";
import { clusterDashboard } from "./cluster.js";
import { nodeDashboard } from "./node.js";
import { workloadsDashboard } from "./workloads.js";
import { volumesDashboard } from "./volumes.js";
import { controlPlaneDashboard } from "./control-plane.js";
import { logsDashboard, lokiLogsDashboard } from "./logs.js";
import { alertsDashboard } from "./alerts.js";
import { stackDashboard } from "./stack.js";
import { appDashboards } from "./apps.js";

export const DASHBOARDS: DashboardSpec[] = [
  clusterDashboard,
  nodeDashboard,
  workloadsDashboard,
  volumesDashboard,
  controlPlaneDashboard,
  logsDashboard,
  lokiLogsDashboard,
  alertsDashboard,
  stackDashboard,
  ...appDashboards,
];
