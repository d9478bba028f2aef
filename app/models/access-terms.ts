// What the vendor's terms for access requests may hold, shared by the page and the server.
export const TERMS_MAX_LENGTH = 10_000;
