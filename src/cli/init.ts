import { defineCommand } from "citty";
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { shortStarterConfig, starterConfig } from "../config/docs.js";
import { findConfigFile } from "../config/load.js";
import { EXIT, type Io } from "./io.js";

/** The repository's origin, for gitops.repoURL; undefined outside a repository or without one. */
function originUrl(cwd: string): string | undefined {
  try {
    const url = execFileSync("git", ["remote", "get-url", "origin"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    // A URL with a credential in it stays out of the config.
    return /^(https?:\/\/|ssh:\/\/|git@)\S+$/.test(url) && !/^https?:\/\/[^/]*@/.test(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

export const initCommand = (io: Io) =>
  defineCommand({
    meta: { name: "init", description: "Write a short starter config that builds as is (vigil.config.ts, or vigil.yaml with --yaml; --full: every option, commented)" },
    args: {
      yaml: { type: "boolean", description: "Write vigil.yaml instead of vigil.config.ts" },
      full: { type: "boolean", description: "Every option, commented, with its default: a reference to uncomment from" },
    },
    run({ args }) {
      const file = args.yaml ? "vigil.yaml" : "vigil.config.ts";
      const existing = findConfigFile(io.cwd);
      if (existing || existsSync(join(io.cwd, file))) {
        io.err(`vigil: ${existing ?? file} already exists; nothing was written.`);
        return EXIT.failed;
      }
      const format = args.yaml ? "yaml" : "ts";
      writeFileSync(join(io.cwd, file), args.full ? starterConfig(format) : shortStarterConfig(format, originUrl(io.cwd)), { flag: "wx" });
      io.out(`vigil: wrote ${file}. Edit it, then run "vigil plan" and "vigil build".`);
      return EXIT.ok;
    },
  });
