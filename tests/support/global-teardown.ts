import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Loads the teardown through tsx, like global-setup.ts (see there why). */
export default async function globalTeardown(_global: unknown, project: { rootDir: string }): Promise<void> {
  const { tsImport } = await import('tsx/esm/api');
  const file = pathToFileURL(path.join(project.rootDir, 'tests/support/test-services.ts')).href;
  const services: typeof import('./test-services.js') = await tsImport(
    file,
    pathToFileURL(`${project.rootDir}/`).href,
  );
  await services.stopTestServices();
}
