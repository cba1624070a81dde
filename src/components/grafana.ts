// Grafana, as a release of its own (the grafana chart): admin credentials from an existing
// Secret, vigil's datasources provisioned with fixed UIDs, dashboards loaded by the sidecar.
import { CHARTS, GRAFANA_IMAGE } from "../model/versions.js";
import { defineComponent, type RenderContext } from "./types.js";
import type { Stack } from "../model/stack.js";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "../model/pod-security.js";

/** The PVC vigil creates for Grafana's database (see the comment in render). */
export const GRAFANA_DATA_CLAIM = "grafana-data";
const GRAFANA_DATA_PATH = "/var/lib/grafana-data";

type Sso = NonNullable<Stack["config"]["grafana"]["sso"]>;

/**
 * Login through the user's identity provider (Grafana's generic_oauth, with PKCE). The client
 * secret reaches Grafana as GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET, Grafana's environment override
 * of [auth.generic_oauth] client_secret, from the Secret: never in the values.
 */
function singleSignOn(ctx: RenderContext, sso: Sso) {
  const { stack } = ctx;
  ctx.secret({ name: sso.clientSecret.secret.name, keys: [sso.clientSecret.secret.key], purpose: "Grafana's OAuth client secret" });
  ctx.values(stack.apps.grafana, {
    envValueFrom: { GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: sso.clientSecret.secret.name, key: sso.clientSecret.secret.key } } },
    "grafana.ini": {
      "auth.generic_oauth": {
        enabled: true,
        name: sso.name,
        client_id: sso.clientId,
        scopes: sso.scopes,
        auth_url: sso.authUrl,
        token_url: sso.tokenUrl,
        api_url: sso.apiUrl,
        use_pkce: true,
        allow_sign_up: sso.allowSignUp,
        ...(sso.roleAttributePath ? { role_attribute_path: sso.roleAttributePath } : {}),
      },
      ...(sso.disableLoginForm ? { auth: { disable_login_form: true } } : {}),
    },
  });
}

export default defineComponent({
  name: "grafana",
  description: "Grafana with vigil's datasources",
  enabledWhen: (stack) => stack.enabled.grafana,
  render(ctx) {
    const { stack } = ctx;
    // Without storage.grafana.persistent the chart keeps /var/lib/grafana on an emptyDir (persistence off).
    const persistent = stack.config.storage.grafana.persistent;
    const volume = persistent ? ctx.volume("grafana") : undefined;
    const secret = stack.config.grafana.adminSecret;
    ctx.secret({ name: secret.name, keys: [secret.userKey, secret.passwordKey], purpose: "Grafana admin login" });
    ctx.release(stack.apps.grafana, CHARTS.grafana, {
      // Grafana's data volume is a PVC declared here and mounted as an extra volume, rather than
      // the chart's `persistence`, whose storageClassName is not a value of the pinned chart's
      // values.yaml (only a comment there).
      ...(volume
        ? {
            extraObjects: [
              {
                apiVersion: "v1",
                kind: "PersistentVolumeClaim",
                metadata: { name: GRAFANA_DATA_CLAIM, namespace: stack.namespace },
                spec: {
                  accessModes: ["ReadWriteOnce"],
                  storageClassName: volume.storageClass,
                  resources: { requests: { storage: volume.size } },
                },
              },
            ],
            extraVolumes: [{ name: GRAFANA_DATA_CLAIM, existingClaim: GRAFANA_DATA_CLAIM }],
            extraVolumeMounts: [{ name: GRAFANA_DATA_CLAIM, mountPath: GRAFANA_DATA_PATH }],
          }
        : {}),
      admin: { existingSecret: secret.name, userKey: secret.userKey, passwordKey: secret.passwordKey },
      // One pod owns the ReadWriteOnce volume: replace, don't surge.
      deploymentStrategy: { type: "Recreate" },
      resources: ctx.resources("grafana", { workload: `Deployment/${stack.services.grafana.name}` }),
      persistence: { enabled: false, lookupVolumeName: false },
      initChownData: { enabled: false },
      // The chart's test pod is a Helm hook that Argo CD would run on every sync.
      testFramework: { enabled: false },
      // The dashboards sidecar reads ConfigMaps in its own namespace only: a Role there, not the
      // chart's default ClusterRole over every ConfigMap and Secret of the cluster.
      rbac: { namespaced: true },
      // Nothing downloaded at start but the pinned plugins: Grafana's own preinstall list is off
      // (it would fetch a dozen apps from grafana.com), and an init container installs exactly the
      // pinned plugin archives. (The chart's `plugins` value goes through the preinstall
      // mechanism, which GF_PLUGINS_PREINSTALL_DISABLED switches off too.)
      env: { GF_PLUGINS_PREINSTALL_DISABLED: "true" },
      ...(stack.grafanaPlugins.length
        ? {
            extraInitContainers: [
              {
                name: "install-plugins",
                image: stack.image(GRAFANA_IMAGE),
                command: [
                  "sh",
                  "-c",
                  stack.grafanaPlugins
                    .map((p) => `grafana cli --pluginsDir /var/lib/grafana/plugins --pluginUrl '${p.id === "victoriametrics-logs-datasource" && stack.config.grafana.victoriaLogsPluginUrl ? stack.config.grafana.victoriaLogsPluginUrl : p.url}' plugins install ${p.id} ${p.version}`)
                    .join(" && "),
                ],
                // The chart's data volume ("storage", an emptyDir) holds the plugins directory.
                volumeMounts: [{ name: "storage", mountPath: "/var/lib/grafana" }],
                // Sized like Grafana itself: an init container does not add to the pod's requests.
                resources: stack.resources("grafana"),
                // Not read-only: grafana cli unpacks the archive through /tmp.
                securityContext: { ...RESTRICTED_CONTAINER, ...RESTRICTED_POD, runAsNonRoot: true },
              },
            ],
          }
        : {}),
      "grafana.ini": {
        // Its database on the claim; stateless, Grafana's default /var/lib/grafana (the chart's emptyDir).
        ...(volume ? { paths: { data: GRAFANA_DATA_PATH } } : {}),
        plugins: { preinstall_auto_update: false },
        analytics: { check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false },
      },
      sidecar: {
        resources: ctx.resources("grafana-sidecar", { workload: `Deployment/${stack.services.grafana.name}` }),
        // Datasources are provisioned from values below; no second sidecar needed.
        datasources: { enabled: false },
        dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", folderAnnotation: "grafana_folder", provider: { foldersFromFilesStructure: true } },
      },
    });
    if (stack.config.grafana.sso) singleSignOn(ctx, stack.config.grafana.sso);
  },
  assemble(ctx, parts) {
    const { stack } = ctx;
    const datasources = [...parts.datasources].sort((a, b) => a.uid.localeCompare(b.uid));
    for (const ds of datasources) {
      const service = stack.serviceAt(ds.url);
      if (service) ctx.allow("grafana", service, `datasource ${ds.name}`);
    }
    ctx.values(stack.apps.grafana, {
      datasources: {
        "datasources.yaml": {
          apiVersion: 1,
          // Removing a datasource from the config removes it from Grafana too.
          prune: true,
          datasources: datasources.map((ds) => ({ ...ds, editable: false })),
        },
      },
    });
  },
});
