// One sentence on each form the portal holds, for the landing page (issue 19, item 3). Forms added later (imported
// from spreadsheets) fall back to the template's own description or title.
export const formSentences: Record<string, string> = {
  "hispro-checksheet": "外部保存・ASP/SaaS の事業者が、安全管理の504項目（必須・推奨）への対応を示すチェックシートです。",
  "minimum-guideline-checklist": "医療情報システムの安全管理に関するガイドラインの最低限の対策を、実施済か実施予定かで示すチェックリストです。",
  "cybersecurity-checklist": "医療機関と事業者がサイバーセキュリティ対策を予防・発見・是正の視点で確かめるチェックリストです。",
  "responsibility-checklist": "医療機関と事業者の契約で、誰が何を担うか（役割分担）を項目ごとに確かめるチェックリストです。",
  "agency-disclosure": "審査支払機関への請求を代行する機関が、事業運営上開示すべき重要事項と最低限のガイドラインの遵守状況を示す様式です。",
};
