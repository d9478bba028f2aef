// "Add to shortlist" for signed-in hospital editors, on the directory and on a disclosure page.
// One form per hospital organisation, since each posts to its own organisation's shortlists.
import { Form } from "@remix-run/react";

export type ShortlistChoice = { id: string; name: string; organizationId: string; organizationName: string };

export function AddToShortlist({ shortlists, disclosureId, back, label }: { shortlists: ShortlistChoice[]; disclosureId: string; back: string; label: string }) {
  const byOrganization = new Map<string, ShortlistChoice[]>();
  for (const s of shortlists) byOrganization.set(s.organizationId, [...(byOrganization.get(s.organizationId) ?? []), s]);
  return (
    <>
      {[...byOrganization.entries()].map(([organizationId, lists]) => (
        <Form key={organizationId} method="post" action={`/orgs/${encodeURIComponent(organizationId)}/shortlists`} className="inline-form add-to-shortlist">
          <input type="hidden" name="intent" value="add" />
          <input type="hidden" name="disclosureId" value={disclosureId} />
          <input type="hidden" name="redirectTo" value={back} />
          <label>
            <span className="visually-hidden">{`${label}の追加先（${lists[0].organizationName}）`}</span>
            <select name="shortlistId">
              {lists.map((s) => (
                <option key={s.id} value={s.id}>{`${s.organizationName}：${s.name}`}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="button-secondary">
            候補リストに追加
          </button>
        </Form>
      ))}
    </>
  );
}
