// 「ウォッチする」/「ウォッチをやめる」 for signed-in editors of verified hospitals, on version and vendor pages: one plain
// POST form per hospital organisation (no script needed), posting to its watch list and coming back here.
import { Form } from "@remix-run/react";

export type WatchControl = { organizationId: string; organizationName: string; watching: boolean };

export function WatchButton({ controls, kind, targetId, back }: { controls: WatchControl[]; kind: "vendor" | "disclosure"; targetId: string; back: string }) {
  return (
    <>
      {controls.map((c) => (
        <Form key={c.organizationId} method="post" action={`/orgs/${encodeURIComponent(c.organizationId)}/watch`} className="inline-form watch-button">
          <input type="hidden" name="intent" value={c.watching ? "unwatch" : "watch"} />
          <input type="hidden" name="kind" value={kind} />
          <input type="hidden" name="targetId" value={targetId} />
          <input type="hidden" name="redirectTo" value={back} />
          <button type="submit" className="button-secondary">
            {c.watching ? "ウォッチをやめる" : "ウォッチする"}
            {controls.length > 1 ? `（${c.organizationName}）` : ""}
          </button>
          {c.watching ? <span className="muted">{` ${c.organizationName}でウォッチ中`}</span> : null}
        </Form>
      ))}
    </>
  );
}
