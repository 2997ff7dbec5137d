// CI, after `serverless package`: unpack every function's zip and load its handler the way the Lambda
// runtime would (file and export from the template's Handler), so what only breaks once bundled —
// duplicate identifiers from the esbuild banner, ESM/CommonJS interop, files missing from the zip —
// fails the build without an AWS account. Zips are unpacked outside the repo, where no node_modules can
// stand in for something a bundle lacks: the bundles carry everything they import, the AWS SDK included.
// It also holds every bundle to the cold-start budget (MAX_BUNDLE_BYTES, issue 14), so a dependency that
// grows a function past it fails here rather than only in `npm run bench -- cold-start`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { MAX_BUNDLE_BYTES, REPO_ROOT } from './config.js';

interface LambdaResource {
  Type: string;
  Properties: { Handler: string; Code: { S3Key: string } };
}

const packageDir = path.join(REPO_ROOT, '.serverless');
const template = JSON.parse(
  readFileSync(path.join(packageDir, 'cloudformation-template-update-stack.json'), 'utf8'),
);
const functions = Object.entries(template.Resources as Record<string, LambdaResource>).filter(
  ([, resource]) => resource.Type === 'AWS::Lambda::Function',
);
const unpacked = mkdtempSync(path.join(os.tmpdir(), 'syncore-check-package-'));

async function unzip(zipFile: string, into: string): Promise<void> {
  const archive = await JSZip.loadAsync(readFileSync(zipFile));
  for (const entry of Object.values(archive.files)) {
    if (entry.dir) continue;
    const target = path.join(into, entry.name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, await entry.async('nodebuffer'));
  }
}

const failures: string[] = [];
const failed = new Set<string>();
const fail = (logicalId: string, why: string) => {
  failed.add(logicalId);
  failures.push(`${logicalId}: ${why}`);
};
let largest = 0;
for (const [logicalId, { Properties }] of functions) {
  const zip = path.join(packageDir, path.basename(Properties.Code.S3Key));
  const dir = path.join(unpacked, logicalId);
  const dot = Properties.Handler.lastIndexOf('.');
  const [file, exportName] = [Properties.Handler.slice(0, dot), Properties.Handler.slice(dot + 1)];
  try {
    await unzip(zip, dir);
    const bundle = path.join(dir, `${file}.mjs`);
    const bytes = statSync(bundle).size;
    largest = Math.max(largest, bytes);
    if (bytes > MAX_BUNDLE_BYTES)
      fail(
        logicalId,
        `${file}.mjs is ${bytes} bytes, over the ${MAX_BUNDLE_BYTES}-byte cold-start budget ` +
          '(make room first: docs/performance.md says what is in the largest bundles)',
      );
    const module = await import(pathToFileURL(bundle).href);
    if (typeof module[exportName] !== 'function')
      fail(logicalId, `${Properties.Handler} exports no function`);
  } catch (error) {
    fail(logicalId, (error as Error).message.split('\n')[0] ?? '');
  }
}
rmSync(unpacked, { recursive: true, force: true });
if (functions.length === 0)
  failures.push('no functions in the packaged template: run `npm run package` first');
for (const failure of failures) console.error(`✗ ${failure}`);
console.log(
  `${functions.length - failed.size} of ${functions.length} packaged handlers load within the bundle ` +
    `budget (largest ${largest} of ${MAX_BUNDLE_BYTES} bytes)`,
);
process.exit(failures.length === 0 ? 0 : 1);
