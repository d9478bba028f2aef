import { beforeEach, describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { requireSeeds } from "../helpers/db.js";
import { parseHispro } from "../../disclosures/parsers/hispro-parser.js";
import { SeedParseError, type ParseResult } from "../../disclosures/parsers/parse-report.js";
import { validateTemplate, walkItems, walkSections } from "../../disclosures/template-loader.js";
import type { Item } from "../../disclosures/template-schema.js";

const dir = requireSeeds();
const file = path.join(dir, "004_1778484f1ffe0871.txt");

describe("HISPRO checksheet parser (seed 004)", () => {
  const seed = readFileSync(file, "utf8");
  const seedLines = seed.split(/\r?\n/);
  // Parsed afresh in every test (not once per file), so that mutation testing sees which tests read the parser's
  // output: a result shared across tests is attributed to the first test alone and the others' checks go unseen.
  let cached: ParseResult | undefined;
  beforeEach(() => {
    cached = undefined;
  });
  const result = () => (cached ??= parseHispro(seed));
  const template = () => result().templates[0];
  const items = () => [...walkItems(template())].map((e) => e.item);
  const item = (number: string) => {
    const found = items().filter((i) => i.number === number);
    expect(found, `item ${number}`).toHaveLength(1);
    return found[0];
  };
  const repairLines = (kind: string) => result().repairs.filter((r) => r.kind === kind).map((r) => r.line);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  // Independent view of the seed, without the parser: a line is an item row exactly when one of its
  // tab-separated cells is the bare word 必須 or 推奨 (the 必須／推奨 column). Header lines spell the column
  // 「必須／推奨」, and no 対策項目/確認項目 cell consists of that word alone. The cell after it is 対策項目,
  // and the first cell is the 大分類 number (every layout starts with 大分類).
  const seedRows = seedLines
    .map((text, i) => ({ line: i + 1, cells: text.split("\t") }))
    .filter((r) => r.cells.some((c) => c === "必須" || c === "推奨"))
    .map((r) => {
      const at = r.cells.findIndex((c) => c === "必須" || c === "推奨");
      return { line: r.line, major: r.cells[0], level: r.cells[at], text: r.cells[at + 1].replace(/\s+/g, " ").trim() };
    });

  it("returns one template that passes validateTemplate", () => {
    expect(result().templates).toHaveLength(1);
    const t = validateTemplate(template(), "hispro-checksheet@1.0.0.json");
    expect(t.id).toBe("hispro-checksheet");
    expect(t.version).toBe("1.0.0");
    expect(t.language).toBe("ja");
    expect(t.source).toEqual({
      document: "外部保存、ASP・SaaS チェックシート項目集",
      edition: "版表記なし",
      publisher: "HISPRO",
      seed: "004_1778484f1ffe0871.txt",
    });
    expect(t.scales).toEqual([
      {
        key: "hispro",
        options: [
          { value: "met", label: "対応済", outcome: "met" },
          { value: "unmet", label: "未対応", outcome: "unmet" },
          { value: "notApplicable", label: "対象外", outcome: "notApplicable", requires: "reason" },
        ],
      },
    ]);
    for (const i of items()) expect(i.answer).toEqual({ kind: "status", scale: "hispro" });
  });

  it("has as many items as the seed has item rows, per level and per 大分類", () => {
    // `grep -cP '\t(必須|推奨)\t' 004_…txt` → 504; with 必須 only → 429, 推奨 only → 75 (the last line of the
    // file has no trailing newline, which grep still counts). Per 大分類 (first cell 1/2/3 on those lines):
    // 174 / 247 / 83. The same numbers are recomputed from the raw text below.
    expect(seedRows).toHaveLength(504);
    expect(items()).toHaveLength(seedRows.length);
    const count = (pred: (x: { level: string; major: string }) => boolean) => seedRows.filter(pred).length;
    expect(count((r) => r.level === "必須")).toBe(429);
    expect(count((r) => r.level === "推奨")).toBe(75);
    expect(items().filter((i) => i.level === "required")).toHaveLength(count((r) => r.level === "必須"));
    expect(items().filter((i) => i.level === "recommended")).toHaveLength(count((r) => r.level === "推奨"));

    const perMajor = Object.fromEntries(template().sections.map((s) => [s.number, [...walkItems({ ...template(), sections: [s] })].length]));
    expect(perMajor).toEqual({ "1": 174, "2": 247, "3": 83 });
    for (const major of ["1", "2", "3"]) expect(perMajor[major]).toBe(count((r) => r.major === major));
  });

  it("counts per 小分類 match the seed", () => {
    const leaf = (key: string) => [...walkSections(template().sections)].find((s) => s.section.key === key)!.section.items!.length;
    // Every row of 2-1-6 uses the 4-number layout: lines starting 「2<TAB>1<TAB>6<TAB>」.
    expect(leaf("s2-1-6")).toBe(seedLines.filter((l) => l.startsWith("2\t1\t6\t")).length);
    expect(leaf("s2-1-6")).toBe(144);
    // 3-3-1 rows come in two layouts (3 numbers with and without 要件); the label names them all.
    expect(leaf("s3-3-1")).toBe(seedLines.filter((l) => /\t必須|\t推奨/.test(l) && /要求事項 ① ?事業者から利用者に説明する事項/.test(l)).length);
    expect(leaf("s3-3-1")).toBe(17);
    // 1-1-1: 32 rows on the first page, 31 without the 「1) 一般的条件」 part, 2 more on the third page.
    expect(leaf("s1-1-1")).toBe(65);
    // 3-1 and 3-2 have no 小分類: items sit directly in the 中分類.
    expect(leaf("s3-1")).toBe(34);
    expect(leaf("s3-2")).toBe(21);
  });

  it("builds the 大分類/中分類/小分類 tree with titles from the 分類 labels", () => {
    const tree = [...walkSections(template().sections)].map(({ section }) => `${section.key} ${section.title}`);
    expect(tree).toEqual([
      "s1 設備・運用",
      "s1-1 一般的条件",
      "s1-1-1 組織・運用への対策項目",
      "s1-1-2 物理的・技術的対策項目",
      "s1-2 医療情報の保存/取扱いに関する条件",
      "s1-2-1 通常運用/事後の責任の在り方",
      "s1-2-2 事業継続",
      "s2 機能と運用",
      "s2-1 安全管理上の要求事項",
      "s2-1-1 組織的安全性",
      "s2-1-2 人的安全性",
      "s2-1-3 情報破壊",
      "s2-1-4 情報の外部への持ち出し",
      "s2-1-5 物理的安全性",
      "s2-1-6 技術的安全性",
      "s2-1-7 電子署名",
      "s2-2 電子保存の要求事項",
      "s2-2-1 真正性の確保",
      "s2-2-2 見読性の確保",
      "s2-2-3 保存性の確保",
      "s3 契約・合意・説明に関する事項",
      "s3-1 内部運用に関する条件",
      "s3-2 再委託先の管理・監督",
      "s3-3 医療情報の保存／取扱いをする場合の要求事項",
      "s3-3-1 事業者から利用者に説明する事項",
      "s3-3-2 サービス提供終了時の要求事項",
      "s3-3-3 電子保存の要求事項",
    ]);
  });

  it("keeps every item row exactly once, in seed order", () => {
    // 対策項目 of each seed row, whitespace collapsed. Line 359 is the one row whose footnote numbers
    // (PDF41, JPEG42, PNG42) the parser strips; the test undoes them literally.
    const expected = seedRows.map((r) =>
      r.line === 359 ? r.text.replace("PDF41", "PDF").replace("JPEG42", "JPEG").replace("PNG42", "PNG") : r.text,
    );
    expect(items().map((i) => i.text)).toEqual(expected);
    // Each item sits under the 大分類 its seed row names.
    items().forEach((i, n) => expect(i.number!.split("-")[0], `row at line ${seedRows[n].line}`).toBe(seedRows[n].major));
  });

  it("numbers strictly follow the seed's order and keys are unique and derived from them", () => {
    const nums = items().map((i) => i.number!.split("-").map(Number));
    const cmp = (a: number[], b: number[]) => {
      for (let k = 0; k < Math.max(a.length, b.length); k++) if ((a[k] ?? 0) !== (b[k] ?? 0)) return (a[k] ?? 0) - (b[k] ?? 0);
      return 0;
    };
    for (let k = 1; k < nums.length; k++) expect(cmp(nums[k], nums[k - 1]), `${nums[k - 1].join("-")} → ${nums[k].join("-")}`).toBeGreaterThan(0);
    for (const i of items()) expect(i.key).toBe(i.number!.replace(/-/g, "."));
    expect(new Set(items().map((i) => i.key)).size).toBe(items().length);
  });

  it("first and last item of each 大分類, field by field", () => {
    const strip = (i: Item) => ({ ...i, answer: undefined });
    expect(strip(item("1-1-1-1"))).toEqual({
      key: "1.1.1.1",
      number: "1-1-1-1",
      text: "経営陣は、情報セキュリティに関する組織的取組についての基本的な方針を定めた文書を作成すること。また、当該文書には、経営陣が承認の署名等を行い、情報セキュリティに関する経営陣の責任を明確にすること。",
      level: "required",
      answer: undefined,
      category: "1. 設備・運用 1) 一般的条件 ①組織・運用への対策項目",
      references: [{ guideline: "総務省ASP-GL", location: "II. 1. 1. 1" }],
      checkPoints: ["情報セキュリティへの取り組みに関する基本方針が定められ、文書化されているか", "その基本方針文書は経営陣から承認され、署名されているか"],
    });
    expect(items()[0].number).toBe("1-1-1-1");

    const last1 = item("1-2-2-13");
    expect(last1.key).toBe("1.2.2.13");
    expect(last1.level).toBe("recommended");
    expect(last1.text).toMatch(/^策定される事業継続計画には次のような事項を含むことが望ましい。 ・事前準備計画 ・「非常時」判断手順 /);
    expect(last1.text).toMatch(/・所管官庁への連絡体制、等$/);
    expect(last1.category).toBe("1. 設備・運用 2) 医療情報の保存/取扱いに関する条件 ③事業継続");
    expect(last1.references).toEqual([{ guideline: "経産省医療外部保存-GL", location: "7.10.2" }]);
    expect(last1.checkPoints).toEqual(["事業継続計画の事項はもれなく策定しているか"]);
    expect(items()[173]).toBe(last1);

    expect(strip(item("2-1-1-1"))).toEqual({
      key: "2.1.1.1",
      number: "2-1-1-1",
      text: "情報システム運用責任者を明確に定めて、合意すること。",
      level: "required",
      answer: undefined,
      category: "2. 機能と運用 1) 安全管理上の要求事項 ①組織的安全性",
      references: [{ guideline: "総務省医療ASP-GL", location: "3.2.1" }],
      checkPoints: ["情報システム運用責任者を定めているか", "情報システム運用責任者を記載した書面をもって、利用者の合意を得ているか"],
    });
    expect(items()[174].number).toBe("2-1-1-1");

    expect(strip(item("2-2-3-8"))).toEqual({
      key: "2.2.3.8",
      number: "2-2-3-8",
      text: "システムの更新、アプリケーションの変更等に伴い、電子保存された医療情報の読み出しに関する互換性を失わないように配慮すること",
      level: "required",
      answer: undefined,
      category: "2. 機能と運用 2) 電子保存の要求事項 ③保存性の確保",
      references: [{ guideline: "経産省医療外部保存-GL", location: "6.2" }],
      checkPoints: ["システムの更新、アプリケーションの変更等に伴い、電子保存された医療情報の読み出しに関する互換性を失わないように配慮されているか"],
    });
    expect(items()[420].number).toBe("2-2-3-8");

    expect(strip(item("3-1-1"))).toEqual({
      key: "3.1.1",
      number: "3-1-1",
      text: "自社で定める情報セキュリティに関する組織的取組における基本方針が、医療機関等が求める内容を含むものであることを確認し、不足があれば事業者でとるべき対応について、医療機関等と合意すること。",
      level: "required",
      answer: undefined,
      category: "3. 契約・合意・説明に関する事項 1) 内部運用に関する条件",
      references: [{ guideline: "総務省医療ASP-GL", location: "3.2.1" }],
      checkPoints: [
        "情報セキュリティに関する組織的取組における基本方針等を作成しているか",
        "情報セキュリティに関する組織的取組における基本方針等について、医療機関等の求める内容を踏まえ、協議を行った上で合意を得ているか",
      ],
    });
    expect(items()[421].number).toBe("3-1-1");

    // The last line of the file (553, no trailing newline).
    expect(strip(item("3-3-3-7"))).toEqual({
      key: "3.3.3.7",
      number: "3-3-3-7",
      text: "情報処理事業者による医療情報の閲覧が禁止されていること",
      level: "required",
      answer: undefined,
      category: "3. 契約・合意・説明に関する事項 3) 医療情報の保存／取扱いをする場合の要求事項 ③電子保存の要求事項",
      references: [{ guideline: "経産省医療外部保存-GL", location: "8.1" }],
      checkPoints: ["情報処理事業者による医療情報の閲覧が禁止しているか"],
    });
    expect(items().at(-1)!.number).toBe("3-3-3-7");
  });

  it("reads rows with shifted, extra and missing numbering columns", () => {
    // Line 7: five numbers (1 1 1 1 1), the fifth a running number.
    expect(item("1-1-1-1").key).toBe("1.1.1.1");
    // Line 242: header declares a 項番 column the row lacks; row padded with an empty cell at the end.
    const shifted = item("2-1-5-11");
    expect(shifted.level).toBe("required");
    expect(shifted.text).toMatch(/^外部事業者の運営するデータセンター内にサーバラック等の設置場所を借りて利用する場合、/);
    expect(shifted.references).toEqual([{ guideline: "経産省医療外部保存-GL", location: "7.5.2" }]);
    expect(shifted.checkPoints).toHaveLength(1);
    expect(shifted.checkPoints![0]).toMatch(/^運用の中で、データセンターを運営する外部事業者が/);
    // Line 493: 3 numbers 「3 1 31」 (3-1 has no 小分類), shifted left, trailing empty cell.
    expect(item("3-1-31")).toMatchObject({ level: "required", references: [{ guideline: "経産省医療外部保存-GL", location: "3" }] });
    expect(item("3-1-31").text).toMatch(/^扱う情報として、法令により作成や保存が定められている文書を含む場合には/);
    // Line 519: 「3 3 2」 under header 大分類/中分類/小分類/要件: 2 is the 要件, 小分類 ① comes from the label.
    expect(item("3-3-1-2")).toMatchObject({
      level: "required",
      category: "3. 契約・合意・説明に関する事項 3) 医療情報の保存／取扱いをする場合の要求事項 ①事業者から利用者に説明する事項",
      references: [{ guideline: "経産省医療外部保存-GL", location: "3.4" }],
    });
    expect(item("3-3-1-2").text).toMatch(/^下記の項目は医療機関等の手順であることを明確にし医療機関等に説明すること \(1\) 情報処理事業者からの定時報告/);
    // Line 210: page without a 要件 column (大分類/中分類/小分類 only): number inferred.
    expect(item("2-1-2-1").text).toBe("職員は情報処理事業者の専有する領域にて職員で無い者を識別した際には声掛け等を行い、身分を確認すること。");
    // Lines 526–539 continue 3-3-1 after 518–520, 540–543 are 3-3-2.
    expect(item("3-3-1-4").text).toBe("・障害等が生じた場合等を想定し、冗長性を確保する仕様等について医療機関等と合意すること");
    expect(item("3-3-1-17").level).toBe("required");
    expect(item("3-3-2-4").text).toMatch(/^・受託データを医療機関に引/);
  });

  it("keeps the numeric 小分類 where the label's circled number disagrees", () => {
    // Lines 180–192: numbering 1-2-2-n, label 「③事業継続」.
    const i = item("1-2-2-1");
    expect(i).toMatchObject({
      key: "1.2.2.1",
      text: "・緊急時に備えたアクセス制御等の手順等の明確化",
      level: "required",
      category: "1. 設備・運用 2) 医療情報の保存/取扱いに関する条件 ③事業継続",
      references: [{ guideline: "総務省医療ASP-GL", location: "2.3.2" }],
      checkPoints: ["緊急時に備えたアクセス制御等の手順等が明確化されているか"],
    });
    expect(items().some((x) => x.number!.startsWith("1-2-3-"))).toBe(false);
    expect(repairLines("label-number-mismatch")).toEqual(range(180, 192));
  });

  it("normalises guideline names and locations", () => {
    const guidelines = new Set(items().flatMap((i) => i.references!.map((r) => r.guideline)));
    expect([...guidelines].sort()).toEqual(["経産省医療外部保存-GL", "総務省ASP-GL", "総務省医療ASP-GL"]);
    // Line 479: 「総務省医療ASP-」 cut short.
    expect(item("3-1-19").references).toEqual([{ guideline: "総務省医療ASP-GL", location: "3.2.3" }]);
    // Line 77: 「Ⅲ. 1. 1」 (one-character numeral) next to 「II. 1. 1. 1」.
    expect(item("1-1-2-1").references).toEqual([{ guideline: "総務省ASP-GL", location: "III. 1. 1" }]);
    for (const i of items()) expect(i.references![0].location).not.toMatch(/[\u2160-\u217F]/);
  });

  it("splits 確認項目 on ・ bullets and keeps markers as literal text", () => {
    // ・ inside words (サーバ・ストレージ) is not a bullet; 【推奨】 stays on its check point.
    expect(item("1-1-2-5").checkPoints).toEqual([
      "【推奨】サービスの提供に用いるアプリケーション、プラットフォーム、サーバ・ストレージ、ネットワークに対し一定間隔でパフォーマンス監視(サービスのレスポンス時間の監視)を、適切な間隔(10分、30分)で行っているか。",
    ]);
    // Line 48: <ISMSの場合のみ> governs all four bullets; it is the form's text, not HTML.
    expect(item("1-1-1-40").checkPoints).toEqual([
      "<ISMSの場合のみ> 本ガイドラインに従って適用範囲が設定されているか",
      "<ISMSの場合のみ> 本ガイドラインに従って管理策が選択されているか",
      "<ISMSの場合のみ> 本ガイドラインを基準とした情報セキュリティ監査を受けているか",
      "<ISMSの場合のみ> 情報セキュリティ監査結果を医療機関に提示しているか",
    ]);
    // Line 322: two qualifiers, each governing the bullets after it.
    expect(item("2-1-6-48").checkPoints).toEqual([
      "(ハウジング構成の場合) ネットワークインタフェースに対するアクセス制御に関するセキュリティポリシーが作成され、文書化されているか。",
      "(ハウジング構成の場合) 各ネットワークインタフェースが、セキュリティポリシーに従ってアクセス制御されているか。",
      "(ホスティング構成の場合) 情報処理装置(サーバ)に対するアクセス制御に関するセキュリティポリシーが作成され、文書化されているか。",
      "(ホスティング構成の場合) 各サーバが、セキュリティポリシーに従ってアクセス制御されているか。",
    ]);
    // Independent count of bullets: a ・ at the start of the 確認項目 cell or after a space.
    const bullets = seedLines.reduce((n, l) => {
      const cells = l.split("\t");
      const at = cells.findIndex((c) => c === "必須" || c === "推奨");
      return at < 0 ? n : n + (cells[at + 4].match(/(^|\s)・/g)?.length ?? 0);
    }, 0);
    const fromBullets = items().reduce((n, i) => n + i.checkPoints!.length, 0);
    // Cells with no bullet at all (【推奨】… lines) give one check point each.
    const bulletless = seedLines.filter((l) => {
      const cells = l.split("\t");
      const at = cells.findIndex((c) => c === "必須" || c === "推奨");
      return at >= 0 && !/(^|\s)・/.test(cells[at + 4]);
    }).length;
    expect(fromBullets).toBe(bullets + bulletless);
  });

  it("reports the repairs for the known messy lines", () => {
    // 18 header blocks: each has exactly one line with a 「分類」 cell.
    const headerLines = seedLines.flatMap((l, i) => (l.split("\t").some((c) => c.trim() === "分類") ? [i + 1] : []));
    expect(headerLines).toHaveLength(18);
    // Two-line headers (5–6, 73–74, 178–179, 208–209, 524–525, 545–546) carry 分類 on their first line.
    expect(repairLines("page-header")).toEqual(headerLines);
    expect(repairLines("page-header")).toEqual([5, 40, 73, 105, 143, 178, 208, 241, 272, 303, 331, 356, 386, 423, 459, 492, 524, 545]);
    expect(repairLines("extra-number-column")).toEqual(range(7, 38));
    expect(repairLines("label-missing-middle")).toEqual(range(41, 71));
    expect(repairLines("shifted-columns")).toEqual([...range(242, 268), ...range(493, 520)]);
    expect(repairLines("duplicate-number-column")).toEqual(range(461, 490));
    expect(repairLines("number-inferred")).toEqual([...range(210, 239), ...range(526, 543)]);
    expect(repairLines("label-spelling")).toEqual([518, 519, 520]);
    expect(repairLines("truncated-cell")).toEqual([479, 481]);
    expect(repairLines("footnote-marker")).toEqual([359, 359]);
    expect(repairLines("check-point-qualifier")).toEqual([46, 47, 48, 322, 337]);
    expect(new Set(repairLines("wrapped-cell"))).toEqual(new Set(range(210, 239)));
    // GL names written with a space: `grep -cP '\t(総務省|経産省) [^\t]*\t'` → 68.
    const spaced = seedLines.flatMap((l, i) => (/\t(総務省|経産省) [^\t]*\t/.test(l) ? [i + 1] : []));
    expect(spaced).toHaveLength(68);
    expect(repairLines("guideline-spelling")).toEqual(spaced);
    // Locations with the one-character numeral Ⅲ: `grep -c Ⅲ` → 56.
    const roman = seedLines.flatMap((l, i) => (l.includes("Ⅲ") ? [i + 1] : []));
    expect(roman).toHaveLength(56);
    expect(repairLines("location-numeral")).toEqual(roman);
    // Nothing else: no gaps, duplicates or unknown names in this seed.
    const kinds = new Set(result().repairs.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(
      [
        "page-header", "extra-number-column", "label-missing-middle", "shifted-columns", "duplicate-number-column",
        "number-inferred", "label-spelling", "truncated-cell", "footnote-marker", "check-point-qualifier",
        "wrapped-cell", "guideline-spelling", "location-numeral", "label-number-mismatch",
      ].sort(),
    );
    for (const r of result().repairs) expect(r.message.length).toBeGreaterThan(10);
  });

  it("resolves a duplicated number deterministically with a unique key", () => {
    // Line 9 is 1-1-1-3 (「1 1 1 3 3」); make it a second 1-1-1-2.
    const lines = [...seedLines];
    expect(lines[8].startsWith("1\t1\t1\t3\t3\t")).toBe(true);
    lines[8] = lines[8].replace(/^1\t1\t1\t3\t3\t/, "1\t1\t1\t2\t2\t");
    const r = parseHispro(lines.join("\n"));
    const t = validateTemplate(r.templates[0], "dup");
    const dup = [...walkItems(t)].map((e) => e.item).filter((i) => i.number === "1-1-1-2");
    expect(dup.map((i) => i.key)).toEqual(["1.1.1.2", "1.1.1.2_2"]);
    expect(r.repairs.filter((x) => x.kind === "duplicate-number").map((x) => x.line)).toEqual([9]);
    expect(r.repairs.filter((x) => x.kind === "number-gap").map((x) => x.line)).toEqual([10]);
  });

  it("strips HTML tags but keeps <ISMSの場合のみ>", () => {
    const lines = [...seedLines];
    lines[45] = lines[45].replace("ISMS認証を取得する場合には、", "<b>ISMS認証を取得する場合には、</b>");
    const r = parseHispro(lines.join("\n"));
    const i = [...walkItems(r.templates[0])].map((e) => e.item).find((x) => x.number === "1-1-1-38")!;
    expect(i.text).toBe("ISMS認証を取得する場合には、受託した医療情報を扱う部門、部署を全て含むよう適用範囲を設定した上でISMS認証を取得すること");
    expect(i.checkPoints).toEqual(["<ISMSの場合のみ> ISMSの場合の対象範囲に受託した医療情報を扱う部門、部署をすべて含んでいるか"]);
    expect(r.repairs.filter((x) => x.kind === "html-tag").map((x) => x.line)).toEqual([46]);
  });

  it("throws SeedParseError for an empty seed", () => {
    expect(() => parseHispro("")).toThrow(SeedParseError);
    expect(() => parseHispro("\n\n  \n")).toThrow(/empty seed/);
  });

  it("throws SeedParseError for a truncated seed", () => {
    // Cut at 40% of the characters: the cut lands inside a row.
    expect(() => parseHispro(seed.slice(0, Math.floor(seed.length * 0.4)))).toThrow(SeedParseError);
    // Cut at 40% of the lines, on a line boundary: every row is whole but 大分類 3 is missing.
    const cut = seedLines.slice(0, Math.floor(seedLines.length * 0.4)).join("\n");
    expect(() => parseHispro(cut)).toThrow(/大分類/);
    // A row cut after its 分類 label.
    const lines = [...seedLines];
    lines[299] = lines[299].split("\t").slice(0, 6).join("\t");
    expect(() => parseHispro(lines.join("\n"))).toThrow(expect.objectContaining({ name: "SeedParseError", line: 300 }));
  });

  it("throws SeedParseError with the line of a row that cannot be placed", () => {
    const garbage = [...seedLines.slice(0, 300), "これは\tゴミ行\tです", ...seedLines.slice(300)];
    expect(() => parseHispro(garbage.join("\n"))).toThrow(expect.objectContaining({ name: "SeedParseError", line: 301 }));

    // A well-formed row that returns to a section closed pages earlier.
    const back = [...seedLines];
    back.splice(300, 0, seedLines[6]);
    expect(() => parseHispro(back.join("\n"))).toThrow(expect.objectContaining({ name: "SeedParseError", line: 301 }));

    // A row whose 必須／推奨 cell is neither.
    const level = [...seedLines];
    level[99] = level[99].replace("\t必須\t", "\t要\t");
    expect(() => parseHispro(level.join("\n"))).toThrow(expect.objectContaining({ name: "SeedParseError", line: 100 }));
  });
});
