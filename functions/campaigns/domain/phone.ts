import { parsePhoneNumberFromString } from 'libphonenumber-js';

export type ParsedPhone = { ok: true; e164: string; operatorCode: string } | { ok: false; reason: string };

/**
 * Validates a phone number given in international format and normalises it to E.164. The operator code
 * is the national destination code: the first group after the country code in the number's
 * international format (how libphonenumber itself finds it), e.g. +7 912 345 67 89 → 912.
 */
export function parsePhone(raw: string): ParsedPhone {
  const input = raw.trim();
  if (!input.startsWith('+')) {
    return { ok: false, reason: 'Use the international format with the country code, e.g. +4915123456789.' };
  }
  const phone = parsePhoneNumberFromString(input);
  if (!phone?.isValid()) return { ok: false, reason: 'Not a valid phone number.' };
  const groups = phone.formatInternational().split(/\s+/);
  return { ok: true, e164: phone.number, operatorCode: groups.length > 2 ? groups[1]! : '' };
}
