// What node-fetch 2 gets for `whatwg-url` in the bundles (resources/esbuild/plugins.cjs): Node's URL.
export const URL = globalThis.URL;
export default { URL };
