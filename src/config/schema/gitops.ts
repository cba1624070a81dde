import { z } from "zod";
import { dnsLabel, noCredentialsInUrl, objectName } from "./formats.js";

export const GITOPS_TARGETS = ["argocd", "flux"] as const;

/** gitops.repoURL's default: a placeholder, which vigil warns about (Argo CD would read nothing there). */
export const PLACEHOLDER_REPO_URL = "https://github.com/example/homelab.git";

export const gitopsSchema = z
  .strictObject({
    target: z.enum(GITOPS_TARGETS).default("argocd").meta({
      description: "GitOps tool that deploys the tree: `argocd` (an ApplicationSet, one Application per folder) or `flux` (one Kustomization per folder, charts as HelmReleases).",
    }),
    repoURL: z
      .string()
      .regex(/^(https?:\/\/|ssh:\/\/|git@)\S+$/, { message: 'is not a git URL; use e.g. "https://github.com/me/homelab.git"' })
      .superRefine((v, ctx) => {
        // ssh://git@host/... names a user, not a credential.
        if (!/^ssh:\/\/[A-Za-z0-9._-]+@/.test(v)) noCredentialsInUrl("Argo CD and Flux read the repository's credentials from their own Secret (a repository Secret, or the GitRepository's secretRef): give the URL without them")(v, ctx);
      })
      .default(PLACEHOLDER_REPO_URL)
      .meta({ description: "URL of the git repository that holds the generated tree, as Argo CD reaches it (Flux: its GitRepository has it)." }),
    revision: z.string().min(1).default("HEAD").meta({ description: "Branch, tag or commit Argo CD follows (Flux: its GitRepository's)." }),
    path: z
      .string()
      // Inside the repository: no "..", ".", absolute or empty segments; lower-case, since the
      // folder names become Argo CD Application and Flux Kustomization names.
      .max(200, { message: "is longer than 200 characters" })
      .regex(/^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?(\/[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?)*$/, {
        message: 'is not a relative path of lower-case folder names inside the repository; use e.g. "clusters/homelab/monitoring" (no "..", no "." or empty folders, no leading "/")',
      })
      .default("monitoring")
      .meta({ description: "Path of the generated app folders inside the repository: one Argo CD Application, or one Flux Kustomization, per folder below it." }),
    appPrefix: z
      .string()
      .regex(/^([a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?-?)?$/, { message: 'is not a name prefix; use lower-case letters, digits and "-", e.g. "vigil-" (or "" for none)' })
      .optional()
      .meta({
        description:
          'Prefix of the Argo CD Application and Flux Kustomization names, before each folder\'s name, so that they do not take over apps of yours named "grafana" or "vector". Default: "vigil-" with Argo CD (vigil-grafana), and with Flux the last folder of gitops.path ("monitoring-grafana", as before). The folders and Helm release names stay as they are. "" for none.',
      }),
    argocd: z
      .strictObject({
        namespace: dnsLabel.default("argocd").meta({ description: "Namespace Argo CD runs in (where the ApplicationSet goes)." }),
        project: dnsLabel.default("default").meta({ description: "Argo CD project of the generated Applications." }),
        rollingSync: z.boolean().default(true).meta({
          description:
            "Deploy the Applications in waves (the ApplicationSet's RollingSync strategy), each after the apps it needs are Healthy: the log agent after the log store, Loki after the metrics stack, and so on (README of the tree). Takes effect once progressive syncs are on in Argo CD (`applicationsetcontroller.enable.progressive.syncs: \"true\"` in argocd-cmd-params-cm); until then Argo CD ignores it and syncs every app at once. With it on, the ApplicationSet controller syncs the apps (their own auto-sync is off). false: no strategy.",
        }),
      })
      .prefault({})
      .meta({ description: "Argo CD settings." }),
    flux: z
      .strictObject({
        namespace: dnsLabel.default("flux-system").meta({ description: "Namespace of Flux and of its GitRepository (where the Kustomizations go)." }),
        gitRepository: objectName.default("flux-system").meta({ description: "The GitRepository that holds this repository (`flux bootstrap` names it flux-system)." }),
        interval: z.string().regex(/^\d+(s|m|h)$/, { message: 'is not a duration; use e.g. "10m"' }).default("10m").meta({ description: "How often Flux reconciles the Kustomizations and HelmReleases." }),
        sopsSecret: objectName.optional().meta({
          description: "Secret in Flux's namespace with your age key (`sops.agekey`): the Kustomizations decrypt SOPS-encrypted files, e.g. the Secrets of `vigil secrets --format sops` in a folder under gitops.path.",
        }),
        substituteFrom: z
          .array(
            z.strictObject({
              kind: z.enum(["ConfigMap", "Secret"]).meta({ description: "ConfigMap or Secret in Flux's namespace." }),
              name: objectName.meta({ description: "Its name." }),
              optional: z.boolean().optional().meta({ description: "true: the Kustomization does not fail while it is missing." }),
            }),
          )
          .min(1)
          .optional()
          .meta({
            description:
              "Cluster-wide variables (Flux postBuild.substituteFrom): every Kustomization replaces `${NAME}` in the tree with the value of NAME from these, so a config string such as `access.host: grafana.${CLUSTER_DOMAIN}` is filled in by Flux. vigil writes its own `${...}` (environment references of Vector and Loki) as `$${...}`, which Flux turns back into `${...}`.",
          }),
      })
      .prefault({})
      .meta({ description: "Flux settings." }),
  })
  .meta({ description: "Where the generated tree lives and how it is deployed." });
