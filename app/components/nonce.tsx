import { createContext, useContext } from "react";

// The CSP nonce of the current request, for Remix's inline scripts.
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
