import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { latestTemplateVersion } from "~/models/template.server";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";

// /templates/:id always shows the latest version; versioned URLs are the stable ones.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const version = await latestTemplateVersion(db, params.templateId!);
  invariantResponse(version, "指定された様式は登録されていません");
  const search = new URL(request.url).search;
  return redirect(`/templates/${params.templateId}/${version}${search}`);
}

// A component makes this a page route, so an unknown id renders the Japanese 404 page, not bare text.
export default function LatestTemplateRedirect() {
  return null;
}
