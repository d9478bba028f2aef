// Preloaded into a benchmarked server (bench-abuse.ts: node --import tsx --import <this> server.ts): the server's own
// event-loop delay, apart from whatever its clients' processes suffer on a shared CPU. On SIGUSR2 it appends
// the delays since the previous signal ({ p99Ms, maxMs }) as one JSON line to $LOOP_DELAY_FILE, and starts over.
import { appendFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env.LOOP_DELAY_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  process.on("SIGUSR2", () => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    appendFileSync(file, `${JSON.stringify({ p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) })}\n`);
    histogram.reset();
  });
}
