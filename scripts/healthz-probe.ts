// GET /healthz every 5 ms (open loop: a new probe does not wait for the last one) until SIGTERM, then writes
// [sent at (ms since the epoch, sub-millisecond), latency ms] pairs to <file> as JSON, so that the bench counts
// only the probes sent during its burst (not those of this process's own warm-up). A process of its own (bench-abuse.ts): the burst's client, reading
// tens of MB of answers, must not delay the probes' own timers and sockets and be counted as the server's delay.
//   node --import tsx scripts/healthz-probe.ts <port> <file>
import { writeFileSync } from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";

const [port, file] = [Number(process.argv[2]), process.argv[3]];
const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
const pending: Promise<[number, number]>[] = [];

const probe = () =>
  new Promise<[number, number]>((resolve) => {
    const start = performance.now();
    const done = () => resolve([performance.timeOrigin + start, performance.now() - start]);
    const request = http.get({ host: "127.0.0.1", port, path: "/healthz", agent }, (response) => {
      response.resume();
      response.on("end", done);
    });
    request.on("error", done);
  });

const timer = setInterval(() => pending.push(probe()), 5);
process.stdout.write("probing\n");
process.once("SIGTERM", async () => {
  clearInterval(timer);
  writeFileSync(file, JSON.stringify(await Promise.all(pending)));
  process.exit(0);
});
