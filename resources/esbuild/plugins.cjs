// esbuild plugins for `serverless package` (serverless-esbuild loads this file: custom.esbuild.plugins).
const path = require('node:path');

/**
 * zod's `z` namespace re-exports every locale (`z.locales`, ~250 KB minified), which esbuild cannot
 * tree-shake from a namespace. Nothing here uses another locale than English (zod's default, imported
 * by zod directly), so the locale index resolves to a module exporting `en` only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: path.join(__dirname, 'zod-locales.mjs') }
        : undefined,
    );
  },
};

/**
 * node-fetch 2 (telegraf's HTTP client) imports whatwg-url (with tr46's Unicode tables, ~300 KB) only as
 * a fallback: `Url.URL || whatwgUrl.URL`, and Node's own URL is always there. Inside node-fetch it
 * resolves to a module whose URL is Node's.
 */
const nodeFetchNativeUrl = {
  name: 'node-fetch-native-url',
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, (args) =>
      /[\\/]node_modules[\\/]node-fetch[\\/]/.test(args.importer)
        ? { path: path.join(__dirname, 'native-url.mjs') }
        : undefined,
    );
  },
};

/**
 * aws-xray-sdk-core (the Powertools Tracer's, in every bundle) and its cls-hooked import all of semver
 * (~30 KB minified) for one `semver.gte` each on a release version; inside those two packages it
 * resolves to a module with that function alone (semver-gte.cjs, tested in local/esbuild-shims.test.ts).
 */
const xraySemverGte = {
  name: 'xray-semver-gte',
  setup(build) {
    build.onResolve({ filter: /^semver$/ }, (args) =>
      /[\\/]node_modules[\\/](aws-xray-sdk-core|cls-hooked)[\\/]/.test(args.importer)
        ? { path: path.join(__dirname, 'semver-gte.cjs') }
        : undefined,
    );
  },
};

module.exports = [zodEnglishOnly, nodeFetchNativeUrl, xraySemverGte];
