// Logs: the Vector pipeline against Vector's documented options, the labels and stream fields a
// pod line gets, noise filters, journald per distribution, and retention that is really on.
// No Vector or VictoriaLogs binary can be installed here: the VRL is not executed (see docs/logs.md).
import { afterTpl, valuesAfterTpl } from "../src/model/helm-tpl.js";
import { parsedConfig } from "./helpers.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "../src/config/parse.js";
import { generate } from "../src/pipeline.js";
import { resolveStack } from "../src/model/stack.js";
import { vectorConfig, keepCondition, VECTOR_SINKS } from "../src/logs/vector-config.js";
import { vectorConfigSchema } from "../src/logs/vector-schema.js";
import { HEALTH_CHECK_LINES, JOURNAL_FIELDS, POD_FIELDS, labelsOf, streamFields } from "../src/logs/fields.js";
import { COMPONENTS } from "../src/components/index.js";
import { defineComponent } from "../src/components/types.js";

const config = parsedConfig;
const vectorValues = async (input: unknown) => parse((await generate(config(input), { source: "test" })).output.files.get("monitoring/vector/values.yaml")!).vector;

describe("Vector's configuration", () => {
  it("K3s: pod logs and the node's journald (k3s, containerd) with the Debian image and the journal mounted", async () => {
    const v = await vectorValues({});
    expect(Object.keys(v.customConfig.sources).sort()).toEqual(["journal", "pods", "vector_metrics"]);
    expect(v.customConfig.sources.journal).toEqual({ type: "journald", include_units: ["k3s.service", "k3s-agent.service", "containerd.service"], current_boot_only: true });
    expect(v.image).toEqual({ tag: "0.56.0-debian" });
    expect(v.extraVolumeMounts.map((m: any) => m.mountPath)).toEqual(["/run/log/journal", "/etc/machine-id"]);
    expect(v.role).toBe("Agent");
  });

  it("Talos: no journald (it has none), the default image", async () => {
    const v = await vectorValues({ cluster: { distribution: "talos" } });
    expect(Object.keys(v.customConfig.sources).sort()).toEqual(["pods", "vector_metrics"]);
    expect(v.image).toBeUndefined();
    expect(v.customConfig.sinks[VECTOR_SINKS.journal]).toBeUndefined();
  });

  it("validates against Vector's documented options for every variant", () => {
    for (const input of [{}, { cluster: { distribution: "talos" } }, { logs: { dropHealthChecks: false, journald: false } }, { logs: { drop: [{ namespace: "media", message: "GET /api/health" }] } }]) {
      const r = vectorConfigSchema.safeParse(vectorConfig(resolveStack(config(input))));
      expect(r.success, JSON.stringify(input) + (r.success ? "" : r.error.message)).toBe(true);
    }
  });

  it("the schema catches an unknown option, a wrong enum value and an input that names nothing", () => {
    const c = vectorConfig(resolveStack(config({}))) as any;
    const broken = structuredClone(c);
    broken.sinks[VECTOR_SINKS.pods].compresion = "gzip";
    broken.sinks[VECTOR_SINKS.pods].api_version = "v9";
    const messages = (value: unknown) => {
      const r = vectorConfigSchema.safeParse(value);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.code === "unrecognized_keys" ? "unknown " + i.keys.join(",") : i.message}`);
    };
    expect(messages(broken).sort()).toEqual([`sinks.${VECTOR_SINKS.pods}.api_version: Invalid option: expected one of "auto"|"v6"|"v7"|"v8"`, `sinks.${VECTOR_SINKS.pods}: unknown compresion`].sort());
    // The topology is checked once the options are right.
    const dangling = structuredClone(c);
    dangling.sinks[VECTOR_SINKS.journal].inputs = ["journald_fields"];
    expect(messages(dangling)).toEqual([`sinks.${VECTOR_SINKS.journal}.inputs: input "journald_fields" is no source or transform`, 'journal_fields: component "journal_fields" is read by nothing']);
  });

  it("vigil build fails, naming file and path, when the generated Vector config is invalid", async () => {
    const breakIt = defineComponent({ name: "break", description: "", enabledWhen: () => true, render: (ctx) => ctx.values("vector", { customConfig: { sinks: { [VECTOR_SINKS.pods]: { mode: "stream" } } } }) });
    const gen = await generate(config({}), { source: "test", components: [...COMPONENTS, breakIt] });
    expect(gen.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([
      `monitoring/vector/values.yaml (vector.customConfig): Vector configuration /sinks/${VECTOR_SINKS.pods}/mode: Invalid option: expected one of "bulk"|"data_stream"`,
    ]);
  });
});

describe("labels and stream fields", () => {
  // A kubernetes_logs event as Vector's docs describe it.
  const event = {
    message: '{"level":"info","msg":"ready"}',
    timestamp: "2026-11-22T01:00:00Z",
    kubernetes: {
      pod_namespace: "media",
      pod_name: "jellyfin-5d9c7b-x2x9k",
      container_name: "jellyfin",
      pod_node_name: "pi-1",
      pod_labels: { "app.kubernetes.io/name": "jellyfin", "pod-template-hash": "5d9c7b" },
    },
  };

  it("a pod line gets namespace, pod, container, node and app; namespace, pod and container make its stream", () => {
    expect(labelsOf(event)).toEqual({ namespace: "media", pod: "jellyfin-5d9c7b-x2x9k", container: "jellyfin", node: "pi-1", app: "jellyfin" });
    expect(streamFields(POD_FIELDS)).toEqual(["namespace", "pod", "container"]);
    const c = vectorConfig(resolveStack(config({}))) as any;
    expect(c.sinks[VECTOR_SINKS.pods].request.headers["VL-Stream-Fields"]).toBe("namespace,pod,container");
    expect(c.sinks[VECTOR_SINKS.journal].request.headers["VL-Stream-Fields"]).toBe(streamFields(JOURNAL_FIELDS).join(","));
  });

  it("app falls back to the app label, then the container name", () => {
    expect(labelsOf({ kubernetes: { ...event.kubernetes, pod_labels: { app: "sonarr" } } }).app).toBe("sonarr");
    expect(labelsOf({ kubernetes: { ...event.kubernetes, pod_labels: {} } }).app).toBe("jellyfin");
  });

  it("the VRL sets exactly the fields of the table, first string wins, and drops the nested originals", () => {
    const vrl = (vectorConfig(resolveStack(config({}))) as any).transforms.pod_fields.source as string;
    expect(vrl.split("\n").filter(Boolean)).toEqual([
      ".namespace = string(.kubernetes.pod_namespace) ?? null",
      ".pod = string(.kubernetes.pod_name) ?? null",
      ".container = string(.kubernetes.container_name) ?? null",
      ".node = string(.kubernetes.pod_node_name) ?? null",
      '.app = string(.kubernetes.pod_labels."app.kubernetes.io/name") ?? string(.kubernetes.pod_labels.app) ?? string(.kubernetes.container_name) ?? null',
      "del(.kubernetes)",
      "del(.file)",
      "del(.source_type)",
    ]);
  });
});

describe("noise filters", () => {
  const re = new RegExp(HEALTH_CHECK_LINES.replace("(?i)", ""), "i");
  it("drops probe and scrape access-log lines, keeps the rest", () => {
    for (const line of ['10.42.0.1 - - [22/Nov/2026] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.31"', '"GET /metrics HTTP/1.1" 200 "Prometheus/2.45"', 'level=info msg="GET /readyz 200"', '"HEAD /ping HTTP/1.1" 200']) expect(re.test(line), line).toBe(true);
    for (const line of ["level=error msg=\"database connection lost\"", '"GET /api/items HTTP/1.1" 200', "healthz endpoint ready"]) expect(re.test(line), line).toBe(false);
  });

  it("user drop rules become part of the filter, scoped to namespace and container", () => {
    const cond = keepCondition(resolveStack(config({ logs: { dropHealthChecks: false, drop: [{ namespace: "media", container: "sonarr", message: "DEBUG" }] } })));
    expect(cond).toBe(`!((.namespace == "media" && .container == "sonarr" && match(string(.message) ?? "", r'DEBUG')))`);
    expect(keepCondition(resolveStack(config({ logs: { dropHealthChecks: false } })))).toBeUndefined();
  });
});

describe("retention", () => {
  it("VictoriaLogs deletes by age and by disk use; turning either off fails this test", async () => {
    const values = async (input: unknown) => parse((await generate(config(input), { source: "test" })).output.files.get("monitoring/victoria-logs/values.yaml")!)["victoria-logs-single"].server;
    const s = await values({});
    expect(s.retentionPeriod).toBe("15d");
    expect(s.retentionMaxDiskUsagePercent).toBe(80);
    expect((await values({ retention: { logs: "30d" } })).retentionPeriod).toBe("30d");
  });
});

describe("alerts from the logs", () => {
  it("a second vmalert on VictoriaLogs evaluates the LogsQL rules; the metrics vmalert and promtool leave them out", async () => {
    const gen = await generate(config({}), { source: "test" });
    const files = gen.output.files;
    const vmalert = parse(files.get("monitoring/alert-rules/vmalert-vm-logs.yaml")!);
    expect(vmalert.spec.datasource.url).toBe("http://victoria-logs.monitoring.svc:9428");
    expect(vmalert.spec.ruleSelector).toEqual({ matchLabels: { "vigil.dev/datasource": "victorialogs" } });
    expect(vmalert.spec.notifiers).toEqual([{ url: "http://vmalertmanager-vm.monitoring.svc:9093" }]);
    const rule = parse(files.get("monitoring/alert-rules/vmrule-vigil-log-alerts-logs.yaml")!);
    expect(rule.metadata.labels["vigil.dev/datasource"]).toBe("victorialogs");
    expect(rule.spec.groups[0]).toMatchObject({ name: "vigil.logs", type: "vlogs", rules: [{ alert: "LogErrorsSpike", labels: { severity: "warning" } }] });
    expect(rule.spec.groups[0].rules[0].expr).toBe("(error OR panic OR fatal OR level:error OR level:ERROR) | stats by (namespace) count() as errors | filter errors:>100");
    const values = parse(files.get("monitoring/victoria-metrics/values.yaml")!)["victoria-metrics-k8s-stack"];
    expect(values.vmalert.spec.ruleSelector).toEqual({ matchExpressions: [{ key: "vigil.dev/datasource", operator: "NotIn", values: ["victorialogs"] }] });
    const { prometheusRuleFile } = await import("../src/checks/tool-tests.js");
    expect(prometheusRuleFile(gen.parts)).not.toContain("LogErrorsSpike");
    const off = await generate(config({ alerting: { groups: { logs: false } } }), { source: "test" });
    expect([...off.output.files.keys()].some((f) => f.includes("vm-logs"))).toBe(false);
  });
});

describe("Loki as the log store", () => {
  const LOKI = { logs: { backend: "loki" }, retention: { logs: "30d" } };

  it("single binary on a filesystem PVC, schema v13 tsdb, auth, caches, canary, gateway, test and MinIO off", async () => {
    const gen = await generate(config(LOKI), { source: "test" });
    expect(gen.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect([...gen.output.files.keys()].filter((f) => f.startsWith("monitoring/victoria-logs/"))).toEqual([]);
    const v = parse(gen.output.files.get("monitoring/loki/values.yaml")!).loki;
    expect(v.deploymentMode).toBe("Monolithic");
    expect(v.loki.auth_enabled).toBe(false);
    expect(v.loki.schemaConfig.configs).toEqual([{ from: "2024-04-01", store: "tsdb", object_store: "filesystem", schema: "v13", index: { prefix: "loki_index_", period: "24h" } }]);
    expect(v.singleBinary).toMatchObject({ replicas: 1, persistence: { enabled: true, size: "10Gi", storageClass: "local-path" } });
    for (const off of ["gateway", "chunksCache", "resultsCache", "lokiCanary", "test", "minio"]) expect(v[off], off).toEqual({ enabled: false });
    for (const zero of ["read", "write", "backend"]) expect(v[zero], zero).toEqual({ replicas: 0 });
    expect(v.loki.structuredConfig.limits_config).toMatchObject({ ingestion_rate_mb: 16, ingestion_burst_size_mb: 32 });
  });

  it("retention really deletes: compactor retention on with a delete-request store, the period from the config; turning it off fails this test", async () => {
    const v = parse((await generate(config(LOKI), { source: "test" })).output.files.get("monitoring/loki/values.yaml")!).loki.loki.structuredConfig;
    expect(v.compactor.retention_enabled).toBe(true);
    expect(v.compactor.delete_request_store).toBe("filesystem");
    expect(v.limits_config.retention_period).toBe("30d");
  });

  it("Vector ships to Loki with namespace, pod and container as labels; the Loki datasource and the LogQL Logs dashboard replace VictoriaLogs'", async () => {
    const gen = await generate(config(LOKI), { source: "test" });
    // As the chart's `tpl` hands it to Vector: the label templates are escaped in the values.
    const vector = valuesAfterTpl(parse(gen.output.files.get("monitoring/vector/values.yaml")!).vector.customConfig);
    expect(vectorConfigSchema.safeParse(vector).success).toBe(true);
    expect(vector.sinks[VECTOR_SINKS.pods]).toMatchObject({ type: "loki", endpoint: "http://loki.monitoring.svc:3100", labels: { namespace: "{{ namespace }}", pod: "{{ pod }}", container: "{{ container }}" }, encoding: { codec: "json" } });
    expect(gen.parts.datasources.map((d) => d.uid).sort()).toEqual(["alertmanager", "loki", "victoriametrics"]);
    const logs = gen.parts.dashboards.find((d) => d.uid === "vigil-logs")!.json as any;
    expect(logs.panels.filter((p: any) => p.type !== "row").every((p: any) => ["loki", "victoriametrics"].includes(p.datasource.uid))).toBe(true);
    // No VictoriaLogs plugin to install, no LogsQL alerts without VictoriaLogs.
    expect(parse(gen.output.files.get("monitoring/grafana/values.yaml")!).grafana.extraInitContainers).toBeUndefined();
    expect([...gen.output.files.keys()].some((f) => f.includes("vm-logs"))).toBe(false);
  });

  it("the dashboard check catches broken LogQL", async () => {
    const broken = defineComponent({
      name: "broken",
      description: "",
      enabledWhen: () => true,
      render() {},
      assemble(ctx) {
        ctx.dashboard({ uid: "x", title: "X", folder: "x", json: { uid: "x", panels: [{ id: 1, type: "logs", title: "Bad", datasource: { uid: "loki" }, targets: [{ expr: '{namespace="a" |~ ' }] }] } });
      },
    });
    const gen = await generate(config(LOKI), { source: "test", components: [...COMPONENTS, broken] });
    expect(gen.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)[0]).toMatch(/^dashboard "X" \(x\), panel "Bad": invalid LogQL, syntax error/);
  });
});

describe("Grafana Alloy as the agent", () => {
  const ALLOY = { logs: { agent: "alloy", drop: [{ namespace: "media", message: "DEBUG" }] } };
  const content = async (input: unknown) => afterTpl(parse((await generate(config(input), { source: "test" })).output.files.get("monitoring/alloy/values.yaml")!).alloy.alloy.configMap.content as string);

  it("its generated configuration parses, every reference resolves, and vigil build checks it", async () => {
    const { parseAlloy, unresolvedReferences } = await import("../src/logs/alloy-syntax.js");
    const gen = await generate(config(ALLOY), { source: "test" });
    expect(gen.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect([...gen.output.files.keys()].some((f) => f.startsWith("monitoring/vector/"))).toBe(false);
    const blocks = parseAlloy(await content(ALLOY));
    expect(blocks.map((b) => `${b.name} ${b.label}`)).toEqual([
      "discovery.kubernetes pods",
      "discovery.relabel pods",
      "local.file_match pods",
      "loki.source.file pods",
      "loki.process pods",
      "loki.relabel journal",
      "loki.source.journal journal",
      "loki.source.kubernetes_events events",
      "loki.write store",
    ]);
    expect(unresolvedReferences(blocks)).toEqual([]);
  });

  it("discovers only its own node's pods, sets the same fields as Vector, keeps only the stream fields as labels", async () => {
    const { parseAlloy } = await import("../src/logs/alloy-syntax.js");
    const blocks = parseAlloy(await content(ALLOY));
    const discovery = blocks.find((b) => b.name === "discovery.kubernetes")!;
    expect(discovery.blocks[0]!.attributes.field).toEqual({ kind: "binary", op: "+", left: { kind: "literal", value: "spec.nodeName=" }, right: { kind: "call", fn: ["sys", "env"], args: [{ kind: "literal", value: "NODE_NAME" }] } });
    const relabel = blocks.find((b) => b.name === "discovery.relabel")!;
    const targets = relabel.blocks.map((r) => (r.attributes.target_label as { value: string }).value);
    expect(targets).toEqual([...POD_FIELDS.map((f) => f.field), "__path__"]);
    const process = blocks.find((b) => b.name === "loki.process")!;
    const dropped = (process.blocks.find((b) => b.name === "stage.label_drop")!.attributes.values as { items: { value: string }[] }).items.map((i) => i.value);
    expect(POD_FIELDS.filter((f) => !dropped.includes(f.field)).map((f) => f.field)).toEqual(streamFields(POD_FIELDS));
    expect(process.blocks.map((b) => b.name)).toEqual(["stage.cri", "stage.drop", "stage.match", "stage.structured_metadata", "stage.label_drop"]);
  });

  it("pushes to VictoriaLogs' or Loki's push API; Talos without journald; events read by Alloy on one node, by the exporter on several", async () => {
    expect(await content(ALLOY)).toContain('url = "http://victoria-logs.monitoring.svc:9428/insert/loki/api/v1/push"');
    expect(await content({ ...ALLOY, logs: { ...ALLOY.logs, backend: "loki" } })).toContain('url = "http://loki.monitoring.svc:3100/loki/api/v1/push"');
    expect(await content({ ...ALLOY, cluster: { distribution: "talos" } })).not.toContain("loki.source.journal");
    const three = await generate(config({ ...ALLOY, cluster: { nodes: 3 } }), { source: "test" });
    expect(parse(three.output.files.get("monitoring/alloy/values.yaml")!).alloy.alloy.configMap.content).not.toContain("kubernetes_events");
    // On several nodes the event exporter ships them once, through Alloy like any pod log.
    expect(three.output.files.has("monitoring/events/deployment-event-exporter.yaml")).toBe(true);
    expect(three.diagnostics.some((d) => d.message.includes("events"))).toBe(false);
    const one = await generate(config(ALLOY), { source: "test" });
    expect(one.output.files.has("monitoring/events/deployment-event-exporter.yaml")).toBe(false);
  });

  it("the parser catches syntax errors and references to undeclared components", async () => {
    const { parseAlloy, unresolvedReferences } = await import("../src/logs/alloy-syntax.js");
    expect(() => parseAlloy('loki.write "x" {\n  endpoint {\n    url = "http://a\n  }\n}')).toThrow(/newline in string at line 3/);
    expect(() => parseAlloy('loki.write "x" {\n  endpoint {\n    url = "http://a"\n}')).toThrow(/expected "}"/);
    expect(() => parseAlloy('a "x" { b = 1 b = 2 }')).toThrow(/attribute "b" set twice/);
    expect(unresolvedReferences(parseAlloy('loki.source.file "p" {\n  forward_to = [loki.process.pods.receiver]\n}'))).toEqual(["loki.process.pods.receiver"]);
    const broken = defineComponent({ name: "b", description: "", enabledWhen: () => true, render: (ctx) => ctx.values("alloy", { alloy: { configMap: { content: 'loki.write "store" {' } } }) });
    const gen = await generate(config(ALLOY), { source: "test", components: [...COMPONENTS, broken] });
    expect(gen.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual(['monitoring/alloy/values.yaml (alloy.alloy.configMap.content): Alloy configuration /: syntax: expected "}", found "end of file" at line 1, column 21']);
  });
});

describe("Kubernetes events as logs", () => {
  it("with Vector, a one-replica exporter writes events to stdout, read-only RBAC on events alone", async () => {
    const gen = await generate(config({}), { source: "test" });
    const files = gen.output.files;
    const role = parse(files.get("monitoring/events/clusterrole-vigil-event-exporter.yaml")!);
    expect(role.rules).toEqual([{ apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["get", "list", "watch"] }]);
    const deployment = parse(files.get("monitoring/events/deployment-event-exporter.yaml")!);
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.containers[0].resources.limits.memory).toBe("64Mi");
    const cfg = parse(parse(files.get("monitoring/events/configmap-event-exporter.yaml")!).data["config.yaml"]);
    expect(cfg.receivers).toEqual([{ name: "stdout", stdout: {} }]);
    // Alloy reads events itself; no exporter then.
    const alloy = await generate(config({ logs: { agent: "alloy" } }), { source: "test" });
    expect([...alloy.output.files.keys()].some((f) => f.startsWith("monitoring/events/"))).toBe(false);
  });
});

describe("alerts from the logs with Loki", () => {
  it("the Loki ruler loads vigil's LogQL rules from a labelled ConfigMap into the tenant's folder, notifies Alertmanager and writes ALERTS to VictoriaMetrics", async () => {
    const { logqlErrors } = await import("../src/checks/logql.js");
    const gen = await generate(config({ logs: { backend: "loki" } }), { source: "test" });
    const v = parse(gen.output.files.get("monitoring/loki/values.yaml")!).loki;
    expect(v.loki.structuredConfig.ruler).toEqual({
      alertmanager_url: "http://vmalertmanager-vm.monitoring.svc:9093",
      enable_api: true,
      rule_path: "/var/loki/rules-temp",
      storage: { type: "local", local: { directory: "/rules" } },
      // ALERTS of the ruler's alerts go to VictoriaMetrics, with the cluster label, through a WAL on the data volume.
      wal: { dir: "/var/loki/ruler-wal" },
      remote_write: { enabled: true, clients: { victoriametrics: { url: "http://vmsingle-vm.monitoring.svc:8428/api/v1/write", write_relabel_configs: [{ target_label: "cluster", replacement: "homelab" }] } } },
    });
    expect(v.singleBinary.persistence.enabled).toBe(true);
    expect(v.sidecar.rules).toEqual({ enabled: true, label: "loki_rule", labelValue: "1", folderAnnotation: "loki_rule_folder" });
    const cm = parse(gen.output.files.get("monitoring/alert-rules/configmap-vigil-loki-rules.yaml")!);
    expect(cm.metadata.labels.loki_rule).toBe("1");
    expect(cm.metadata.annotations.loki_rule_folder).toBe("fake");
    const rules = parse(cm.data["vigil-logs.yaml"]);
    const rule = rules.groups[0].rules[0];
    expect(rule).toMatchObject({ alert: "LogErrorsSpike", for: "10m", labels: { severity: "warning" } });
    expect(logqlErrors(rule.expr)).toEqual([]);
    expect(logqlErrors(rule.expr.replace("[5m]", "[5m"))).not.toEqual([]);
  });
});

describe("Loki on S3-compatible storage", () => {
  it("MinIO: s3 object store and delete-request store, credentials from the Secret through the environment", async () => {
    const gen = await generate(config({ logs: { backend: "loki", lokiS3: { endpoint: "minio.storage.svc:9000", bucket: "loki", insecure: true } } }), { source: "test" });
    const v = parse(gen.output.files.get("monitoring/loki/values.yaml")!).loki;
    expect(v.loki.storage.type).toBe("s3");
    expect(v.loki.schemaConfig.configs[0].object_store).toBe("s3");
    expect(v.loki.structuredConfig.compactor.delete_request_store).toBe("s3");
    // The chart's own storage values: it writes common.storage.s3 from them, and refuses to render
    // without the bucket names (issue 11 #3; the rendered config is checked in test/render.test.ts).
    expect(v.loki.storage.bucketNames).toEqual({ chunks: "loki", ruler: "loki", admin: "loki" });
    expect(v.loki.storage.s3).toEqual({ endpoint: "minio.storage.svc:9000", region: "us-east-1", insecure: true, s3ForcePathStyle: true, accessKeyId: "${S3_ACCESS_KEY_ID}", secretAccessKey: "${S3_SECRET_ACCESS_KEY}" });
    expect(v.loki.structuredConfig.common).toBeUndefined();
    expect(v.singleBinary.extraArgs).toEqual(["-config.expand-env=true"]);
    expect(v.singleBinary.extraEnv.map((e: any) => e.valueFrom.secretKeyRef)).toEqual([{ name: "loki-s3", key: "access-key-id" }, { name: "loki-s3", key: "secret-access-key" }]);
    const bad = parseConfig({ logs: { lokiS3: { endpoint: "m:9000", bucket: "loki" } } });
    expect(bad.ok).toBe(false);
  });
});
