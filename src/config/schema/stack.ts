import { z } from "zod";
import { credential, noCredentialsInUrl, objectName, retention } from "./formats.js";

const httpsUrl = z
  .url({ protocol: /^https?$/, message: 'is not an http(s) URL; use e.g. "https://auth.lab.example.com/application/o/authorize/"' })
  .superRefine(noCredentialsInUrl("the client secret is grafana.sso.clientSecret, a Secret reference; give the provider's URL without credentials"));

export const PROFILES = ["small", "medium"] as const;

const resourceList = z.strictObject({
  cpu: z.string().regex(/^\d+(\.\d+)?m?$/, { message: 'is not a CPU quantity; use e.g. "100m" or "1"' }).optional(),
  memory: z
    .string()
    .regex(/^\d+(Ki|Mi|Gi)$/, { message: 'is not a memory quantity; use e.g. "128Mi"' })
    .optional(),
});

export const resourcesSchema = z
  .strictObject({
    profile: z.enum(PROFILES).default("small").meta({
      description:
        "Resource profile: `small` fits a Raspberry Pi or NUC (total memory requests at most 500Mi), `medium` a bigger node with more series and logs.",
    }),
    overrides: z
      .record(z.string(), z.strictObject({ requests: resourceList.optional(), limits: resourceList.optional() }))
      .default({})
      .meta({
        description:
          "Per-container overrides of the profile, keyed by the container ids `vigil plan` lists (e.g. `vmsingle`), with `requests` and/or `limits` of `cpu` and `memory`.",
      }),
  })
  .meta({ description: "CPU and memory requests and limits of every container." });

export const retentionSchema = z
  .strictObject({
    metrics: retention.default("15d").meta({ description: "How long VictoriaMetrics keeps samples (h, d, w or y; at least 24h)." }),
    logs: retention.default("15d").meta({ description: "How long VictoriaLogs keeps logs (h, d, w or y; at least 24h)." }),
    traces: retention.default("7d").meta({ description: "How long Tempo keeps traces (h, d, w or y; at least 24h), with components.traces." }),
  })
  .meta({ description: "How long data is kept." });

export const componentsSchema = z
  .strictObject({
    logs: z.boolean().default(true).meta({ description: "VictoriaLogs, the log store." }),
    logAgent: z.boolean().default(true).meta({ description: "Vector, the node agent that ships pod logs to the log store. Needs `logs`." }),
    grafana: z.boolean().default(true).meta({ description: "Grafana with vigil's datasources." }),
    alertmanager: z.boolean().default(true).meta({ description: "VMAlertmanager, which routes alerts to receivers." }),
    vmalert: z.boolean().default(true).meta({ description: "vmalert, which evaluates alerting and recording rules." }),
    nodeExporter: z.boolean().default(true).meta({ description: "prometheus-node-exporter on every node (host metrics)." }),
    kubeStateMetrics: z.boolean().default(true).meta({ description: "kube-state-metrics (object state: pods, deployments, PVCs...)." }),
    traces: z.boolean().default(false).meta({
      description: "Tempo (single binary), the trace store, behind the trace collector: your apps send OTLP to trace-collector.<namespace>.svc:4317 (gRPC) or :4318 (HTTP); Grafana gets a Tempo datasource linked to the logs and metrics (`traces` settings, docs/traces.md).",
    }),
  })
  .meta({ description: "Switch parts of the stack on or off. VictoriaMetrics itself (operator, VMSingle, vmagent) is always on." });

export const grafanaSchema = z
  .strictObject({
    dashboards: z
      .strictObject({
        folder: z.string().min(1).meta({ description: "Folder of your own dashboards, relative to the config file: *.json (Grafana's JSON model) or *.ts/*.mjs modules whose default export is one." }),
        grafanaFolder: z.string().min(1).default("Homelab").meta({ description: "Grafana folder they are shown in." }),
      })
      .optional()
      .meta({ description: "Your own dashboards, shipped with vigil's and checked the same way (unknown metrics are only warnings: your apps are not in vigil's catalog)." }),
    victoriaLogsPluginUrl: z
      .string()
      .regex(/^https?:\/\/\S+\.zip$/, { message: 'is not a URL of a plugin .zip; use e.g. "http://files.lan/victoriametrics-logs-datasource-v0.30.1.zip"' })
      .superRefine(noCredentialsInUrl("Grafana's init container would write it into the pod spec in plain text; serve the .zip without a login on your network"))
      .optional()
      .meta({
        description:
          "Where Grafana's init container downloads the pinned VictoriaLogs datasource plugin from. Default: its GitHub release. An offline homelab mirrors that .zip on its network and sets this URL.",
      }),
    adminSecret: z
      .strictObject({
        name: objectName.default("grafana-admin").meta({ description: "Name of the existing Secret in the monitoring namespace." }),
        userKey: z.string().min(1).default("admin-user").meta({ description: "Key of the admin user name in that Secret." }),
        passwordKey: z.string().min(1).default("admin-password").meta({ description: "Key of the admin password in that Secret." }),
      })
      .prefault({})
      .meta({
        description:
          "Grafana admin credentials come only from an existing Secret (create it yourself, or with SOPS, SealedSecrets or ExternalSecrets); vigil never writes a password.",
      }),
    sso: z
      .strictObject({
        name: z.string().min(1).default("SSO").meta({ description: "Label of the login button (e.g. Authentik, Authelia, Keycloak)." }),
        authUrl: httpsUrl.meta({ description: "The provider's authorization endpoint." }),
        tokenUrl: httpsUrl.meta({ description: "Its token endpoint." }),
        apiUrl: httpsUrl.meta({ description: "Its userinfo endpoint." }),
        clientId: z.string().min(1).meta({ description: "The OAuth client id of Grafana at the provider." }),
        clientSecret: credential("grafana-oauth-client-secret", "grafana-oauth").meta({ description: "The client secret, from a Secret." }),
        scopes: z.string().min(1).default("openid profile email").meta({ description: "Scopes asked for, space-separated." }),
        roleAttributePath: z.string().min(1).optional().meta({
          description: "JMESPath giving the Grafana role from the user's claims, e.g. \"contains(groups, 'admins') && 'Admin' || 'Viewer'\". Default: every user is a Viewer.",
        }),
        allowSignUp: z.boolean().default(true).meta({ description: "Create a Grafana user at the first login through the provider." }),
        disableLoginForm: z.boolean().default(false).meta({ description: "Hide the user-and-password form (the admin from the Secret still works through the API)." }),
      })
      .optional()
      .meta({
        description:
          "Single sign-on with your identity provider (OAuth2/OIDC, Grafana's generic_oauth). Needs `access.grafana.url`: the provider redirects to <url>/login/generic_oauth.",
      }),
  })
  .meta({ description: "Grafana settings." });

export const appsSchema = z
  .strictObject({
    proxmox: z
      .strictObject({
        hosts: z.array(z.string().regex(/^[A-Za-z0-9.:-]+$/, { message: 'is not a host name or IP address; use e.g. "192.168.1.5"' })).min(1).meta({ description: "Proxmox VE hosts to query (one is enough for a cluster)." }),
        user: z.string().regex(/^[^@\s]+@[\w.-]+$/, { message: 'is not a Proxmox user; use e.g. "prometheus@pve"' }).default("prometheus@pve").meta({ description: "Proxmox user of the API token or password (a read-only PVEAuditor role is enough)." }),
        auth: z.enum(["token", "password"]).default("token").meta({
          description: "How the exporter logs in: `token` (an API token of the user: the Secret's keys `tokenName` and `tokenValue`; the safer choice) or `password` (the user's password: the Secret's key `password`).",
        }),
        secret: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: "is not a Secret name" }).default("pve-exporter").meta({
          description: "Existing Secret in the monitoring namespace with the keys `tokenName` and `tokenValue` of the API token (with auth: password, the key `password`) (create it yourself, or with SOPS, SealedSecrets or ExternalSecrets).",
        }),
        verifyTls: z.boolean().default(false).meta({ description: "Verify the hosts' TLS certificates (Proxmox's are self-signed unless you replaced them)." }),
      })
      .optional()
      .meta({ description: "Proxmox VE through prometheus-pve-exporter: deploys the exporter, scrapes it, adds the Proxmox dashboard." }),
  })
  .meta({ description: "Optional apps outside the cluster that vigil can watch." });
