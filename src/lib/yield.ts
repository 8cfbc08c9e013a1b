/**
 * Lets the event loop run (I/O callbacks, timers, other requests) before going on: long
 * synchronous loops over a large batch call it every few thousand items, so one 50,000-object
 * request does not hold every other request for a second.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
