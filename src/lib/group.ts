/**
 * Appends `value` to the list under `key`, creating it on first use. Grouping this way is
 * linear in the number of items; rebuilding the list per item (a spread) is quadratic and
 * blocked the event loop for minutes on a 50,000-object batch.
 */
export function pushTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const list = groups.get(key);
  if (list) list.push(value);
  else groups.set(key, [value]);
}
