// Large, pre-escaped HTML a loader built for a whole-document request, handed to the component during server
// rendering without passing through the loader data. Loader data is serialised to JSON, parsed back, serialised again
// into the page's hand-off script and escaped, even on pages that load no script: for the 10 × 504 comparison matrix
// that was about 13 ms of 70 (issue 18). A data request (client-side navigation) has no fragments: there the loader
// sends the HTML in its data as before, and the component takes it from there.
import { createContext, useContext, type ReactNode } from "react";

export type ServerFragments = Map<string, unknown>;

const ServerFragmentsContext = createContext<ServerFragments | null>(null);

export function ServerFragmentsProvider({ value, children }: { value: ServerFragments | null; children: ReactNode }) {
  return <ServerFragmentsContext.Provider value={value}>{children}</ServerFragmentsContext.Provider>;
}

/** The fragment a loader kept under `key` for this document request; undefined in the browser and for data requests. */
export function useServerFragment<T>(key: string): T | undefined {
  return useContext(ServerFragmentsContext)?.get(key) as T | undefined;
}
