/**
 * RFC 3339 timestamps as Weaviate reads them (Go's `time.Parse(time.RFC3339, ...)`): a full date, a
 * `T`, a time with optional fractional seconds, and `Z` or a `±hh:mm` offset. Date-only strings
 * and other ISO 8601 shapes are rejected, exactly because Weaviate rejects them.
 */

export interface ParsedDate {
  /** Milliseconds since the epoch; sub-millisecond digits survive as the fractional part. */
  epochMs: number;
  /**
   * The form Weaviate echoes back (Go's RFC3339Nano): trailing zeros of the fraction dropped and a
   * zero offset written as `Z` (the server runs in UTC, where Go maps a zero offset to UTC).
   */
  normalized: string;
}

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids DST surprises.
  const probe = new Date(0);
  probe.setUTCFullYear(year, month, 0);
  return probe.getUTCDate();
}

function offsetMinutes(zone: string): number | undefined {
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/** Parses an RFC 3339 timestamp; undefined when the text is not one. */
export function parseRfc3339(value: string): ParsedDate | undefined {
  const match = rfc3339.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", zone = "Z"] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = offsetMinutes(zone);
  if (offset === undefined) return undefined;
  const instant = new Date(0);
  // setUTCFullYear keeps years 0-99 literal, which Date.UTC would shift into the 1900s.
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute, second, 0);
  const nanos = fraction.slice(0, 9);
  const epochMs = instant.getTime() - offset * 60_000 + Number(`0.${nanos || "0"}`) * 1000;
  const trimmed = nanos.replace(/0+$/, "");
  const zoneOut = offset === 0 ? "Z" : zone;
  const normalized = `${value.slice(0, 19)}${trimmed ? `.${trimmed}` : ""}${zoneOut}`;
  return { epochMs, normalized };
}
