import { defineCommand } from "citty";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { starterConfig } from "../config/docs.js";
import { findConfigFile } from "../config/load.js";
import { EXIT, type Io } from "./io.js";

export const initCommand = (io: Io) =>
  defineCommand({
    meta: { name: "init", description: "Write a commented starter config (vigil.config.ts, or vigil.yaml with --yaml)" },
    args: { yaml: { type: "boolean", description: "Write vigil.yaml instead of vigil.config.ts" } },
    run({ args }) {
      const file = args.yaml ? "vigil.yaml" : "vigil.config.ts";
      const existing = findConfigFile(io.cwd);
      if (existing || existsSync(join(io.cwd, file))) {
        io.err(`vigil: ${existing ?? file} already exists; nothing was written.`);
        return EXIT.failed;
      }
      writeFileSync(join(io.cwd, file), starterConfig(args.yaml ? "yaml" : "ts"), { flag: "wx" });
      io.out(`vigil: wrote ${file}. Edit it, then run "vigil plan" and "vigil build".`);
      return EXIT.ok;
    },
  });
