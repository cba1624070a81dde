// vigil completion bash|zsh|fish: a completion script made from the commands' own definitions,
// so that a new option completes without anyone writing it twice.
import { defineCommand, type CommandDef } from "citty";
import { SECRET_FORMATS } from "../secrets/templates.js";
import { EXIT, type Io } from "./io.js";

export const SHELLS = ["bash", "zsh", "fish"] as const;
type Shell = (typeof SHELLS)[number];

interface Flag {
  name: string;
  description: string;
  /** Takes a value: a file or folder, one of a list, or any text. */
  value?: "path" | readonly string[] | "text";
}
export interface CommandSpec {
  name: string;
  description: string;
  flags: Flag[];
  /** The values of its positional argument, if it takes one of a list (completion's shell). */
  positional?: readonly string[];
}

/** Options whose value is a file or folder. */
const PATH_OPTIONS = new Set(["config", "out", "charts", "index"]);
/** Options whose value is one of a known list. */
const CHOICES: Record<string, readonly string[]> = { format: SECRET_FORMATS, shell: SHELLS, output: ["json", "yaml"] };

/** The commands and their options, from their citty definitions. */
export async function commandSpecs(commands: Record<string, (io: Io) => CommandDef<any>>, io: Io): Promise<CommandSpec[]> {
  const specs: CommandSpec[] = [];
  for (const [name, make] of Object.entries(commands)) {
    const cmd = make(io);
    const meta = (typeof cmd.meta === "function" ? await cmd.meta() : await cmd.meta) as { description?: string } | undefined;
    const args = ((typeof cmd.args === "function" ? await cmd.args() : await cmd.args) ?? {}) as Record<string, { type?: string; description?: string }>;
    const flags = Object.entries(args)
      .filter(([, a]) => a.type !== "positional")
      .map(([flag, a]) => ({
        name: flag,
        description: (a.description ?? "").split(/[(;:]/)[0]!.trim().slice(0, 70),
        ...(a.type === "boolean" ? {} : { value: PATH_OPTIONS.has(flag) ? ("path" as const) : (CHOICES[flag] ?? ("text" as const)) }),
      }));
    const positional = Object.entries(args).find(([, a]) => a.type === "positional");
    specs.push({
      name,
      description: (meta?.description ?? "").split(/[:(;]/)[0]!.trim().slice(0, 70),
      flags: [...flags, { name: "help", description: "Show the command's options" }],
      ...(positional && CHOICES[positional[0]] ? { positional: CHOICES[positional[0]] } : {}),
    });
  }
  return specs.sort((a, b) => a.name.localeCompare(b.name));
}

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

function bash(specs: CommandSpec[]): string {
  const cases = specs.map((c) => {
    const values = c.flags.filter((f) => f.value && f.value !== "text");
    const valueCases = values.map((f) => `        --${f.name}) COMPREPLY=($(compgen ${f.value === "path" ? "-f" : `-W ${quote((f.value as readonly string[]).join(" "))}`} -- "$cur")); return ;;`);
    return [
      `    ${c.name})`,
      ...(valueCases.length ? ["      case \"$prev\" in", ...valueCases, "      esac"] : []),
      `      COMPREPLY=($(compgen -W ${quote([...c.flags.map((f) => `--${f.name}`), ...(c.positional ?? [])].join(" "))} -- "$cur")) ;;`,
    ].join("\n");
  });
  return [
    "# vigil completion for bash: source <(vigil completion bash), or save it as /etc/bash_completion.d/vigil",
    "_vigil() {",
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    "  if [ \"$COMP_CWORD\" -eq 1 ]; then",
    `    COMPREPLY=($(compgen -W ${quote([...specs.map((c) => c.name), "help", "--version", "--help"].join(" "))} -- "$cur"))`,
    "    return",
    "  fi",
    '  case "${COMP_WORDS[1]}" in',
    ...cases,
    "  esac",
    "}",
    "complete -o default -F _vigil vigil",
    "",
  ].join("\n");
}

function zsh(specs: CommandSpec[]): string {
  // Inside zsh's single quotes: ' as '\'' ; [ ] : escaped for _arguments and _describe.
  const esc = (s: string) => s.replace(/[[\]:]/g, (m) => `\\${m}`).replace(/'/g, "'\\''");
  const fns = specs.map((c) => {
    const lines = c.flags.map((f) => {
      const action = !f.value ? "" : f.value === "path" ? ":path:_files" : f.value === "text" ? ":value: " : `:value:(${(f.value as readonly string[]).join(" ")})`;
      return `    '--${f.name}[${esc(f.description)}]${action}'`;
    });
    if (c.positional) lines.push(`    '1:shell:(${c.positional.join(" ")})'`);
    return [`_vigil_${c.name.replace(/-/g, "_")}() {`, "  _arguments \\", `${lines.join(" \\\n")}`, "}"].join("\n");
  });
  return [
    "#compdef vigil",
    "# vigil completion for zsh: vigil completion zsh > \"${fpath[1]}/_vigil\", then start a new shell",
    ...fns,
    "_vigil() {",
    "  local -a commands",
    `  commands=(${specs.map((c) => `'${c.name}:${esc(c.description)}'`).join(" ")})`,
    "  if (( CURRENT == 2 )); then",
    "    _describe 'command' commands",
    "    return",
    "  fi",
    "  shift words; (( CURRENT-- ))",
    '  case "${words[1]}" in',
    ...specs.map((c) => `    ${c.name}) _vigil_${c.name.replace(/-/g, "_")} ;;`),
    "  esac",
    "}",
    'compdef _vigil vigil',
    "",
  ].join("\n");
}

function fish(specs: CommandSpec[]): string {
  const lines = ["# vigil completion for fish: vigil completion fish > ~/.config/fish/completions/vigil.fish", "complete -c vigil -f"];
  for (const c of specs) lines.push(`complete -c vigil -n __fish_use_subcommand -a ${c.name} -d ${quote(c.description)}`);
  for (const c of specs) {
    if (c.positional) lines.push(`complete -c vigil -n '__fish_seen_subcommand_from ${c.name}' -a ${quote(c.positional.join(" "))}`);
    for (const f of c.flags) {
      const value = !f.value ? "" : f.value === "path" ? " -r -F" : f.value === "text" ? " -x" : ` -x -a ${quote((f.value as readonly string[]).join(" "))}`;
      lines.push(`complete -c vigil -n '__fish_seen_subcommand_from ${c.name}' -l ${f.name}${value} -d ${quote(f.description)}`);
    }
  }
  return [...lines, ""].join("\n");
}

export const completionScript = (shell: Shell, specs: CommandSpec[]): string => ({ bash, zsh, fish })[shell](specs);

export const completionCommand = (io: Io, commands: () => Record<string, (io: Io) => CommandDef<any>>) =>
  defineCommand({
    meta: { name: "completion", description: "Print the shell completion script: vigil completion bash|zsh|fish (see docs/cli.md to install it)" },
    args: { shell: { type: "positional", description: `One of ${SHELLS.join(", ")}`, required: false } },
    async run({ args }) {
      const shell = String(args.shell ?? "");
      if (!(SHELLS as readonly string[]).includes(shell)) {
        io.err(`vigil completion: give the shell, one of ${SHELLS.join(", ")} (e.g. source <(vigil completion bash))`);
        return EXIT.badConfig;
      }
      io.out(completionScript(shell as Shell, await commandSpecs(commands(), io)));
      return EXIT.ok;
    },
  });
