// What `z.locales` is in the bundles (resources/esbuild/plugins.cjs): English only.
export { default as en } from 'zod/v4/locales/en.js';
