// The app as scripts/start.sh runs it (`node --import tsx server.ts`), in a child process on loopback: for the
// suites that kill it (crash-safety) or run two of them on one database (multi-process).
import { spawn, type ChildProcess } from "node:child_process";
import { databaseEnv, ROOT } from "./db.js";
import { freePort } from "./mail.js";

export type ServerProcess = { child: ChildProcess; base: string; exited: Promise<NodeJS.Signals | number | null> };

/** Starts the server on `database` with `env` added; resolves once it listens, or fails with its output. */
export async function startServerProcess(database: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...databaseEnv(database),
      RATE_LIMIT_PER_MINUTE: "1000000",
      AUTH_DELAY_BASE_MS: "5",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 20 s:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("Kaiji listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${how}) before listening:\n${output}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}`, exited };
}
