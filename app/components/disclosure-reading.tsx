// Pieces of the public disclosure pages. Everything a vendor wrote arrives as a string and is
// rendered as text; a link is made only from an href the server checked to be http(s).
import { Form, Link } from "@remix-run/react";
import type { EvidenceView } from "../../disclosures/disclosure-view";

export type DisclosureHeading = {
  organization: { name: string; verified: boolean };
  serviceName: string | null;
  template: { id: string; version: string; title: string; edition: string };
};

export function disclosureBase(id: string) {
  return `/disclosures/${encodeURIComponent(id)}`;
}

export function VendorLine({ heading }: { heading: DisclosureHeading }) {
  return (
    <p className="disclosure-vendor">
      <span className="disclosure-vendor-name">{heading.organization.name}</span>
      {heading.organization.verified ? (
        <span className="badge badge-verified" title="運営者が実在と連絡先を確認した事業者です">
          確認済
        </span>
      ) : null}
      {heading.serviceName ? <span className="disclosure-service">{heading.serviceName}</span> : null}
    </p>
  );
}

export function TemplateLine({ template }: { template: DisclosureHeading["template"] }) {
  return (
    <>
      <Link to={`/templates/${encodeURIComponent(template.id)}/${encodeURIComponent(template.version)}`}>{template.title}</Link>
      {`（${template.edition}）`}
    </>
  );
}

export function EvidenceList({ evidence }: { evidence: EvidenceView[] }) {
  return (
    <ul className="evidence-list">
      {evidence.map((e, i) => (
        <li key={i}>
          {e.name ? <span className="evidence-name">{e.name}</span> : null}
          {e.url ? (
            e.href ? (
              <a className="evidence-url" href={e.href} target="_blank" rel="noopener noreferrer nofollow">
                {e.url}
              </a>
            ) : (
              <span className="evidence-url evidence-url-unlinked" title="http・https 以外のためリンクにしていません">
                {e.url}
              </span>
            )
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A plain GET form, so choosing two versions works without JavaScript. */
export function VersionPicker({ disclosureId, versions, from, to }: { disclosureId: string; versions: { number: number; date: string }[]; from: number; to: number }) {
  if (versions.length < 2) return <p className="muted">公開されている版が1つだけのため、差分はまだありません。</p>;
  const options = versions.map((v) => (
    <option key={v.number} value={v.number}>
      {`第${v.number}版（${v.date}）`}
    </option>
  ));
  return (
    <Form method="get" action={`${disclosureBase(disclosureId)}/diff`} className="version-picker">
      <label>
        比較元
        <select name="from" defaultValue={String(from)}>
          {options}
        </select>
      </label>
      <span aria-hidden="true">→</span>
      <label>
        比較先
        <select name="to" defaultValue={String(to)}>
          {options}
        </select>
      </label>
      <button type="submit">差分を表示</button>
    </Form>
  );
}
