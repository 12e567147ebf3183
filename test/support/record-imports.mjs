// Loaded with NODE_OPTIONS=--import=<this file> IMPORT_LOG_FILE=<path>: appends every module URL the process
// resolves to IMPORT_LOG_FILE, one a line, so a test can prove which commands load the AWS SDK. ES modules are seen as
// they resolve; CommonJS files (dist/cli.js is one) and Node's own modules (`builtin:crypto`) are added at exit.
// The same file is the hooks module: register() loads it again in the loader thread, where isMainThread is false.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

let logFile;

export function initialize(data) {
  logFile = data.logFile;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (logFile) appendFileSync(logFile, `${result.url}\n`);
  return result;
}

if (isMainThread && process.env.IMPORT_LOG_FILE) {
  const log = process.env.IMPORT_LOG_FILE;
  register(import.meta.url, { data: { logFile: log } });
  const loaded = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const commonJs = Object.keys(loaded).map((path) => pathToFileURL(path).href);
    const builtins = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => `builtin:${entry.slice(13)}`);
    appendFileSync(log, [...commonJs, ...builtins].map((line) => `${line}\n`).join(''));
  });
}
