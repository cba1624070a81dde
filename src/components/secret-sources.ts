// Where the Secrets the other components declared (ctx.secret) come from, when an operator in the
// cluster creates them from the user's password manager: one object per Secret, in `secrets/`.
// - secrets.externalSecrets: an ExternalSecret (External Secrets Operator), one store item per
//   Secret and one property per key;
// - secrets.onePassword: a OnePasswordItem (1Password Connect operator), one item per Secret whose
//   field names are the keys (the operator lower-cases them and turns spaces into "-").
// Runs in `assemble`, after every declaration.
import type { Stack } from "../model/stack.js";
import { defineComponent, type KubeObject, type RequiredSecret } from "./types.js";

type Source = (stack: Stack, secret: RequiredSecret) => KubeObject;

const meta = (stack: Stack, name: string) => ({ name, namespace: stack.namespace, labels: { "app.kubernetes.io/managed-by": "vigil" } });

const externalSecret: Source = (stack, secret) => {
  const eso = stack.config.secrets.externalSecrets!;
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: meta(stack, secret.name),
    spec: {
      refreshInterval: eso.refreshInterval,
      secretStoreRef: { name: eso.store, kind: eso.storeKind },
      // The operator owns the Secret: deleting the ExternalSecret deletes it. The keys vigil knows
      // (no secret: a spoke's user name) are templated in, merged with what the store holds.
      target: { name: secret.name, creationPolicy: "Owner", ...(secret.known ? { template: { mergePolicy: "Merge", data: secret.known } } : {}) },
      data: secret.keys.filter((key) => secret.known?.[key] === undefined).map((key) => ({ secretKey: key, remoteRef: { key: `${eso.keyPrefix}${secret.name}`, property: key } })),
    },
  };
};

/** The Secret takes the OnePasswordItem's name; deleting the item deletes the Secret. */
const onePasswordItem: Source = (stack, secret) => {
  const op = stack.config.secrets.onePassword!;
  return {
    apiVersion: "onepassword.com/v1",
    kind: "OnePasswordItem",
    metadata: meta(stack, secret.name),
    spec: { itemPath: `vaults/${op.vault}/items/${op.itemPrefix}${secret.name}` },
  };
};

/** The source the config chooses, if any (the config check allows one at most). */
export function secretSource(stack: Stack): Source | undefined {
  if (stack.config.secrets.externalSecrets) return externalSecret;
  if (stack.config.secrets.onePassword) return onePasswordItem;
  return undefined;
}

export default defineComponent({
  name: "secret-sources",
  description: "ExternalSecrets or OnePasswordItems for the Secrets the stack reads",
  enabledWhen: (stack) => secretSource(stack) !== undefined,
  render() {},
  assemble(ctx, parts) {
    const source = secretSource(ctx.stack)!;
    // TLS certificates come from cert-manager or a file, not from the password manager.
    for (const secret of parts.secrets.filter((s) => !s.tls)) ctx.object(ctx.stack.apps.secrets, source(ctx.stack, secret));
  },
});
