// ExternalSecrets for every Secret the other components declared (ctx.secret): with
// `secrets.externalSecrets` set, the External Secrets Operator creates them from the user's store,
// one store item per Secret and one property per key. Runs in `assemble`, after every declaration.
import { defineComponent, type KubeObject } from "./types.js";

export default defineComponent({
  name: "external-secrets",
  description: "ExternalSecrets for the Secrets the stack reads",
  enabledWhen: (stack) => stack.config.secrets.externalSecrets !== undefined,
  render() {},
  assemble(ctx, parts) {
    const { stack } = ctx;
    const eso = stack.config.secrets.externalSecrets!;
    for (const secret of parts.secrets) {
      const object: KubeObject = {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: { name: secret.name, namespace: stack.namespace, labels: { "app.kubernetes.io/managed-by": "vigil" } },
        spec: {
          refreshInterval: eso.refreshInterval,
          secretStoreRef: { name: eso.store, kind: eso.storeKind },
          // The operator owns the Secret: deleting the ExternalSecret deletes it.
          target: { name: secret.name, creationPolicy: "Owner" },
          data: secret.keys.map((key) => ({ secretKey: key, remoteRef: { key: `${eso.keyPrefix}${secret.name}`, property: key } })),
        },
      };
      ctx.object(stack.apps.secrets, object);
    }
  },
});
