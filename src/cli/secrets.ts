import { posix } from "node:path";
import { defineCommand } from "citty";
import { generate } from "../pipeline.js";
import { SECRET_FORMATS, secretInstructions, type SecretFormat } from "../secrets/templates.js";
import { EXIT, type Io } from "./io.js";
import { configArg, loadOrReport, sourceName } from "./shared.js";

export const secretsCommand = (io: Io) =>
  defineCommand({
    meta: { name: "secrets", description: "Print how to create the Secrets the stack reads: kubectl commands, a SOPS template, or SealedSecrets commands" },
    args: {
      ...configArg,
      format: { type: "string", description: `One of ${SECRET_FORMATS.join(", ")} (default kubectl)`, default: "kubectl" },
      age: { type: "string", description: "Your age public key, for the .sops.yaml rule in the SOPS template" },
    },
    async run({ args }) {
      if (!(SECRET_FORMATS as readonly string[]).includes(args.format)) {
        io.err(`vigil secrets: --format "${args.format}" is not one of ${SECRET_FORMATS.join(", ")}`);
        return EXIT.failed;
      }
      const loaded = await loadOrReport(io, args.config);
      if (typeof loaded === "number") return loaded;
      const { config } = loaded;
      const gen = await generate(config, { source: sourceName(loaded), userDashboards: loaded.userDashboards });
      if (config.secrets.externalSecrets || config.secrets.onePassword) {
        io.err(`vigil secrets: ${config.secrets.externalSecrets ? "secrets.externalSecrets" : "secrets.onePassword"} is set: an operator creates the Secrets from your password manager (folder secrets/); nothing to create by hand.`);
      }
      io.out(
        secretInstructions(args.format as SecretFormat, {
          namespace: gen.stack.namespace,
          secrets: gen.parts.secrets,
          sealedFolder: posix.join(config.gitops.path, "sealed-secrets"),
          ageRecipient: args.age,
        }),
      );
      return EXIT.ok;
    },
  });
