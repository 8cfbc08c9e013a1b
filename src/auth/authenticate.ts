/**
 * Who sent a request, as Weaviate's go-openapi stack decides it, for every transport: a
 * `Bearer <token>` credential is always validated when present. With API keys on, a configured
 * key names its user and any other token is refused; with API keys off no method can validate a
 * token, so it is refused too (Weaviate then falls through to its OIDC validator, whose message
 * we answer with). No token is the anonymous user when AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED,
 * else refused. Keys are compared as SHA-256 digests with timingSafeEqual against every
 * configured key (no early exit), so neither a key's content nor its length shows in the timing;
 * keys are never logged.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { AuthConfig } from "../config/index.ts";
import { ANONYMOUS_USER, type AuthUser } from "./access.ts";

/** Weaviate's messages (usecases/auth/authentication: apikey, oidc, anonymous). */
export const INVALID_API_KEY = "invalid api key, please provide a valid api key";
export const NO_TOKEN_VALIDATOR =
  "oidc auth is not configured, please try another auth scheme or set up weaviate with OIDC configured";
export const ANONYMOUS_DISABLED = "anonymous access not enabled, please provide an auth scheme such as OIDC";

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** The configured API keys as SHA-256 digests, compared in constant time. */
export class ApiKeys {
  private readonly entries: ReadonlyArray<{ digest: Buffer; user: string }>;

  constructor(keys: ReadonlyMap<string, string>) {
    this.entries = [...keys].map(([key, user]) => ({ digest: digest(key), user }));
  }

  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /** The key's user; every configured key is compared, whatever matches first. */
  userFor(token: string): string | undefined {
    const given = digest(token);
    let user: string | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(given, entry.digest) && user === undefined) user = entry.user;
    }
    return user;
  }
}

/** The bearer token, as go-openapi reads it: after a case-sensitive "Bearer "; empty is none. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || !header.startsWith("Bearer ")) return undefined;
  const token = header.slice("Bearer ".length);
  return token === "" ? undefined : token;
}

/** The request's user, or the 401 message. */
export function authenticate(header: string | undefined, auth: AuthConfig, keys: ApiKeys): AuthUser | string {
  const token = bearerToken(header);
  if (token === undefined) return auth.anonymousAccess ? ANONYMOUS_USER : ANONYMOUS_DISABLED;
  if (!keys.enabled) return NO_TOKEN_VALIDATOR;
  const name = keys.userFor(token);
  return name === undefined ? INVALID_API_KEY : { name, anonymous: false };
}

