// vigil diff: what `vigil build` would change on disk, as a unified diff (coloured on a terminal)
// or with --stat a line per file. Exit codes as diff(1): 0 the same, 1 different, 2 trouble.
import { defineCommand } from "citty";
import { posix } from "node:path";
import { diffTree, interrupted } from "../emit/write.js";
import { diffStat, unifiedDiff } from "../emit/diff.js";
import { EXIT, type Io } from "./io.js";
import { clusterArg, configArg, generateClusters, loadOrReport, outArg, reportDiagnostics, treeOf } from "./shared.js";

export const diffCommand = (io: Io) =>
  defineCommand({
    meta: { name: "diff", description: "Show what `vigil build` would change on disk, as a unified diff (--stat: a line per file); exit 1 if anything would" },
    args: {
      ...configArg,
      ...outArg,
      ...clusterArg,
      stat: { type: "boolean", description: "A line per changed file with its added and removed lines, and the totals (as git diff --stat)" },
      quiet: { type: "boolean", description: "Print nothing; the exit code says whether anything would change" },
    },
    async run({ args }) {
      const loaded = await loadOrReport(io, args.config);
      if (typeof loaded === "number") return loaded;
      const tree = treeOf(io, args, loaded);
      if (typeof tree === "number") return tree;
      const fleet = await generateClusters(io, args, loaded, tree.source, tree.treeInRepo);
      if (typeof fleet === "number") return fleet;
      const errors = fleet.diagnostics.filter((d) => d.severity === "error");
      if (errors.length) {
        reportDiagnostics(io, errors);
        io.err(`vigil: ${errors.length} check(s) failed on the generated tree; "vigil build" would write nothing.`);
        // diff(1)'s "trouble".
        return EXIT.badConfig;
      }
      if (interrupted(tree.outDir)) io.err(`  ⚠ a build of ${tree.shown} was interrupted; "vigil build" finishes it first`);
      // In a fleet with --cluster, only that cluster's tree: its files, and what lies stale in its folder
      // (the one holding its gitops.path and bootstrap/, clusters/<name> by default).
      const member = args.cluster && loaded.config.fleet ? fleet.members[0] : undefined;
      const root = member ? `${posix.dirname(member.stack.config.gitops.path)}/` : undefined;
      const files = member ? member.output.files : fleet.files;
      const drift = diffTree(tree.outDir, files).filter((d) => !root || d.state !== "stale" || d.path.startsWith(root));
      if (!args.quiet && drift.length) io.out(args.stat ? diffStat(drift, io.colour) : unifiedDiff(drift, io.colour));
      if (!args.quiet && !drift.length) io.err(`vigil: ${tree.shown} is what the config generates; "vigil build" would change nothing.`);
      return drift.length ? EXIT.failed : EXIT.ok;
    },
  });
