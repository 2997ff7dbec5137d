import { secretMatches } from './secret.js';
import { escapeHtml, MAX_MESSAGE, splitMessage } from './texts.js';

describe('splitMessage', () => {
  it('keeps short texts whole and splits long ones at line breaks within the limit', () => {
    expect(splitMessage('a\nb')).toEqual(['a\nb']);
    const long = Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(30)}`).join('\n');
    const parts = splitMessage(long);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(parts.join('\n')).toBe(long);
  });
  it('cuts a single line longer than the limit', () => {
    expect(splitMessage('y'.repeat(5000))[0]).toHaveLength(MAX_MESSAGE);
  });
});

describe('escapeHtml', () => {
  it('escapes what HTML parse mode would read as markup', () => {
    expect(escapeHtml('<b>a & b</b>')).toBe('&lt;b&gt;a &amp; b&lt;/b&gt;');
  });
});

describe('secretMatches', () => {
  it('accepts only the exact secret', () => {
    expect(secretMatches('s3cret-s3cret-s3cret', 's3cret-s3cret-s3cret')).toBe(true);
    expect(secretMatches('s3cret', 's3cret-s3cret-s3cret')).toBe(false);
    expect(secretMatches(undefined, 's3cret-s3cret-s3cret')).toBe(false);
  });
});
