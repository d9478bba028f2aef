import { Link } from "@remix-run/react";
import type { PublishProblem } from "../../disclosures/publish-validation";

/** What prevents publishing, each linked to its item in the editor. */
export function PublishProblems({ problems, base }: { problems: PublishProblem[]; base: string }) {
  if (!problems.length) return null;
  return (
    <ol className="problems">
      {problems.map((p) => (
        <li key={p.key}>
          <Link to={`${base}/edit?item=${encodeURIComponent(p.key)}`}>
            {p.number ? `${p.number} ` : ""}
            {p.text.slice(0, 60)}
          </Link>
          （{p.sectionTitle}）: {p.message}
        </li>
      ))}
    </ol>
  );
}
