import { posix } from "node:path";
import { defineCommand } from "citty";
import { SECRET_FORMATS, secretInstructions, type SecretFormat } from "../secrets/templates.js";
import { EXIT, type Io } from "./io.js";
import { clusterArg, configArg, generateClusters, loadOrReport, sourceName } from "./shared.js";

export const secretsCommand = (io: Io) =>
  defineCommand({
    meta: { name: "secrets", description: "Print how to create the Secrets the stack reads: kubectl commands, a SOPS template, or SealedSecrets commands" },
    args: {
      ...configArg,
      ...clusterArg,
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
      const fleet = await generateClusters(io, args, loaded, sourceName(loaded));
      if (typeof fleet === "number") return fleet;
      for (const gen of fleet.members) {
        const own = gen.stack.config;
        if (config.fleet) io.out(`# Cluster ${gen.member.name} (${gen.member.role}); the ingest passwords (vigil-ingest-<name>) are the same on the hub and on each spoke.`);
        if (own.secrets.externalSecrets || own.secrets.onePassword) {
          io.err(`vigil secrets: ${own.secrets.externalSecrets ? "secrets.externalSecrets" : "secrets.onePassword"} is set${config.fleet ? ` for ${gen.member.name}` : ""}: an operator creates the Secrets from your password manager (folder secrets/); nothing to create by hand.`);
        }
        io.out(
          secretInstructions(args.format as SecretFormat, {
            namespace: gen.stack.namespace,
            secrets: gen.parts.secrets,
            sealedFolder: posix.join(own.gitops.path, "sealed-secrets"),
            // Argo CD's ApplicationSet picks up any folder; Flux's Kustomizations are one per folder vigil writes.
            deployer: own.gitops.target === "argocd" ? "the ApplicationSet" : "a Kustomization you add beside vigil's (bootstrap/) in Flux",
            ageRecipient: args.age,
          }),
        );
      }
      for (const host of config.fleet && args.cluster === undefined ? Object.keys(config.fleet.hosts) : []) {
        io.out(`# Host ${host}: its password (the hub's Secret vigil-ingest-${host}) goes into /etc/vigil/ingest-password and /etc/vigil/ingest.env on the host (hosts/${host}/README.md).`);
      }
      return EXIT.ok;
    },
  });
