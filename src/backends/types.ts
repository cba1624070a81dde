// A metrics backend: the store, the scraper and the rule evaluator of the stack, in one small unit.
// vigil's components describe scrapes, rule groups and flows in neutral terms (src/model/parts.ts);
// the backend says which of its pods play the roles, deploys its chart(s), and makes its own
// objects of the neutral parts. The registry is src/backends/index.ts.
import type { Component, RenderContext } from "../components/types.js";
import type { KubeObject, RuleGroup, Values } from "../model/parts.js";
import type { Service, Stack } from "../model/stack.js";
import type { Scrape } from "../scrape/scrape.js";
import type { VigilConfig } from "../config/schema/index.js";

export const METRICS_BACKEND_NAMES = ["victoria-metrics", "prometheus"] as const;
export type MetricsBackendName = (typeof METRICS_BACKEND_NAMES)[number];

/**
 * What the other components need of a backend: the roles its pods play. One store (VMSingle,
 * Prometheus) plays query and write; the VictoriaMetrics cluster splits them (vmselect, vminsert).
 */
export interface MetricsRoles {
  /** Answers PromQL: Grafana, the rules and `vigil doctor` query it. */
  query: Service;
  /** The Prometheus API's base on it (…/api/v1/query below it): the Service's URL, or vmselect's /select/0/prometheus. */
  queryUrl: string;
  /** Receives samples. */
  write: Service;
  /** The base the write paths go below (/api/v1/write, /api/v1/import/native): the Service's URL, or vminsert's /insert/0/prometheus. */
  writeUrl: string;
  /** Scrapes the targets. */
  scraper: Service;
  /** Evaluates the rule groups. */
  ruler: Service;
  alertmanager: Service;
}

/** Facts of the backend decided once, when the Stack is resolved. */
export interface MetricsBackendFacts {
  /** App folder of its chart (the release), e.g. victoria-metrics. */
  app: string;
  roles: MetricsRoles;
  /** Selector labels of its pods, keyed like the stack's other pods (NetworkPolicies select on them). */
  pods: Record<string, Record<string, string>>;
}

/** Vigil's Alertmanager configuration, for the backend to place in its Alertmanager. */
export interface AlertmanagerPlacement {
  config: Values;
  /** Secrets the receivers read credentials from; mounted where the config's *_file paths point. */
  secrets: string[];
  /** Its volume; none with storage.alertmanager.persistent false (the operator's emptyDir). */
  volume?: Stack["storage"]["alertmanager"];
}

/** Exporter charts both backends' charts bundle as subcharts. */
export type BundledExporter = "prometheus-node-exporter" | "kube-state-metrics";

/** A field a chart renders anew on every render (a generated certificate): GitOps tools must not fight over it. */
export interface UnstableField {
  group: string;
  kind: string;
  name: string;
  /** In the stack's namespace (else cluster-scoped). */
  namespaced?: true;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
}

export interface MetricsBackend {
  name: MetricsBackendName;
  description: string;
  /** How the tree's README, the alerts' texts and the remote-write clients name its parts. */
  words: {
    /** What scrapes (in alert texts): "vmagent", "Prometheus". */
    scraper: string;
    /** What evaluates the rules: "vmalert", "Prometheus". */
    ruler: string;
    /** Kinds of its scrape objects and rules, for the README. */
    scrapeKinds: string;
    ruleKind: string;
    /** What its metrics app deploys, for the README. */
    app: string;
    /** What the metrics app deploys on a fleet's spoke (agents only). */
    spokeApp: string;
    /** The name of the remote-write client that writes to it (Loki's ruler). */
    remoteWriteClient: string;
  };
  /** Fields its chart renders anew on each render (namespace filled in by the target). */
  unstableFields: UnstableField[];
  /** Its names and pods; `spoke`: on a fleet's spoke, where only its collector runs. */
  facts(namespace: string, metrics: VigilConfig["metrics"], spoke: boolean): MetricsBackendFacts;
  /** Its own components: chart release, store, scraper, ruler, self-monitoring. */
  components: Component[];
  /** Scrapes of its own parts (store, scraper, ruler, Alertmanager), each under a job of its own. */
  selfMonitoring(ctx: RenderContext): void;
  /** Where the receivers' credential files are mounted: <dir>/<secret>/<key>. */
  secretsDir: string;
  /** Places Alertmanager with vigil's configuration; `undefined`: Alertmanager is off. */
  alertmanager(ctx: RenderContext, am: AlertmanagerPlacement | undefined): void;
  /** Values that switch a bundled exporter chart (a subchart of its chart) on or off. */
  exporterToggle(subchart: BundledExporter, enabled: boolean): Values;
  /**
   * Values of a bundled exporter chart that switch off the chart's own scrape object (vigil
   * scrapes it itself) and keep its port name the one vigil's scrape names.
   */
  exporterScrapeOff(subchart: BundledExporter): Values;
  /** Its objects for one neutral scrape of `job`. */
  scrapeObject(stack: Stack, job: string, scrape: Scrape): KubeObject;
  /** Its objects for the rule groups (PromQL, and LogsQL where it evaluates those). */
  ruleObjects(stack: Stack, groups: readonly RuleGroup[]): KubeObject[];
  /**
   * The pods its operator creates from one of its custom resources (Helm renders the resource, not
   * the pods): their labels, HTTP port and the Service the operator puts in front. The render
   * checks add them to what Helm rendered.
   */
  operatorPods(object: KubeObject): OperatorPods[];
}

/** One set of pods an operator makes of a resource (a VMCluster makes three). */
export interface OperatorPods {
  /** What they are, for messages: "VMCluster/vm vmstorage". */
  what: string;
  labels: Record<string, string>;
  /** Container ports by name; the first is the HTTP port. */
  ports: { name: string; port: number }[];
  /** Name of the Service the operator creates for them. */
  service: string;
  /** The part of the resource's spec that configures them (what they connect to): the whole spec unless said. */
  spec?: unknown;
}
