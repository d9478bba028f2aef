import { notFound } from "~/utils/responses.server";

// Any URL no other route claims: a Japanese 404 through the root error boundary.
export function loader(): never {
  notFound();
}

export default function NotFound() {
  return null;
}
