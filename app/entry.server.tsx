import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { ServerFragmentsProvider } from "./components/server-fragments";

/**
 * Every document is rendered to one string (DECISIONS 55). No route defers data and no component suspends, so a
 * stream would only have cut the same whole page into hundreds of chunks, each a trip through the stream layers and
 * compression, and React 18.3's stream writer padded chunks with NUL bytes where a Japanese character did not fit
 * its buffer (facebook/react#31134), which we then had to filter out. A string has neither cost.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = (loadContext.cspNonce as string | undefined) ?? "";
  const html = renderToString(
    <NonceProvider value={nonce}>
      <ServerFragmentsProvider value={loadContext.serverFragments ?? null}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </ServerFragmentsProvider>
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}
