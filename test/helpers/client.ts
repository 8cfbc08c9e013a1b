/**
 * The official weaviate-ts-client v2. Its package types describe a CommonJS default export while
 * Node loads its ESM build, so the default is unwrapped here once for every test.
 */
import imported from "weaviate-ts-client";

type ClientApp = typeof imported.default;

export const weaviate: ClientApp =
  (imported as unknown as { default?: ClientApp }).default ?? (imported as unknown as ClientApp);

export type { WeaviateClient } from "weaviate-ts-client";

/** A client for a server under test at `url` (e.g. http://127.0.0.1:1234), with an API key if given. */
export function clientFor(url: string, options: { apiKey?: string } = {}) {
  return weaviate.client({
    scheme: "http",
    host: new URL(url).host,
    ...(options.apiKey === undefined ? {} : { apiKey: new weaviate.ApiKey(options.apiKey) }),
  });
}
