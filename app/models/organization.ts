// Names shared by the server and the browser bundle (a .server module is empty in the browser).
import type { OrganizationKind, Role } from "../../db/schema";

export const roleRank: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };
export const roleLabels: Record<Role, string> = { owner: "オーナー", editor: "編集者", viewer: "閲覧者" };
export const kindLabels: Record<OrganizationKind, string> = { vendor: "事業者", hospital: "医療機関" };
