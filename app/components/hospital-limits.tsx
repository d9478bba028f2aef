import { Link } from "@remix-run/react";
import { hospitalLimitNotice, type HospitalLimit } from "~/models/organization";

/** Why the reader's hospitals do not read 医療機関のみ / 申請制 disclosures yet, and what to do about it. */
export function HospitalLimits({ limits }: { limits: HospitalLimit[] }) {
  return (
    <>
      {limits.map((limit) => {
        const notice = hospitalLimitNotice(limit);
        return (
          <p key={limit.id} className="notice" role="note">
            {notice.text} <Link to={notice.link.to}>{notice.link.label}</Link>
          </p>
        );
      })}
    </>
  );
}
