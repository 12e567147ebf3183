// Loaded with NODE_OPTIONS=--import=<this file> IMPORT_LOG_FILE=<path>: appends every module URL the process
// resolves to IMPORT_LOG_FILE, one a line, so a test can prove which commands load the AWS SDK.
// The same file is the hooks module: register() loads it again in the loader thread, where isMainThread is false.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
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
  register(import.meta.url, { data: { logFile: process.env.IMPORT_LOG_FILE } });
}
