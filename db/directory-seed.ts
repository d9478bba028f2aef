// Seeds a directory of fictional vendors for the benchmark (scripts/bench-directory.ts) and the demo: N vendors,
// each with one published disclosure of every built-in template, services, certifications (some
// expired), storage locations and realistic answer mixes. Deterministic: vendor n gets the same
// data whatever N is, so 20 vendors are the first 20 of 2,000.
//
// Rows are written directly, one transaction per vendor, because 10,000 publishes through the
// editor would take far longer than the benchmark itself. What publish() writes is written exactly
// as it writes it: the disclosure (latest_version 1), its version (canonical content and its hash,
// via disclosure-content.ts), the version summary and full-text row (via directory-index.server.ts),
// and the audit entry. Draft rows are not written: the directory and the comparison never read them.
import type { Kysely } from "kysely";
import { audit } from "../app/models/audit.server.js";
import { recordVersionSummary, refreshSearchDocument } from "../app/models/directory-index.server.js";
import { getTemplate, listTemplates } from "../app/models/template.server.js";
import { agencyAnswers, random, statusAnswers } from "./demo-disclosures.js";
import type { CertificationKind, Database, ServiceKind, Visibility } from "./schema.js";
import { canonicalContent, contentHash, normalizeContent, type DisclosureContent, type ItemResponse } from "../disclosures/disclosure-content.js";
import { validateForPublish } from "../disclosures/publish-validation.js";
import { walkItems } from "../disclosures/template-loader.js";
import type { Template } from "../disclosures/template-schema.js";
import { clock, japanDate } from "../disclosures/clock.js";

export type DirectoryBenchOptions = {
  vendors: number;
  seed?: number;
  /** Publish times spread over the 30 months before this. */
  now?: number;
  /**
   * Check the contents of every n-th vendor with validateForPublish (as publish does) and throw on
   * any problem; 1 (the default) checks all, 0 none. It costs about as much as the rest of the seed.
   */
  validateEvery?: number;
};

export type DirectoryBenchSeed = {
  vendors: number;
  disclosures: number;
  /** Public HISPRO disclosures in vendor order: what an anonymous reader can compare. */
  publicHispro: string[];
};

const MONTH = 30.4375 * 24 * 60 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;
const meta = { ip: "127.0.0.1", userAgent: "db/directory-seed.ts" };

// ---- names ----------------------------------------------------------------------------------

/** Fictional name parts with their readings (フリガナ), so the demo directory sorts 五十音順 (issue 19, item 5). */
const jaRoots: [string, string][] = [
  ["東都", "トウト"], ["北辰", "ホクシン"], ["大和", "ヤマト"], ["さくら", "サクラ"], ["みらい", "ミライ"], ["日本", "ニホン"], ["関西", "カンサイ"], ["九州", "キュウシュウ"],
  ["青葉", "アオバ"], ["富士", "フジ"], ["瑞穂", "ミズホ"], ["光陽", "コウヨウ"], ["中央", "チュウオウ"], ["東邦", "トウホウ"], ["西日本", "ニシニホン"], ["北海道", "ホッカイドウ"],
  ["湘南", "ショウナン"], ["信州", "シンシュウ"], ["瀬戸内", "セトウチ"], ["ひかり", "ヒカリ"], ["あおば", "アオバ"], ["たちばな", "タチバナ"], ["明星", "ミョウジョウ"], ["清和", "セイワ"],
  ["昭栄", "ショウエイ"], ["双葉", "フタバ"], ["若葉", "ワカバ"], ["東海", "トウカイ"], ["北陸", "ホクリク"], ["四国", "シコク"], ["琉球", "リュウキュウ"], ["飛鳥", "アスカ"],
  ["常盤", "トキワ"], ["大樹", "タイジュ"], ["新星", "シンセイ"], ["朝日", "アサヒ"], ["旭日", "キョクジツ"], ["エムケイ", "エムケイ"], ["ワイズ", "ワイズ"], ["ケアリンク", "ケアリンク"],
];
const jaCores: [string, string][] = [
  ["メディカル", "メディカル"], ["ヘルスケア", "ヘルスケア"], ["医療情報", "イリョウジョウホウ"], ["メディカルシステムズ", "メディカルシステムズ"], ["ソリューションズ", "ソリューションズ"], ["データサービス", "データサービス"],
  ["ネットワークス", "ネットワークス"], ["テクノロジー", "テクノロジー"], ["医療ソフト", "イリョウソフト"], ["クラウド", "クラウド"], ["ラボ", "ラボ"], ["システム", "システム"],
];
type Named = { name: string; reading: string | null };
const jaForms = [
  (n: string, r: string): Named => ({ name: `株式会社${n}`, reading: `カブシキガイシャ${r}` }),
  (n: string, r: string): Named => ({ name: `${n}株式会社`, reading: `${r}カブシキガイシャ` }),
  (n: string, r: string): Named => ({ name: `${n}合同会社`, reading: `${r}ゴウドウガイシャ` }),
  (n: string, r: string): Named => ({ name: `株式会社${n}研究所`, reading: `カブシキガイシャ${r}ケンキュウジョ` }),
];
const asciiRoots = ["Medicore", "HealthBridge", "CareCloud", "Nexus", "Sakura", "BlueOcean", "Tsubasa", "Orbit", "Kizuna", "Polaris", "Summit", "Aozora", "Linkage", "Vital", "Harmony", "Mirai", "Helix", "Asahi", "Kaede", "Quantum"];
const asciiCores = ["Medical", "Health", "Systems", "Cloud", "Data", "Care"];
// Latin names keep no reading: they sort by their letters, before the kana, as Japanese lists usually do.
const asciiForms = [(n: string): Named => ({ name: `${n} Japan株式会社`, reading: null }), (n: string): Named => ({ name: `${n} Inc.`, reading: null })];

const allNames: Named[] = [
  ...jaRoots.flatMap(([root, rootReading]) => jaCores.flatMap(([core, coreReading]) => jaForms.map((f) => f(root + core, rootReading + coreReading)))),
  ...asciiRoots.flatMap((r) => asciiCores.flatMap((c) => asciiForms.map((f) => f(`${r} ${c}`)))),
];

const shuffled = new Map<number, Named[]>();

/** A name (and its reading) per vendor index: the name list shuffled by the seed, unique while names last. */
export function vendorNamed(n: number, seed: number): Named {
  let names = shuffled.get(seed);
  if (!names) {
    const rnd = random(seed);
    names = [...allNames];
    for (let i = names.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [names[i], names[j]] = [names[j], names[i]];
    }
    shuffled.set(seed, names);
  }
  const round = Math.floor(n / names.length);
  const { name, reading } = names[n % names.length];
  return round ? { name: `${name}（第${round + 1}事業部）`, reading: reading && `${reading} ダイ${round + 1}ジギョウブ` } : { name, reading };
}

export const vendorName = (n: number, seed: number): string => vendorNamed(n, seed).name;

// ---- profile facts ---------------------------------------------------------------------------

const products: { name: string; kind: ServiceKind; description: string }[] = [
  { name: "クラウド電子カルテ", kind: "cloud", description: "中小病院・診療所向けのクラウド型電子カルテ。通信経路と保存データを暗号化して提供" },
  { name: "オーダリングシステム", kind: "system", description: "院内設置型のオーダリングシステム" },
  { name: "医事会計システム", kind: "system", description: "レセプト作成と医事会計。オンプレミス・クラウド両対応" },
  { name: "PACS（医用画像管理）", kind: "device", description: "医用画像の保管・配信。画像データは暗号化して保管" },
  { name: "地域医療連携ネットワーク", kind: "cloud", description: "病院・診療所・薬局間の診療情報共有サービス" },
  { name: "健診システム", kind: "system", description: "健診予約・結果管理・報告書作成" },
  { name: "遠隔画像診断サービス", kind: "agency", description: "放射線画像の遠隔読影の受託" },
  { name: "オンライン診療プラットフォーム", kind: "cloud", description: "予約・ビデオ診療・決済を一体で提供" },
  { name: "臨床検査システム", kind: "system", description: "検体検査の受付から結果報告まで" },
  { name: "バックアップサービス", kind: "other", description: "医療情報システムの遠隔バックアップ。暗号化したデータを国内2拠点に保管" },
];

const certificationKinds: { kind: CertificationKind; share: number }[] = [
  { kind: "pmark", share: 0.45 },
  { kind: "isms", share: 0.4 },
  { kind: "ismap", share: 0.08 },
  { kind: "soc2", share: 0.1 },
  { kind: "cs_gold", share: 0.05 },
];

const pad = (n: number, width: number) => String(n).padStart(width, "0");

function certificationNumber(kind: CertificationKind, rnd: () => number): string | null {
  const digits = (width: number) => pad(Math.floor(rnd() * 10 ** width), width);
  switch (kind) {
    case "pmark":
      return `${digits(8)}(0${1 + Math.floor(rnd() * 8)})`;
    case "isms":
      return rnd() < 0.5 ? `IS ${digits(6)}` : `JQA-IM${digits(4)}`;
    case "ismap":
      return `C${20 + Math.floor(rnd() * 6)}-${digits(4)}-1`;
    case "cs_gold":
      return `CSG-${digits(5)}`;
    default:
      return null;
  }
}

// ---- answers ---------------------------------------------------------------------------------

const metNotes = [
  "通信経路はTLS 1.2以上、保存データはAES-256で暗号化しています。",
  "年1回、外部の第三者による脆弱性診断を実施しています。",
  "運用手順は当社の運用管理規程に定めています。",
  "バックアップは暗号化したうえで国内の別拠点に日次で保管しています。",
  "委託先とは秘密保持契約を締結し、年次で監査しています。",
];
const evidenceUrls = (n: number) => `https://vendor${n}.fictional.kaiji.example/security`;

/** How far a vendor is along: a few answer everything met, most have some gaps. */
function sharesFor(rnd: () => number) {
  const r = rnd();
  if (r < 0.15) return { unmet: 0, planned: 0, notApplicable: 0.04 };
  if (r < 0.5) return { unmet: 0.03, planned: 0.03, notApplicable: 0.04 };
  return { unmet: 0.08, planned: 0.06, notApplicable: 0.04 };
}

/** Extra texture on status answers: notes on some met items, links on some evidence, ~2% left blank where not required. */
function texture(template: Template, responses: Record<string, ItemResponse>, rnd: () => number, vendor: number) {
  for (const { item } of walkItems(template)) {
    const response = responses[item.key];
    if (!response || item.answer.kind !== "status") continue;
    const [rBlank, rNote, rPick, rUrl] = [rnd(), rnd(), rnd(), rnd()];
    if (item.level !== "required" && rBlank < 0.02) {
      delete responses[item.key];
      continue;
    }
    const value = response.value as { status: string } | undefined;
    if (!response.note && rNote < 0.03 && value) response.note = metNotes[Math.floor(rPick * metNotes.length)];
    if (response.evidence && rUrl < 0.3) response.evidence = response.evidence.map((e) => ({ ...e, url: evidenceUrls(vendor) }));
  }
  return responses;
}

function contentFor(template: Template, vendor: { n: number; name: string }, rnd: () => number, publishedAt: number, agencyBase: Record<string, ItemResponse>): DisclosureContent {
  const shares = sharesFor(rnd);
  let responses = texture(template, statusAnswers(template, rnd, shares), rnd, vendor.n);
  if (template.id === "agency-disclosure") {
    const domain = `vendor${vendor.n}.fictional.kaiji.example`;
    const fields: Record<string, ItemResponse> = {
      name: { value: vendor.name },
      address: { value: `東京都千代田区開示町${1 + (vendor.n % 9)}-${1 + (vendor.n % 20)}-${1 + (vendor.n % 7)}` },
      tel: { value: `03-${pad(1000 + (vendor.n % 9000), 4)}-${pad(vendor.n % 10_000, 4)}` },
      homepage: { value: `https://${domain}` },
      email: { value: `contact@${domain}` },
      agencyCode: { value: `99-${pad(vendor.n % 10_000, 4)}` },
      financialInfo: { value: `${vendor.name} 経営企画部` },
    };
    responses = { ...agencyBase, ...fields, ...responses };
  }
  // The cybersecurity checklist's 記入者 / 日付 fields.
  for (const { item } of walkItems(template)) {
    if (item.answer.kind === "text" && !responses[item.key]) responses[item.key] = { value: `情報システム部 担当${1 + Math.floor(rnd() * 9)}` };
    if (item.answer.kind === "date" && !responses[item.key]) responses[item.key] = { value: japanDate(publishedAt - Math.floor(rnd() * 20) * DAY) };
  }
  return { templateId: template.id, templateVersion: template.version, responses };
}

// ---- the seed ---------------------------------------------------------------------------------

/** A UUID-shaped id from the generator (real ids are random UUIDs: same length in URLs). */
function idFrom(rnd: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

export async function seedDirectoryBench(db: Kysely<Database>, options: DirectoryBenchOptions): Promise<DirectoryBenchSeed> {
  const seed = options.seed ?? 1;
  const now = options.now ?? clock.now();
  const validateEvery = options.validateEvery ?? 1;
  const templates: Template[] = [];
  for (const entry of await listTemplates(db)) templates.push((await getTemplate(db, entry.id, entry.version))!.template);
  if (!templates.length) throw new Error("no templates stored: run syncBuiltinTemplates first");
  const agency = templates.find((t) => t.id === "agency-disclosure");
  const agencyBase = agency ? agencyAnswers(agency) : {};

  const publicHispro: string[] = [];
  let disclosures = 0;
  for (let n = 0; n < options.vendors; n++) {
    const rnd = random(seed * 1_000_003 + n);
    const { name, reading } = vendorNamed(n, seed);
    const userId = idFrom(rnd);
    const orgId = idFrom(rnd);
    const email = `vendor${n}@fictional.kaiji.example`;
    const actor = { userId, email };
    const createdAt = Math.round(now - (30 + rnd() * 6) * MONTH);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("user").values({ id: userId, email, display_name: `開示担当 ${n}`, password_hash: "fictional-vendor-never-signs-in", created_at: createdAt, password_changed_at: createdAt }).execute();
      await trx
        .insertInto("organization")
        .values({ id: orgId, name, reading, kind: "vendor", created_at: createdAt, verified_at: rnd() < 0.3 ? createdAt + 7 * DAY : null, foreign_law: pick(rnd, ["no", "no", "no", "unknown", "yes", null] as const) })
        .execute();
      await trx.insertInto("membership").values({ organization_id: orgId, user_id: userId, role: "owner", created_at: createdAt }).execute();

      const services: string[] = [];
      const serviceCount = Math.floor(rnd() * 4);
      for (let s = 0; s < serviceCount; s++) {
        const product = products[(n * 3 + s * 7 + Math.floor(rnd() * 3)) % products.length];
        const id = idFrom(rnd);
        await trx.insertInto("service").values({ id, organization_id: orgId, name: `${product.name}「${name.replace(/株式会社|合同会社|Inc\.|Japan/g, "").trim().slice(0, 6)}${s + 1}」`, kind: product.kind, description: product.description, created_at: createdAt }).execute();
        services.push(id);
      }

      for (const { kind, share } of certificationKinds) {
        if (rnd() >= share) continue;
        const r = rnd();
        // ~10% expired, some without an expiry date, the rest valid for one to three more years.
        const expires = r < 0.1 ? japanDate(now - (1 + rnd() * 400) * DAY) : r < 0.2 ? null : japanDate(now + (30 + rnd() * 1000) * DAY);
        await trx.insertInto("certification").values({ organization_id: orgId, kind, name: null, number: certificationNumber(kind, rnd), expires_on: expires }).execute();
      }

      const r = rnd();
      const places: { country: string; region: string | null }[] =
        r < 0.05
          ? []
          : r < 0.8
            ? rnd() < 0.5
              ? [{ country: "JP", region: "東日本" }, { country: "JP", region: "西日本" }]
              : [{ country: "JP", region: pick(rnd, ["東日本", "西日本"]) }]
            : r < 0.95
              ? [{ country: "JP", region: "東日本" }, { country: pick(rnd, ["US", "SG", "IE"]), region: null }]
              : [{ country: pick(rnd, ["US", "SG", "IE"]), region: null }];
      if (places.length) await trx.insertInto("storage_location").values(places.map((p) => ({ organization_id: orgId, ...p }))).execute();

      for (const template of templates) {
        const id = idFrom(rnd);
        const rv = rnd();
        const visibility: Visibility = rv < 0.85 ? "public" : rv < 0.95 ? "hospitals" : "request";
        const serviceId = services.length && rnd() < 0.8 ? pick(rnd, services) : null;
        const publishedAt = Math.round(now - rnd() * 30 * MONTH);
        const content = normalizeContent(contentFor(template, { n, name }, rnd, publishedAt, agencyBase));
        if (validateEvery && n % validateEvery === 0) {
          const problems = validateForPublish(template, content);
          if (problems.length) throw new Error(`vendor ${n}, ${template.id}: ${problems.length} publish problems, e.g. ${JSON.stringify(problems[0])}`);
        }
        await trx
          .insertInto("disclosure")
          .values({ id, organization_id: orgId, service_id: serviceId, template_id: template.id, template_version: template.version, visibility, latest_version: 1, withdrawn_at: null, created_at: publishedAt - 14 * DAY, created_by: userId })
          .execute();
        const hash = contentHash(content);
        await trx
          .insertInto("disclosure_version")
          .values({ disclosure_id: id, number: 1, template_id: template.id, template_version: template.version, content: canonicalContent(content), content_hash: hash, published_at: publishedAt, published_by: userId })
          .execute();
        await recordVersionSummary(trx, { disclosureId: id, number: 1, publishedAt }, template, content);
        await refreshSearchDocument(trx, id, { template, content });
        await audit(trx, { action: "disclosure.published", actor, meta, organizationId: orgId, target: id, detail: { version: 1, sha256: hash } }, publishedAt);
        disclosures++;
        if (template.id === "hispro-checksheet" && visibility === "public") publicHispro.push(id);
      }
    });
  }
  return { vendors: options.vendors, disclosures, publicHispro };
}
