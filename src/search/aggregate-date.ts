/**
 * Date aggregations for GraphQL `Aggregate` (see aggregate-math.ts for the overview).
 *
 * Instants are compared as exact epoch nanoseconds (bigint): a float of epoch milliseconds cannot
 * hold nanosecond fractions, and Weaviate compares dates at nanosecond precision.
 */
import { parseRfc3339 } from "../domain/index.ts";

/** One distinct instant, the first stored spelling seen for it, and how often it occurs. */
interface Instant {
  nanos: bigint;
  text: string;
  count: number;
}

const nanosPerSecond = 1_000_000_000n;
const nanosPerMilli = 1_000_000n;

/** Exact epoch nanoseconds of an RFC 3339 string; undefined when it is not one. */
function epochNanos(value: string): bigint | undefined {
  // The fraction is the only dot in an RFC 3339 timestamp; parse whole seconds and fraction apart
  // so that neither loses precision in a double.
  const whole = parseRfc3339(value.replace(/\.\d+/, ""));
  if (!whole || !parseRfc3339(value)) return undefined;
  const fraction = /\.(\d+)/.exec(value)?.[1] ?? "";
  const nanos = BigInt(fraction.slice(0, 9).padEnd(9, "0"));
  return BigInt(whole.epochMs) * nanosPerMilli + nanos;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * Go's `time.RFC3339Nano` in UTC, which Weaviate uses for instants it computes: up to nine
 * fraction digits with trailing zeros dropped, no fraction at all for whole seconds, then `Z`.
 */
export function formatRfc3339NanoUtc(nanos: bigint): string {
  const seconds = floorDiv(nanos, nanosPerSecond);
  const fraction = (nanos - seconds * nanosPerSecond).toString().padStart(9, "0").replace(/0+$/, "");
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${base}${fraction ? `.${fraction}` : ""}Z`;
}

/** Distinct instants in ascending order, with counts; values that are not dates are skipped. */
function countInstants(values: readonly unknown[]): Instant[] {
  const byNanos = new Map<bigint, Instant>();
  for (const value of values) {
    if (typeof value !== "string") continue;
    const nanos = epochNanos(value);
    if (nanos === undefined) continue;
    const seen = byNanos.get(nanos);
    if (seen) seen.count += 1;
    else byNanos.set(nanos, { nanos, text: value, count: 1 });
  }
  return [...byNanos.values()].sort((a, b) => (a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0));
}

/** Most frequent instant; on a tie the earliest (Weaviate's pick depends on Go map order). */
function modeOf(instants: readonly Instant[]): Instant {
  let best = instants[0]!;
  for (const instant of instants) if (instant.count > best.count) best = instant;
  return best;
}

/**
 * The middle instant; for an even count whose two middle elements differ, the midpoint between
 * them (rounded down to the nanosecond) printed in UTC.
 */
function medianOf(instants: readonly Instant[], total: number): string {
  const middle = Math.floor(total / 2);
  let seen = 0;
  for (let index = 0; index < instants.length; index++) {
    const instant = instants[index]!;
    seen += instant.count;
    // Both middle elements (or the single one) fall inside this instant.
    if (seen > middle) return instant.text;
    if (total % 2 === 0 && seen === middle) {
      const next = instants[index + 1]!;
      return formatRfc3339NanoUtc(instant.nanos + (next.nanos - instant.nanos) / 2n);
    }
  }
  throw new Error("median of an empty date set");
}

/** count, type, minimum, maximum, median, mode for a date or date[] property. */
export function aggregateDates(type: string, values: readonly unknown[]): Record<string, unknown> {
  const instants = countInstants(values);
  const count = instants.reduce((sum, instant) => sum + instant.count, 0);
  if (count === 0) {
    return { count: 0, type, minimum: null, maximum: null, median: null, mode: null };
  }
  return {
    count,
    type,
    minimum: instants[0]!.text,
    maximum: instants[instants.length - 1]!.text,
    median: medianOf(instants, count),
    mode: modeOf(instants).text,
  };
}
