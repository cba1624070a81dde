// The command line: one file per command; this file only dispatches.
import { renderUsage, runCommand, type CommandDef } from "citty";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { didYouMean } from "../config/diagnostics.js";
import { EXIT, processIo, type Io } from "./io.js";
import { buildCommand } from "./build.js";
import { diffCommand } from "./diff.js";
import { planCommand } from "./plan.js";
import { initCommand } from "./init.js";
import { schemaCommand } from "./schema.js";
import { testCommand } from "./test.js";
import { checkCommand } from "./check.js";
import { secretsCommand } from "./secrets.js";
import { doctorCommand } from "./doctor.js";
import { completionCommand } from "./completion.js";
import { upgradeCommand } from "./upgrade.js";

const COMMANDS: Record<string, (io: Io) => CommandDef<any>> = {
  init: initCommand,
  build: buildCommand,
  diff: diffCommand,
  plan: planCommand,
  schema: schemaCommand,
  test: testCommand,
  check: checkCommand,
  secrets: secretsCommand,
  doctor: doctorCommand,
  upgrade: upgradeCommand,
  completion: (io) => completionCommand(io, () => COMMANDS),
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
    "  diff     Show what build would change on disk, as a unified diff (--stat)",
    "  test     Check the alerting with promtool and amtool (rules, unit tests, routing)",
    "  check    Security report of the tree: limits, root, privileges, host access, RBAC, secrets, NetworkPolicy;\n           --render: of the charts as Helm renders them, and their Services, scrapes and connections",
    "  secrets  Print how to create the Secrets the stack reads (kubectl, SOPS template, SealedSecrets)",
    "  doctor   Check the deployed stack on a live cluster: Secrets, pods, targets up, alerts, empty panels",
    "  upgrade  Show the newest chart releases vigil supports; --write pins them (versions.charts)",
    "  schema   Print the config's JSON Schema",
    "  completion  Print the shell completion script (bash, zsh, fish)",
    "",
    'Run "vigil <command> --help" (or "vigil help <command>") for its options; "vigil --version" for the version.',
  ].join("\n");
}

/** vigil's own version, from its package.json. */
function version(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("../../package.json", import.meta.url)), "utf8")) as { version: string };
  return pkg.version;
}

/** The options a command does not have, as the user typed them (`--dry-run`, `-x`). */
function unknownOptions(cmd: CommandDef<any>, rest: string[]): { given: string; guess?: string }[] {
  const defs = (cmd.args ?? {}) as Record<string, { alias?: string | string[] }>;
  const known = Object.keys(defs);
  const aliases = Object.values(defs).flatMap((d) => (d.alias === undefined ? [] : [d.alias].flat()));
  const names = new Set([...known, ...known.map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)), "help"]);
  const out: { given: string; guess?: string }[] = [];
  for (const token of rest) {
    if (token === "--") break;
    if (token === "-h" || !token.startsWith("-") || /^-\d/.test(token)) continue;
    // A short alias (-o yaml, -ojson).
    if (!token.startsWith("--") && aliases.some((a) => token.slice(1).startsWith(a))) continue;
    const name = token.replace(/^--?/, "").split("=")[0]!;
    if (token.startsWith("--") && (names.has(name) || (name.startsWith("no-") && names.has(name.slice(3))))) continue;
    const guess = didYouMean(name, [...names]);
    out.push({ given: token.split("=")[0]!, ...(guess ? { guess: `--${guess}` } : {}) });
  }
  return out;
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [first, ...afterFirst] = argv;
  if (first === "--version" || first === "-v" || first === "version") {
    io.out(version());
    return EXIT.ok;
  }
  // `vigil help build` is `vigil build --help`.
  const [name, ...rest] = first === "help" && afterFirst.length ? [afterFirst[0]!, "--help"] : argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return EXIT.ok;
  }
  const make = COMMANDS[name];
  if (!make) {
    const guess = didYouMean(name, Object.keys(COMMANDS));
    io.err(`vigil: unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ""}\n\n${usage()}`);
    return EXIT.badConfig;
  }
  const cmd = make(io);
  const unknown = unknownOptions(cmd, rest);
  if (unknown.length) {
    for (const u of unknown) io.err(`vigil ${name}: unknown option ${u.given}${u.guess ? `; did you mean ${u.guess}?` : ""}`);
    io.err(`Run "vigil ${name} --help" for its options.`);
    return EXIT.badConfig;
  }
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
