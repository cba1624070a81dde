import { z } from "zod";
import { dnsLabel } from "./formats.js";

export const GITOPS_TARGETS = ["argocd"] as const; // "flux" is planned; the target layer has room for it.

export const gitopsSchema = z
  .strictObject({
    target: z.enum(GITOPS_TARGETS).default("argocd").meta({
      description: "GitOps tool that deploys the tree. Only `argocd` is implemented; `flux` is planned.",
    }),
    repoURL: z
      .string()
      .regex(/^(https?:\/\/|ssh:\/\/|git@)\S+$/, { message: 'is not a git URL; use e.g. "https://github.com/me/homelab.git"' })
      .default("https://github.com/example/homelab.git")
      .meta({ description: "URL of the git repository that holds the generated tree, as Argo CD reaches it." }),
    revision: z.string().min(1).default("HEAD").meta({ description: "Branch, tag or commit Argo CD follows." }),
    path: z
      .string()
      .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, { message: 'is not a relative path; use e.g. "clusters/homelab/monitoring"' })
      .default("monitoring")
      .meta({ description: "Path of the generated app folders inside the repository. The ApplicationSet makes one Application per folder below it." }),
    argocd: z
      .strictObject({
        namespace: dnsLabel.default("argocd").meta({ description: "Namespace Argo CD runs in (where the ApplicationSet goes)." }),
        project: dnsLabel.default("default").meta({ description: "Argo CD project of the generated Applications." }),
      })
      .prefault({})
      .meta({ description: "Argo CD settings." }),
  })
  .meta({ description: "Where the generated tree lives and how it is deployed." });
