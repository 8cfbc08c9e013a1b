/**
 * phoneNumber properties: written as `{input, defaultCountry?}`, stored and read back enriched
 * with the parsed forms. Parsing uses libphonenumber-js with full metadata so `valid` means what
 * Google's libphonenumber (which Weaviate uses) means by it.
 */
import type { CountryCode } from "libphonenumber-js/max";
import { isSupportedCountry, ParseError, parsePhoneNumberWithError } from "libphonenumber-js/max";
import { fault, goType, isRecord } from "./go-format.ts";

/**
 * The stored / returned shape. Like Weaviate's JSON (every field `omitempty`), zero values are
 * left out: no `defaultCountry` when none was given, no `valid` when the number is not valid.
 */
export interface PhoneNumberValue {
  input: string;
  defaultCountry?: string;
  internationalFormatted?: string;
  countryCode?: number;
  national?: number;
  nationalFormatted?: string;
  valid?: boolean;
}

const invalidCountry =
  "invalid phone number: invalid or missing defaultCountry - this field is optional if the specified " +
  "number is in the international format, but required if the number is in national format, use ISO 3166-1 alpha-2";

const parseReasons: Record<string, string> = {
  NOT_A_NUMBER: "the phone number supplied is not a number",
  TOO_SHORT: "the string supplied is too short to be a phone number",
  TOO_LONG: "the string supplied is too long to be a phone number",
  INVALID_LENGTH: "the string supplied is not a valid phone number length",
};

function parse(input: string, country: string) {
  if (country !== "" && !isSupportedCountry(country)) fault(invalidCountry);
  try {
    return parsePhoneNumberWithError(input, country === "" ? undefined : (country as CountryCode));
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    if (error.message === "INVALID_COUNTRY") fault(invalidCountry);
    fault(`invalid phone number: ${parseReasons[error.message] ?? error.message}`);
  }
}

/** Validates a phoneNumber property value and returns the enriched stored form. */
export function phoneNumberValue(value: unknown): PhoneNumberValue {
  if (!isRecord(value)) fault(`phoneNumber must be a map, but got: ${goType(value)}`);
  if (!("input" in value)) fault("phoneNumber is missing required field 'input'");
  const input = value["input"];
  if (typeof input !== "string") fault("phoneNumber.input must be a string");
  const rawCountry = value["defaultCountry"] ?? "";
  if (typeof rawCountry !== "string") fault("phoneNumber.defaultCountry must be a string");
  const defaultCountry = rawCountry.toUpperCase();
  const parsed = parse(input, defaultCountry);
  const result: PhoneNumberValue = { input };
  if (defaultCountry !== "") result.defaultCountry = defaultCountry;
  const international = parsed.formatInternational();
  if (international !== "") result.internationalFormatted = international;
  const countryCode = Number(parsed.countryCallingCode);
  if (countryCode !== 0) result.countryCode = countryCode;
  // Go keeps an Italian-style leading zero apart from the national number; Number() drops it too.
  const national = Number(parsed.nationalNumber);
  if (national !== 0) result.national = national;
  const nationalFormatted = parsed.formatNational();
  if (nationalFormatted !== "") result.nationalFormatted = nationalFormatted;
  if (parsed.isValid()) result.valid = true;
  return result;
}
