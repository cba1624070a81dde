// Where the Secrets the stack reads come from. vigil never writes a secret value: without this
// section the user creates them (kubectl, SOPS, SealedSecrets: `vigil secrets`); with
// `externalSecrets` or `onePassword` vigil generates one object per Secret, and an operator in the
// cluster fills them in from the user's password manager.
import { z } from "zod";
import { objectName } from "./formats.js";

export const secretsSchema = z
  .strictObject({
    externalSecrets: z
      .strictObject({
        store: objectName.meta({ description: "Name of your SecretStore or ClusterSecretStore (1Password, Bitwarden, Vault, Infisical, a cloud secret manager...)." }),
        storeKind: z.enum(["ClusterSecretStore", "SecretStore"]).default("ClusterSecretStore").meta({ description: "Kind of that store." }),
        keyPrefix: z.string().regex(/^[-._/a-zA-Z0-9]*$/, { message: 'is not a key prefix; use letters, digits and "-._/", e.g. "homelab/"' }).default("").meta({
          description: "Prefix of the item names in the store: Secret `grafana-admin` is read from item `<keyPrefix>grafana-admin`, one property per key.",
        }),
        refreshInterval: z.string().regex(/^\d+(s|m|h)$/, { message: 'is not a duration; use e.g. "1h"' }).default("1h").meta({ description: "How often the operator re-reads the store." }),
      })
      .optional()
      .meta({ description: "Generate an ExternalSecret (external-secrets.io/v1) for every Secret the stack reads. Requires the External Secrets Operator in the cluster." }),
    onePassword: z
      .strictObject({
        vault: z.string().regex(/^[^/]+$/, { message: 'is not a vault; use its title or id, without "/"' }).meta({ description: "The 1Password vault (title or id) the items are in." }),
        itemPrefix: z.string().regex(/^[^/]*$/, { message: 'is not an item prefix; it cannot contain "/"' }).default("").meta({
          description: "Prefix of the item titles: Secret `grafana-admin` is read from item `<itemPrefix>grafana-admin`, whose fields are named like the Secret's keys.",
        }),
      })
      .optional()
      .meta({ description: "Generate a OnePasswordItem (onepassword.com/v1) for every Secret the stack reads. Requires 1Password Connect and its Kubernetes operator." }),
  })
  .meta({ description: "Where the stack's Secrets come from. Without `externalSecrets` or `onePassword`, create them yourself (`vigil secrets` prints how; the tree's README lists them)." });
