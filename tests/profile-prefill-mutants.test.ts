// The organisation's facts proposed as answers (profileProposals), on small hand-made forms with the real forms' ids
// and item keys: a multi-line 所在地, a text that the item would refuse, and the HISPRO third-party item on a form
// whose status scale is not the first and whose first option is not 対応済. Expected values by hand.
import { describe, expect, it } from "vitest";
import { profileProposals, type OrganizationFacts } from "../disclosures/profile-prefill.js";
import type { Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const facts: OrganizationFacts = {
  name: "  テスト医療クラウド株式会社 ",
  address: "東京都千代田区1-1\n開示ビル3階",
  certifications: [
    { kind: "pmark", label: "プライバシーマーク", number: "10820001" },
    { kind: "iso9001", label: "ISO 9001", number: "Q-1" },
    { kind: "isms", label: "ISMS認証", number: null },
  ],
};

function agency(addressMax?: number): Template {
  const t = tinyTemplate();
  t.id = "agency-disclosure";
  t.sections[0].items = [
    { key: "name", text: "代行機関の名称", level: "required", answer: { kind: "text" } },
    { key: "address", text: "所在地", level: "required", answer: { kind: "multiline", ...(addressMax ? { maxLength: addressMax } : {}) } },
  ];
  t.derived = undefined;
  return t;
}

describe("the 代行機関 form's name and address", () => {
  // profile-prefill.ts 24:49, 24:70 (a multi-line item refused).
  it("answers the name, trimmed, and a multi-line 所在地 as it is", () => {
    expect(profileProposals(agency(), facts)).toEqual([
      { key: "name", from: "name", response: { value: "テスト医療クラウド株式会社" } },
      { key: "address", from: "address", response: { value: "東京都千代田区1-1\n開示ビル3階" } },
    ]);
  });

  it("proposes nothing the item would refuse, and nothing for a blank fact", () => {
    expect(profileProposals(agency(10), { ...facts, name: " ", address: null })).toEqual([]);
    expect(profileProposals(agency(10), facts).map((p) => p.key)).toEqual(["name"]);
  });
});

describe("HISPRO's third-party certification item", () => {
  // profile-prefill.ts 36:44 (the first scale taken instead of the item's) and 36:82 (the first option without a
  // requirement taken, whatever its outcome).
  it("is answered 対応済 on the item's own scale, with the certificates it names as evidence", () => {
    const t = tinyTemplate();
    t.id = "hispro-checksheet";
    t.scales = [
      { key: "other", options: [{ value: "ok", label: "はい", outcome: "met" }, { value: "ng", label: "いいえ", outcome: "unmet" }] },
      {
        key: "hispro",
        options: [
          { value: "unmet", label: "未対応", outcome: "unmet" },
          { value: "planned", label: "対応予定", outcome: "planned", requires: "month" },
          { value: "partly", label: "一部対応", outcome: "met", requires: "reason" },
          { value: "met", label: "対応済", outcome: "met" },
        ],
      },
    ];
    t.derived = undefined;
    t.sections = [{ key: "s1", title: "認証", items: [{ key: "1.1.1.37", number: "37", text: "第三者の認定を取得すること", level: "required", answer: { kind: "status", scale: "hispro" } }] }];
    expect(profileProposals(t, facts)).toEqual([
      {
        key: "1.1.1.37",
        from: "certification",
        response: { value: { status: "met" }, evidence: [{ name: "プライバシーマーク（登録番号 10820001）" }, { name: "ISMS認証" }] },
      },
    ]);
    expect(profileProposals(t, { ...facts, certifications: [facts.certifications[1]] })).toEqual([]);
  });
});
