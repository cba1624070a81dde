// The 1Password Connect operator's OnePasswordItem (onepassword.com/v1): its CRD has one spec field.
import { z } from "zod";
import { objectMeta } from "./common.js";

export const onePasswordItem = z.strictObject({
  apiVersion: z.literal("onepassword.com/v1"),
  kind: z.literal("OnePasswordItem"),
  metadata: objectMeta,
  spec: z.strictObject({
    // "vaults/<vault id or title>/items/<item id or title>"
    itemPath: z.string().regex(/^vaults\/[^/]+\/items\/[^/]+$/, { message: 'is not "vaults/<vault>/items/<item>"' }),
  }),
});
