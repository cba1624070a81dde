// vigil completion bash|zsh|fish: scripts made from the commands' definitions, run in the real shells.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir, toolsAvailable, vigil } from "./helpers.js";

const script = async (shell: string) => {
  const r = await vigil(tempDir(), "completion", shell);
  expect(r.code, r.stderr).toBe(0);
  const file = join(tempDir(), `vigil.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
};

describe("vigil completion", () => {
  it("bash: commands, each command's options, the values of --format, files for --config; a new option needs no second definition", async () => {
    const file = await script("bash");
    const complete = (...words: string[]) => {
      const r = spawnSync("bash", ["-c", `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _vigil; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim().split("\n").filter(Boolean);
    };
    expect(complete("vigil", "d")).toEqual(["diff", "doctor"]);
    expect(complete("vigil", "build", "--c")).toEqual(["--config", "--check", "--charts"]);
    expect(complete("vigil", "secrets", "--format", "s")).toEqual(["sops", "sealed-secrets"]);
    expect(complete("vigil", "doctor", "--a")).toEqual(["--all"]);
    expect(complete("vigil", "completion", "")).toEqual(["--help", "bash", "zsh", "fish"]);
    const dir = tempDir();
    writeFileSync(join(dir, "vigil.yaml"), "");
    const r = spawnSync("bash", ["-c", `cd ${dir}; source ${file}; COMP_WORDS=(vigil plan --config vi); COMP_CWORD=3; _vigil; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: "utf8" });
    expect(r.stdout.trim()).toBe("vigil.yaml");
  });

  it.runIf(toolsAvailable(["fish"], "the fish completion test"))("fish: the same, through fish's own completer", async () => {
    const file = await script("fish");
    const complete = (line: string) => spawnSync("fish", ["-c", `source ${file}; complete -C '${line}'`], { encoding: "utf8" }).stdout.trim().split("\n").map((l) => l.split("\t")[0]);
    expect(complete("vigil d")).toEqual(["diff", "doctor"]);
    expect(complete("vigil secrets --format ")).toEqual(["kubectl", "sealed-secrets", "sops"]);
    expect(complete("vigil diff --s")).toEqual(["--stat"]);
    expect(complete("vigil completion ")).toEqual(["bash", "fish", "zsh"]);
  });

  it.runIf(toolsAvailable(["zsh"], "the zsh completion test"))("zsh: a script zsh parses, with every command and option", async () => {
    const file = await script("zsh");
    const r = spawnSync("zsh", ["-n", file], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    // And it loads: compdef is defined by compinit.
    const load = spawnSync("zsh", ["-c", `autoload -Uz compinit && compinit -u -D && source ${file} && whence -w _vigil _vigil_build`], { encoding: "utf8" });
    expect(load.stdout).toContain("_vigil: function");
    expect(load.stdout).toContain("_vigil_build: function");
    const text = spawnSync("cat", [file], { encoding: "utf8" }).stdout;
    for (const opt of ["'--stat[", "'--all[", "'--format[", ":value:(kubectl sops sealed-secrets)", "'1:shell:(bash zsh fish)'"]) expect(text).toContain(opt);
  });

  it("an unknown shell is refused with the ones there are", async () => {
    const r = await vigil(tempDir(), "completion", "powershell");
    expect([r.code, r.stderr.trim()]).toEqual([2, "vigil completion: give the shell, one of bash, zsh, fish (e.g. source <(vigil completion bash))"]);
  });
});
