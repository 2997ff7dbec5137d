import { z } from 'zod';
import { ConfigError, lazyConfig, parseEnv } from './config.js';

describe('parseEnv', () => {
  const schema = z.object({
    PORT: z.coerce.number().int(),
    MODE: z.enum(['a', 'b']).default('a'),
    URL: z.string().url(),
  });

  it('parses, coerces and applies defaults (an empty string counts as unset)', () => {
    expect(parseEnv(schema, { PORT: '8080', MODE: '', URL: 'http://x.test' })).toEqual({
      PORT: 8080,
      MODE: 'a',
      URL: 'http://x.test',
    });
  });

  it('fails fast with a message naming every bad variable', () => {
    expect(() => parseEnv(schema, { PORT: 'eighty', MODE: 'c' })).toThrow(ConfigError);
    try {
      parseEnv(schema, { PORT: 'eighty', MODE: 'c' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT: .*; MODE: .*; URL: /);
    }
  });
});

describe('lazyConfig', () => {
  it('loads once and reuses the value', () => {
    let loads = 0;
    const config = lazyConfig(() => ({ n: ++loads }));
    expect(config()).toBe(config());
    expect(loads).toBe(1);
  });
});
