import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ValueFault } from "../../../src/objects/go-format.ts";
import { phoneNumberValue } from "../../../src/objects/phone.ts";

function rejects(value: unknown, pattern: RegExp) {
  assert.throws(() => phoneNumberValue(value), (error: unknown) => error instanceof ValueFault && pattern.test(error.message));
}

describe("phoneNumberValue", () => {
  it("parses a national number with a default country", () => {
    assert.deepEqual(phoneNumberValue({ input: "020 123 4567", defaultCountry: "nl" }), {
      input: "020 123 4567",
      defaultCountry: "NL",
      internationalFormatted: "+31 20 123 4567",
      countryCode: 31,
      national: 201234567,
      nationalFormatted: "020 123 4567",
      valid: true,
    });
  });

  it("parses an international number without a default country", () => {
    const value = phoneNumberValue({ input: "+31 20 123 4567" });
    assert.equal(value.defaultCountry, undefined);
    assert.equal(value.countryCode, 31);
    assert.equal(value.valid, true);
  });

  it("ignores the read-only fields a client echoes back", () => {
    const value = phoneNumberValue({ input: "+31 20 123 4567", valid: false, national: 1, internationalFormatted: "x" });
    assert.equal(value.national, 201234567);
    assert.equal(value.valid, true);
  });

  it("keeps a parsable but invalid number, without `valid` (omitted like Go's omitempty)", () => {
    const value = phoneNumberValue({ input: "12", defaultCountry: "NL" });
    assert.equal(value.valid, undefined);
    assert.equal(value.national, 12);
  });

  it("drops an Italian leading zero from the national number", () => {
    assert.equal(phoneNumberValue({ input: "+39 06 1234 5678" }).national, 612345678);
  });

  it("rejects malformed values with Weaviate's messages", () => {
    rejects("020 123 4567", /phoneNumber must be a map, but got: string/);
    rejects({ defaultCountry: "NL" }, /phoneNumber is missing required field 'input'/);
    rejects({ input: 20 }, /phoneNumber.input must be a string/);
    rejects({ input: "020", defaultCountry: 31 }, /phoneNumber.defaultCountry must be a string/);
    rejects({ input: "020 123 4567" }, /invalid or missing defaultCountry/);
    rejects({ input: "020 123 4567", defaultCountry: "XX" }, /invalid or missing defaultCountry/);
    rejects({ input: "abc", defaultCountry: "NL" }, /invalid phone number: the phone number supplied is not a number/);
    rejects({ input: "1", defaultCountry: "NL" }, /invalid phone number: the string supplied is too short/);
  });
});
