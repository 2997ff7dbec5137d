// Runs in every test file (setupFilesAfterEnv): close the shared pool so the worker can exit.
import { closeDb } from '../../layers/platform/db/index.js';

afterAll(async () => {
  await closeDb();
});
