/**
 * Update rules for one existing named vector and for the class-level `moduleConfig`. A named
 * vector keeps its index type and vectorizer (module and settings) for life; its index config
 * follows the same mutability rules as the class-level index.
 */
import type { NamedVectorConfig } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { cloneJson, deepEqual, deepMerge, isMissing, isPlainObject, type JsonObject } from "./json.ts";
import { checkVectorIndexConfigUpdate, validateVectorIndexConfig } from "./vector-index.ts";

function moduleNameOf(vectorizer: unknown): string {
  return isPlainObject(vectorizer) ? (Object.keys(vectorizer)[0] ?? "") : "";
}

function checkVectorizer(name: string, before: NamedVectorConfig, given: unknown): void {
  if (isMissing(given)) return;
  if (!isPlainObject(given) || Object.keys(given).length !== 1) {
    throw unprocessable(`invalid vectorizer config for vector "${name}"`);
  }
  const previous = moduleNameOf(before.vectorizer);
  const next = moduleNameOf(given);
  if (previous !== next) {
    throw unprocessable(
      `vectorizer of vector "${name}" is immutable: attempted change from "${previous}" to "${next}"`,
    );
  }
  if (!deepEqual(before.vectorizer, given)) {
    throw unprocessable(`vectorizer config of vector "${name}" is immutable`);
  }
}

/** The named vector `name` after an update body `raw`; throws 422 on an immutable change. */
export function updatedNamedVector(name: string, before: NamedVectorConfig, raw: unknown): NamedVectorConfig {
  if (!isPlainObject(raw)) throw unprocessable(`target vector "${name}": vector config must be a JSON object`);
  const type = before.vectorIndexType;
  const givenType = raw["vectorIndexType"];
  if (!isMissing(givenType) && givenType !== type) {
    throw unprocessable(
      `vector index type of vector "${name}" is immutable: attempted change from "${type}" to "${String(givenType)}"`,
    );
  }
  checkVectorizer(name, before, raw["vectorizer"]);
  const given = raw["vectorIndexConfig"];
  validateVectorIndexConfig(type, given, `parse vector config for ${name}: `, true);
  const previous = before.vectorIndexConfig as JsonObject;
  const next = deepMerge(previous, isPlainObject(given) ? given : undefined);
  checkVectorIndexConfigUpdate(type, previous, next, `vector "${name}": `);
  const extras: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!["vectorizer", "vectorIndexType", "vectorIndexConfig"].includes(key) && value !== null) {
      extras[key] = cloneJson(value);
    }
  }
  return { ...cloneJson(before), ...extras, vectorIndexConfig: next as NamedVectorConfig["vectorIndexConfig"] };
}

const isGenerative = (module: string) => module.startsWith("generative-");
const isReranker = (module: string) => module.startsWith("reranker-");

/**
 * The class-level moduleConfig after an update: new modules may be added, the generative and
 * the reranker module may be swapped (one of each), any other existing module must be sent
 * unchanged or left out.
 */
export function updatedModuleConfig(
  current: Record<string, unknown> | undefined,
  raw: unknown,
): Record<string, unknown> | undefined {
  if (isMissing(raw) || deepEqual(current ?? {}, raw)) return current ? cloneJson(current) : undefined;
  if (!isPlainObject(raw)) throw unprocessable("moduleConfig must be a JSON object");
  const next: JsonObject = cloneJson(current ?? {});
  for (const [kind, matches] of [
    ["generative", isGenerative],
    ["reranker", isReranker],
  ] as const) {
    const given = Object.keys(raw).filter(matches);
    if (given.length > 1) throw unprocessable(`updated moduleconfig has multiple ${kind} modules`);
    // The one generative (reranker) module replaces the previous one.
    if (given.length === 1) for (const module of Object.keys(next).filter(matches)) delete next[module];
  }
  for (const [module, config] of Object.entries(raw)) {
    const special = isGenerative(module) || isReranker(module);
    if (!special && module in next && !deepEqual(next[module], config)) {
      throw unprocessable(`can only update generative and reranker module configs. Got: ${module}`);
    }
    next[module] = cloneJson(config);
  }
  return next;
}
