// Server rendering in turns. React renders a page in one go, and a 20-vendor × 500-item comparison takes
// the event loop for half a second: every other request waits. Rendered in turns, a long list becomes
// several Suspense boundaries, each rendered only after the previous one and a turn of the event loop,
// so other requests are answered in between.
//
// Only for pages that are sent whole (they opt out of hydration: entry.server.tsx then waits for every
// boundary before sending a byte), so the browser never sees a pending boundary or needs a script.
// In the browser (a client-side navigation) the children are rendered at once.
import { Suspense, type ReactNode } from "react";

type Turn = { done: boolean; promise: Promise<void>; resolve: () => void };

/** One set of turns per page render: turn n waits for turn n − 1 to have rendered. */
export class Turns {
  private readonly turns: Turn[] = [];
  private count = 0;

  /** The next turn's number, in document order (groups are numbered as the page is first rendered). */
  next(): number {
    return this.count++;
  }

  private turn(index: number): Turn {
    while (this.turns.length <= index) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      const turn: Turn = { done: false, promise, resolve: () => ((turn.done = true), resolve()) };
      this.turns.push(turn);
    }
    return this.turns[index];
  }

  /** Starts turn `index` at the event loop's next check phase, after I/O waiting in between. */
  schedule(index: number): void {
    const turn = this.turn(index);
    if (!turn.done) setImmediate(turn.resolve);
  }

  /** Throws (suspends) until turn `index` has come; once it has, schedules the next one. */
  wait(index: number): void {
    const turn = this.turn(index);
    if (index === 0 && !turn.done) this.schedule(0);
    if (!turn.done) throw turn.promise;
    this.schedule(index + 1);
  }
}

const onServer = typeof document === "undefined";

function InTurn({ turns, index, children }: { turns: Turns; index: number; children: ReactNode }) {
  turns.wait(index);
  return <>{children}</>;
}

/** `items` rendered `size` at a time, each group in its own turn on the server. */
export function InTurns<T>({ turns, items, size, children }: { turns: Turns; items: readonly T[]; size: number; children: (item: T) => ReactNode }) {
  if (!onServer) return <>{items.map(children)}</>;
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return (
    <>
      {groups.map((group, g) => (
        <Suspense key={g} fallback={null}>
          <InTurn turns={turns} index={turns.next()}>
            {group.map(children)}
          </InTurn>
        </Suspense>
      ))}
    </>
  );
}
