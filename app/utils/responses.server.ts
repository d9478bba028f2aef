// Throwing helpers for loaders: the root error boundary renders them in Japanese.
export function notFound(message = "ページが見つかりません"): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

export function invariantResponse(condition: unknown, message?: string, status = 404): asserts condition {
  if (!condition) throw new Response(message ?? "ページが見つかりません", { status });
}
