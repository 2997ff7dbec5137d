import { createRequire } from 'node:module';

// The bundles' stand-ins for library code (resources/esbuild/plugins.cjs) must answer as the original.
const require = createRequire(import.meta.url);
const { gte } = require('../resources/esbuild/semver-gte.cjs') as { gte: (a: string, b: string) => boolean };

describe("semver-gte.cjs (semver's gte for aws-xray-sdk-core and cls-hooked)", () => {
  it.each([
    ['20.20.2', '8.0.0', true],
    ['v20.20.2', '8.0.0', true],
    ['8.0.0', '8.0.0', true],
    ['7.10.1', '8.0.0', false],
    ['2.7.15', '2.7.15', true],
    ['2.7.9', '2.7.15', false],
    ['2.10.0', '2.7.15', true],
    ['3.0.0-beta.1', '2.7.15', true],
    ['2.7', '2.7.0', true],
  ])('gte(%s, %s) is %s', (a, b, expected) => {
    expect(gte(a, b)).toBe(expected);
  });
});
