// Runs in every test file (setupFilesAfterEnv): close the shared pool so the worker can exit.
import { closeDb } from '#platform/db/index';

afterAll(async () => {
  await closeDb();
});
