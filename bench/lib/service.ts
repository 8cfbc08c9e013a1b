/** Talking to the service for the benchmarks: JSON posts, class creation, batch imports. */

export async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const reply = await response.json();
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(reply)}`);
  return reply;
}

/** True when the server has a class of that name. */
export async function classExists(url: string, className: string): Promise<boolean> {
  const response = await fetch(`${url}/v1/schema/${className}`);
  await response.arrayBuffer();
  if (response.status === 404) return false;
  if (!response.ok) throw new Error(`GET /v1/schema/${className}: ${response.status}`);
  return true;
}

export interface BatchImport {
  count: number;
  batchSize: number;
  /** Requests in flight. */
  concurrency: number;
  /** The batch object for item `i`. */
  objectFor(i: number): unknown;
  /**
   * Awaited before the clock stops: the service acknowledges a batch once it is in RocksDB and
   * inserts the vectors on its vector thread afterwards, so an import is done when a search
   * (which queues behind those inserts) answers.
   */
  settle?: () => Promise<void>;
}

/** Resolves once a vector search of `className` answers, i.e. every queued insert is indexed. */
export async function searchable(url: string, className: string, dims: number): Promise<void> {
  const vector = JSON.stringify(Array.from({ length: dims }, () => 1));
  await post(`${url}/v1/graphql`, { query: `{Get{${className}(nearVector:{vector:${vector}},limit:1){_additional{id}}}}` });
}

/** POSTs items 0..count-1 to /v1/batch/objects; fails on any failed item. Returns seconds. */
export async function importBatches(url: string, { count, batchSize, concurrency, objectFor, settle }: BatchImport) {
  const bodyFor = (from: number) => {
    const objects = [];
    for (let i = from; i < Math.min(from + batchSize, count); i++) objects.push(objectFor(i));
    return { objects };
  };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next += batchSize;
      const results = (await post(`${url}/v1/batch/objects`, bodyFor(from))) as Array<{
        result?: { errors?: unknown };
      }>;
      const failed = results.find((item) => item.result?.errors);
      if (failed) throw new Error(`batch item failed: ${JSON.stringify(failed.result)}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  await settle?.();
  return (performance.now() - started) / 1000;
}
