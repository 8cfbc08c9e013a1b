/** Who sent a request (API keys, anonymous access) and what they may do (the admin list), for every transport. */
export {
  ANONYMOUS_USER,
  type Action,
  type AuthUser,
  canWrite,
  forbiddenMessage,
  mutationAction,
  type Permission,
  permissionOf,
  restAction,
  type Verb,
} from "./access.ts";
export { ANONYMOUS_DISABLED, ApiKeys, authenticate, INVALID_API_KEY, NO_TOKEN_VALIDATOR } from "./authenticate.ts";
