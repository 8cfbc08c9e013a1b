/** Tiny fetch wrappers for talking to the server under test. */

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends a request with an optional JSON body; parses a JSON reply when there is one. */
export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] ??= "application/json";
  }
  const response = await fetch(base + path, init);
  const text = await response.text();
  let parsed: unknown = text;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  } else {
    parsed = undefined;
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** The message of a Weaviate error body. */
export function errorMessage(reply: Reply): string {
  const body = reply.body as { error?: Array<{ message?: string }> };
  return body?.error?.[0]?.message ?? "";
}
