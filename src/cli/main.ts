// The command line: one file per command; this file only dispatches.
import { renderUsage, runCommand, type CommandDef } from "citty";
import { EXIT, processIo, type Io } from "./io.js";
import { buildCommand } from "./build.js";
import { planCommand } from "./plan.js";
import { initCommand } from "./init.js";
import { schemaCommand } from "./schema.js";
import { testCommand } from "./test.js";
import { checkCommand } from "./check.js";
import { secretsCommand } from "./secrets.js";
import { doctorCommand } from "./doctor.js";

const COMMANDS: Record<string, (io: Io) => CommandDef<any>> = {
  init: initCommand,
  build: buildCommand,
  plan: planCommand,
  schema: schemaCommand,
  test: testCommand,
  check: checkCommand,
  secrets: secretsCommand,
  doctor: doctorCommand,
};

function usage(): string {
  return [
    "vigil: generate, verify and check a GitOps monitoring stack for homelab Kubernetes",
    "",
    "Usage: vigil <command> [options]",
    "",
    "Commands:",
    "  init     Write a commented starter config",
    "  plan     Show containers, requests/limits, volumes and totals",
    "  build    Generate, check and write the GitOps tree (--out DIR, --check, --render)",
    "  test     Check the alerting with promtool and amtool (rules, unit tests, routing)",
    "  check    Security report of the tree: limits, root, privileges, host access, RBAC, secrets, NetworkPolicy;\n           --render: of the charts as Helm renders them, and their Services, scrapes and connections",
    "  secrets  Print how to create the Secrets the stack reads (kubectl, SOPS template, SealedSecrets)",
    "  doctor   Check the deployed stack on a live cluster: Secrets, pods, targets up, alerts, empty panels",
    "  schema   Print the config's JSON Schema",
    "",
    'Run "vigil <command> --help" for its options.',
  ].join("\n");
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return name ? EXIT.ok : EXIT.failed;
  }
  const make = COMMANDS[name];
  if (!make) {
    io.err(`vigil: unknown command "${name}"\n\n${usage()}`);
    return EXIT.failed;
  }
  const cmd = make(io);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(await renderUsage(cmd));
    return EXIT.ok;
  }
  try {
    const { result } = await runCommand(cmd, { rawArgs: rest });
    return typeof result === "number" ? result : EXIT.ok;
  } catch (e) {
    io.err(`vigil ${name}: ${(e as Error).message}`);
    return EXIT.failed;
  }
}

export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
