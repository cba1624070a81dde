// The one schema of vigil's configuration: types, defaults, validation, docs and schema.json
// all derive from it.
import { z } from "zod";
import { clusterSchema } from "./cluster.js";
import { gitopsSchema } from "./gitops.js";
import { storageSchema } from "./storage.js";
import { appsSchema, componentsSchema, grafanaSchema, resourcesSchema, retentionSchema } from "./stack.js";
import { logsSchema } from "./logs.js";
import { dnsLabel } from "./formats.js";
import { scrapeSchema } from "./scrape.js";
import { alertingSchema } from "./alerting.js";
import { backupSchema } from "./backup.js";
import { secretsSchema } from "./secrets.js";
import { accessSchema } from "./access.js";
import { networkPolicySchema } from "./network.js";
import { metricsSchema } from "./metrics.js";
import { fleetSchema } from "./fleet.js";
import { versionsSchema } from "./versions.js";
import { tracesSchema } from "./traces.js";
import { imagesSchema } from "./images.js";
import { exportersSchema } from "./exporters.js";

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: "Path or URL of vigil's schema.json, for YAML editors." }),
    cluster: clusterSchema.prefault({}),
    gitops: gitopsSchema.prefault({}),
    namespace: dnsLabel.default("monitoring").meta({ description: "Namespace every component is deployed to." }),
    metrics: metricsSchema.prefault({}),
    storage: storageSchema.prefault({}),
    retention: retentionSchema.prefault({}),
    resources: resourcesSchema.prefault({}),
    components: componentsSchema.prefault({}),
    scrape: scrapeSchema.prefault({}),
    exporters: exportersSchema.prefault({}),
    alerting: alertingSchema.prefault({}),
    logs: logsSchema.prefault({}),
    traces: tracesSchema.prefault({}),
    grafana: grafanaSchema.prefault({}),
    apps: appsSchema.prefault({}),
    backup: backupSchema.prefault({}),
    secrets: secretsSchema.prefault({}),
    access: accessSchema.prefault({}),
    networkPolicy: networkPolicySchema.prefault({}),
    versions: versionsSchema.prefault({}),
    images: imagesSchema.prefault({}),
    fleet: fleetSchema.optional(),
  })
  .meta({ title: "vigil configuration", description: "Configuration of vigil, the homelab monitoring stack generator." });

/** What a user writes: every field optional. */
export type VigilConfigInput = z.input<typeof configSchema>;
/** The parsed config, every default filled in. */
export type VigilConfig = z.output<typeof configSchema>;

export { STORAGE_PRESETS } from "./storage.js";
export { PROFILES } from "./stack.js";
export { DISTRIBUTIONS, DATASTORES } from "./cluster.js";
export { GITOPS_TARGETS } from "./gitops.js";
export { HOST_OS } from "./fleet.js";
