// Runs in every test file (setupFilesAfterEnv): close the shared pool so the worker can exit.
// This afterAll runs before the test file's own afterAll hooks: a file that uses getDb() in its own
// afterAll closes the pool again there (closeDb), or the worker cannot exit.
import { closeDb } from '#platform/db/index';

afterAll(async () => {
  await closeDb();
});
