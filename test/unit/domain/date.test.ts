import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRfc3339 } from "../../../src/domain/date.ts";

describe("parseRfc3339", () => {
  it("parses a UTC timestamp to epoch milliseconds", () => {
    const parsed = parseRfc3339("2023-11-14T22:13:20Z");
    assert.equal(parsed?.epochMs, 1_700_000_000_000);
    assert.equal(parsed?.normalized, "2023-11-14T22:13:20Z");
  });

  it("applies offsets and keeps a non-zero offset in the normalized form", () => {
    const parsed = parseRfc3339("2017-10-06T08:15:30+01:00");
    assert.equal(parsed?.epochMs, Date.parse("2017-10-06T07:15:30Z"));
    assert.equal(parsed?.normalized, "2017-10-06T08:15:30+01:00");
  });

  it("writes a zero offset as Z and trims trailing fraction zeros", () => {
    assert.equal(parseRfc3339("2020-01-01T00:00:00.500000+00:00")?.normalized, "2020-01-01T00:00:00.5Z");
    assert.equal(parseRfc3339("2020-01-01T00:00:00.000Z")?.normalized, "2020-01-01T00:00:00Z");
  });

  it("keeps sub-millisecond precision in epochMs", () => {
    const parsed = parseRfc3339("2020-01-01T00:00:00.123456Z");
    assert.ok(Math.abs((parsed?.epochMs ?? 0) - (Date.parse("2020-01-01T00:00:00.123Z") + 0.456)) < 1e-3);
  });

  it("keeps two-digit years literal", () => {
    assert.equal(parseRfc3339("0050-01-01T00:00:00Z")?.epochMs, Date.parse("0050-01-01T00:00:00Z"));
  });

  it("rejects shapes Go's RFC3339 parser rejects", () => {
    for (const text of [
      "2020-01-01",
      "2020-01-01T00:00:00",
      "2020-01-01 00:00:00Z",
      "2020-13-01T00:00:00Z",
      "2021-02-29T00:00:00Z",
      "2020-01-01T24:00:00Z",
      "2020-01-01T00:60:00Z",
      "2020-01-01T00:00:60Z",
      "2020-01-01T00:00:00+25:00",
      "2020-01-01T00:00:00z",
      "not a date",
    ]) {
      assert.equal(parseRfc3339(text), undefined, text);
    }
  });

  it("accepts 29 February in a leap year", () => {
    assert.ok(parseRfc3339("2024-02-29T12:00:00Z"));
  });
});
