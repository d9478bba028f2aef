// The file kept between the steps of the answer-layout form lives in the database (DECISIONS 47): a token made
// through one app process is found through another — here two connections, as each process has its own — only by
// its user for its disclosure, for 30 minutes, and at most 20 per user.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "../app/models/account.server.js";
import { keepUpload, keptUpload, MAX_UPLOAD_BYTES } from "../app/models/answer-layout.server.js";
import { createDisclosure } from "../app/models/disclosure.server.js";
import { createOrganization } from "../app/models/organization.server.js";
import { openDatabase } from "../db/connection.js";
import { clock } from "../disclosures/clock.js";
import { freshDatabasePath } from "./helpers/db.js";
import { registerTinyTemplate } from "./helpers/tiny-disclosure.js";

const location = freshDatabasePath();
const processA = openDatabase(location);
const processB = openDatabase(location);
const meta = { ip: "192.0.2.1", userAgent: "test" };
const NOON_JST = Date.parse("2026-12-03T03:00:00Z");
let owner: { userId: string; disclosureId: string };
let stranger: { userId: string; disclosureId: string };
let otherDisclosure: string;

beforeAll(async () => {
  await registerTinyTemplate(processA);
  const make = async (name: string) => {
    const userId = await createUser(processA, { email: `${name}@kept.example.jp`, displayName: name, password: "correct horse battery staple 9" });
    const actor = { userId, email: `${name}@kept.example.jp` };
    const org = await createOrganization(processA, actor, { name, kind: "vendor" }, meta);
    const disclosureId = await createDisclosure(processA, actor, org, { templateId: "tiny", templateVersion: "1.0.0", serviceId: null, visibility: "public" }, meta);
    return { actor, org, owner: { userId, disclosureId } };
  };
  const a = await make("owner");
  owner = a.owner;
  otherDisclosure = await createDisclosure(processA, a.actor, a.org, { templateId: "tiny", templateVersion: "1.0.0", serviceId: null, visibility: "public" }, meta);
  stranger = (await make("stranger")).owner;
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the file kept for the layout form", () => {
  it("is found through another process by its user for its disclosure only, with the same bytes and name", async () => {
    vi.spyOn(clock, "now").mockReturnValue(NOON_JST);
    const bytes = Buffer.from("列A,列B\n1,2\n");
    const token = (await keepUpload(processA, owner, bytes, "自社様式.csv"))!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await keptUpload(processB, token, owner)).toEqual({ bytes, fileName: "自社様式.csv" });
    expect(await keptUpload(processB, token, { ...owner, disclosureId: otherDisclosure })).toBeNull();
    expect(await keptUpload(processB, token, { ...stranger, disclosureId: owner.disclosureId })).toBeNull();
    expect(await keptUpload(processB, "x".repeat(32), owner)).toBeNull();
    expect(await keptUpload(processB, `${token}'`, owner)).toBeNull();
  });

  it("expires after 30 minutes", async () => {
    const now = vi.spyOn(clock, "now").mockReturnValue(NOON_JST);
    const token = (await keepUpload(processA, owner, Buffer.from("a"), "a.csv"))!;
    now.mockReturnValue(NOON_JST + 30 * 60_000 - 1);
    expect(await keptUpload(processB, token, owner)).not.toBeNull();
    now.mockReturnValue(NOON_JST + 30 * 60_000);
    expect(await keptUpload(processB, token, owner)).toBeNull();
  });

  it("keeps at most 20 per user, the oldest going first, and refuses a file over 10 MB", async () => {
    const now = vi.spyOn(clock, "now");
    const tokens: string[] = [];
    for (let i = 0; i < 21; i++) {
      now.mockReturnValue(NOON_JST + 60 * 60_000 + i);
      tokens.push((await keepUpload(i % 2 ? processA : processB, owner, Buffer.from(String(i)), `${i}.csv`))!);
    }
    expect(await keptUpload(processA, tokens[0], owner)).toBeNull();
    for (const token of tokens.slice(1)) expect(await keptUpload(processA, token, owner)).not.toBeNull();
    // Another user's files are not counted against this one's.
    expect(await keepUpload(processA, stranger, Buffer.from("s"), "s.csv")).not.toBeNull();
    expect(await keptUpload(processA, tokens[1], owner)).not.toBeNull();
    expect(await keepUpload(processA, owner, Buffer.alloc(MAX_UPLOAD_BYTES + 1), "big.csv")).toBeNull();
  });
});
