/** Shared bits for the object integration tests: wire types, fixed ids, setup calls that must succeed. */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { call } from "./http.ts";

/** An object as the REST API returns it. */
export interface WireObject {
  class: string;
  id: string;
  properties?: Record<string, unknown>;
  vector?: number[];
  vectors?: Record<string, number[]>;
  creationTimeUnix: number;
  lastUpdateTimeUnix: number;
  tenant?: string;
}

export interface ObjectList {
  objects: WireObject[];
  totalResults: number;
  deprecations: unknown[];
}

/** A valid v4 uuid whose last group is `n`, so ids sort like the numbers that made them. */
export function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

export const V4_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function beacon(className: string | undefined, id: string): string {
  return className ? `weaviate://localhost/${className}/${id}` : `weaviate://localhost/${id}`;
}

/** Creates a collection; fails the test when the server refuses. */
export async function createClass(url: string, definition: Record<string, unknown>): Promise<void> {
  const reply = await call(url, "POST", "/v1/schema", definition);
  assert.equal(reply.status, 200, `creating ${String(definition["class"])}: ${JSON.stringify(reply.body)}`);
}

/** Creates one object; fails the test when the server refuses. */
export async function createObject(url: string, body: Record<string, unknown>): Promise<WireObject> {
  const reply = await call<WireObject>(url, "POST", "/v1/objects", body);
  assert.equal(reply.status, 200, `creating ${JSON.stringify(body)}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** Reads one object (with its vectors); fails the test unless it exists. */
export async function getObject(url: string, className: string, id: string): Promise<WireObject> {
  const reply = await call<WireObject>(url, "GET", `/v1/objects/${className}/${id}?include=vector`);
  assert.equal(reply.status, 200, `reading ${className}/${id}`);
  return reply.body;
}

/** Lets the millisecond clock move on, so timestamps of consecutive writes differ. */
export function nextMillisecond(): Promise<void> {
  return sleep(3);
}
