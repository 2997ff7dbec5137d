import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Jest runs globalSetup outside its ESM module system (transpiled to CommonJS, no moduleNameMapper), where
 * our ESM-only dependencies and `.js`-suffixed TypeScript imports do not load. tsx loads the real module
 * graph instead, exactly as `npm start` does. (No relative import here for the same reason.)
 */
export default async function globalSetup(_global: unknown, project: { rootDir: string }): Promise<void> {
  const { tsImport } = await import('tsx/esm/api');
  const file = pathToFileURL(path.join(project.rootDir, 'tests/support/test-services.ts')).href;
  const services: typeof import('./test-services.js') = await tsImport(
    file,
    pathToFileURL(`${project.rootDir}/`).href,
  );
  await services.startTestServices();
}
