// Real processes on 127.0.0.1 for end-to-end tests: free ports, waiting, clean shutdown.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then wait for the exit: VictoriaMetrics writes while shutting down. */
export const stop = (p: ChildProcess) => new Promise((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve(null) : (p.once("exit", resolve), p.kill("SIGTERM"))));

/** Runs a command to its end; resolves with its exit code and output. */
export const run = (cmd: string, args: string[]) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const p = spawn(cmd, args);
    let output = "";
    p.stdout.on("data", (d) => (output += d));
    p.stderr.on("data", (d) => (output += d));
    p.on("close", (code) => resolve({ code, output }));
  });

/** Polls until `ready` resolves true, for at most `seconds`. */
export async function waitFor(ready: () => Promise<boolean>, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      if (await ready()) return true;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  return false;
}

/** An instant query against a Prometheus HTTP API (Prometheus and VictoriaMetrics alike): its result, or the API's error. */
export async function instantQuery(base: string, q: string): Promise<unknown[]> {
  const r = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await r.json()) as { status: string; data: { result: unknown[] }; error?: string };
  if (body.status !== "success") throw new Error(`${q}: ${body.error}`);
  return body.data.result;
}
