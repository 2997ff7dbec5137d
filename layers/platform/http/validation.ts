import type { z } from 'zod';
import { type FieldError, ValidationError } from '../errors.js';

type Location = FieldError['in'];

/** Turns zod issues into per-field errors; unknown keys are reported one field each. */
export function fieldErrors(error: z.ZodError, location: Location): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        in: location,
        field: base ? `${base}.${key}` : key,
        message: 'Unknown field.',
      }));
    }
    return [{ in: location, field: base || '(root)', message: issue.message }];
  });
}

/** API Gateway gives `null` for missing query/path maps; schemas always see an object. */
export function emptyIfMissing(
  map: Record<string, string | undefined> | null | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

type Part = [schema: z.ZodType, value: unknown] | undefined;

/** Validates body, query and path together so one 400 lists every problem, not just the first part's. */
export function validateRequest(parts: { body: Part; query: Part; path: Part }): {
  body: unknown;
  query: unknown;
  params: unknown;
} {
  const errors: FieldError[] = [];
  const parse = (part: Part, location: Location) => {
    if (!part) return undefined;
    const result = part[0].safeParse(part[1]);
    if (!result.success) {
      errors.push(...fieldErrors(result.error, location));
      return undefined;
    }
    for (const field of fieldsWithNul(result.data))
      errors.push({ in: location, field, message: 'Must not contain NUL (\\u0000) characters.' });
    return result.data;
  };
  const parsed = {
    body: parse(parts.body, 'body'),
    query: parse(parts.query, 'query'),
    params: parse(parts.path, 'path'),
  };
  if (errors.length > 0) throw new ValidationError(errors);
  return parsed;
}

/**
 * The fields (dotted paths) of an accepted value whose text contains U+0000: valid JSON and valid for
 * zod, but PostgreSQL cannot store it in text (the insert would fail with a 500), and no user means it.
 */
function fieldsWithNul(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path || '(root)'] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => fieldsWithNul(item, path ? `${path}.${key}` : key));
}
