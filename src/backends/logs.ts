// The registries of log stores (logs.backend) and log agents (logs.agent): each is one unit saying
// its app folder, its component (the chart release and its values), its Service, its push API, and
// the scrape of itself. The stack, the self-monitoring and the agents' configs ask the unit.
import { ENV_VARS, type EnvVar } from "../model/env-refs.js";
import type { Component, RenderContext } from "../components/types.js";
import { svc, type Service, type Stack } from "../model/stack.js";
import type { VigilConfig } from "../config/schema/index.js";
import { GRAFANA_PLUGINS } from "../model/versions.js";
import victoriaLogs, { victoriaLogsSelfMonitoring, victoriaLogsServices } from "../components/victoria-logs.js";
import loki, { lokiSelfMonitoring } from "../components/loki.js";
import vector, { vectorSelfMonitoring } from "../components/vector.js";
import alloy, { alloySelfMonitoring } from "../components/alloy.js";
import { alloyEventsEnabled } from "../logs/alloy-config.js";

export type LogStoreName = "victorialogs" | "loki";
export type LogAgentName = "vector" | "alloy";

export interface LogStore {
  name: LogStoreName;
  /** App folder of its chart (the Helm release). */
  app: string;
  component: Component;
  /** Its Services by role, of its mode: where it is queried, where lines are pushed (stack.services.logsQuery, logsWrite). */
  services: (namespace: string, logs: VigilConfig["logs"]) => { logsQuery: Service; logsWrite: Service };
  /** Path of its Loki-compatible push API, where Alloy ships. */
  pushPath: string;
  /** Whether it has a UI of its own to expose (access.uis.logs). */
  ui: boolean;
  /** Whether its ruler remote-writes its alerts' series to the metrics store (Loki's ruler does). */
  remoteWrites: boolean;
  /** Grafana plugins its datasource needs. */
  grafanaPlugins: (typeof GRAFANA_PLUGINS)[keyof typeof GRAFANA_PLUGINS][];
  selfMonitoring(ctx: RenderContext): void;
}

export interface LogAgent {
  name: LogAgentName;
  app: string;
  component: Component;
  /** Whether it reads the Kubernetes events itself; else the event exporter writes them as a pod's log (components/events.ts). */
  readsEvents(stack: Stack): boolean;
  selfMonitoring?(ctx: RenderContext): void;
}

export const LOG_STORES: Record<LogStoreName, LogStore> = {
  victorialogs: {
    name: "victorialogs",
    app: "victoria-logs",
    component: victoriaLogs,
    services: victoriaLogsServices,
    pushPath: "/insert/loki/api/v1/push",
    ui: true,
    remoteWrites: false,
    grafanaPlugins: [GRAFANA_PLUGINS.victoriaLogs],
    selfMonitoring: victoriaLogsSelfMonitoring,
  },
  loki: {
    name: "loki",
    app: "loki",
    component: loki,
    // The chart names the single binary's Service after the release (the app folder).
    services: (namespace) => {
      const single = svc(namespace, "loki", 3100, "loki");
      return { logsQuery: single, logsWrite: single };
    },
    pushPath: "/loki/api/v1/push", ui: false, remoteWrites: true, grafanaPlugins: [], selfMonitoring: lokiSelfMonitoring },
};

export const LOG_AGENTS: Record<LogAgentName, LogAgent> = {
  // Vector has no source of Kubernetes events.
  vector: { name: "vector", app: "vector", component: vector, readsEvents: () => false, selfMonitoring: vectorSelfMonitoring },
  // Alloy's own metrics are not scraped: no rule or dashboard reads them.
  alloy: { name: "alloy", app: "alloy", component: alloy, readsEvents: (stack) => alloyEventsEnabled(stack), selfMonitoring: alloySelfMonitoring },
};

export const logStoreOf = (stack: Pick<Stack, "config">): LogStore => LOG_STORES[stack.config.logs.backend];
export const logAgentOf = (stack: Pick<Stack, "config">): LogAgent => LOG_AGENTS[stack.config.logs.agent];

/** The registries' components, each running only when its unit is the one chosen. */
export const logStoreComponents = (): Component[] =>
  Object.values(LOG_STORES).map((s) => ({ ...s.component, enabledWhen: (stack: Stack) => stack.enabled.logs && stack.config.logs.backend === s.name && s.component.enabledWhen(stack) }));
export const logAgentComponents = (): Component[] =>
  Object.values(LOG_AGENTS).map((a) => ({
    ...a.component,
    enabledWhen: (stack: Stack) => shipsLogs(stack) && stack.config.logs.agent === a.name && a.component.enabledWhen(stack),
  }));

/** Whether this cluster's log agent runs: with the local store, or on a fleet's spoke, to the hub's. */
export const shipsLogs = (stack: Pick<Stack, "enabled" | "fleet">): boolean => stack.enabled.logAgent && (stack.enabled.logs || stack.fleet?.role === "spoke");

/** Where the log agent ships, and as whom: the local store's Service, or a spoke's user at the hub's ingest. */
export interface LogDestination {
  /** Base URL of the store's API (its push paths follow). */
  url: string;
  /** The pod of the store, for the NetworkPolicy flow; none when it is outside the cluster. */
  service?: Service;
  basicAuth?: { username: string; secret: string; key: string; env: EnvVar };
}

/** The environment variable the log agents read the ingest password from (from the spoke's Secret). */
export const INGEST_PASSWORD_ENV = ENV_VARS.ingestPassword;

export function logDestination(stack: Stack): LogDestination {
  const fleet = stack.fleet;
  if (fleet?.role === "spoke") {
    return { url: fleet.ingestUrl, basicAuth: { username: fleet.credentials.username, secret: fleet.credentials.secret, key: fleet.credentials.key, env: INGEST_PASSWORD_ENV } };
  }
  const service = stack.services.logsWrite;
  return { url: service.url, service };
}

/** The agent's environment variable of the ingest password, as a container's env entry. */
export const ingestPasswordEnv = (d: LogDestination) =>
  d.basicAuth ? [{ name: d.basicAuth.env, valueFrom: { secretKeyRef: { name: d.basicAuth.secret, key: d.basicAuth.key } } }] : [];
