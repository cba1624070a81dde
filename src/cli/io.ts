import pc from "picocolors";

// What a command may touch of the outside world, passed in so that tests run commands in-process.
export interface Io {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Colour the output: standard output is a terminal and NO_COLOR is not set (picocolors' rule, FORCE_COLOR too). */
  colour?: boolean;
  /** The terminal's width when standard output is one: tables and prose fit it; undefined in a pipe. */
  columns?: number;
  /** A step that takes a while, said on a terminal's standard error (not in pipes or logs). */
  progress?(text: string): void;
}

/** Exit codes: 0 done, 1 a check failed or files conflict, 2 the config is invalid. */
export const EXIT = { ok: 0, failed: 1, badConfig: 2 } as const;

// A closed pipe (vigil plan | head) ends the output, not the program with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
}

export const processIo = (): Io => ({
  cwd: process.cwd(),
  colour: pc.isColorSupported && process.stdout.isTTY === true,
  ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  ...(process.stderr.isTTY ? { progress: (t: string) => process.stderr.write(`${t}\n`) } : {}),
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : t + "\n"),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : t + "\n"),
});
