import type { Template } from "../../disclosures/template-schema.js";

/** A small valid template; tests break one thing at a time in a deep copy of it. */
export function tinyTemplate(): Template {
  return {
    id: "tiny",
    version: "1.0.0",
    title: "小さな様式",
    language: "ja",
    source: { document: "テスト用様式", edition: "第1版" },
    scales: [
      {
        key: "check",
        options: [
          { value: "implemented", label: "実施済", outcome: "met" },
          { value: "planned", label: "実施予定", outcome: "planned", requires: "month" },
          { value: "notApplicable", label: "対象外", outcome: "notApplicable", requires: "reason" },
        ],
      },
    ],
    derived: [{ rule: "allMet", key: "compliance", title: "遵守", labels: { pass: "遵守済", fail: "遵守していない", incomplete: "未回答あり" } }],
    sections: [
      {
        key: "basic",
        title: "基本情報",
        notes: [{ id: "注1", text: "正式名称を記載する。" }],
        items: [
          { key: "name", text: "機関名", level: "required", answer: { kind: "text" }, noteRefs: ["注1"] },
          { key: "compliance", text: "遵守状況", level: "none", answer: { kind: "derived", result: "compliance" } },
        ],
      },
      {
        key: "checklist",
        title: "チェックリスト",
        items: [
          { key: "c1", number: "1", text: "方針を定めている", level: "required", answer: { kind: "status", scale: "check" } },
          { key: "c2", number: "2", text: "教育を行っている", level: "required", answer: { kind: "status", scale: "check" } },
        ],
      },
    ],
  };
}
