#!/usr/bin/env node
/**
 * The program a `credential_process` line written by `assume --process` runs (#8). Every SDK client and AWS CLI command
 * of such a profile starts it, so the common case, fresh keys in the cache, is answered by this small bundle alone;
 * anything else (a miss, flags, an error to report) goes to the whole CLI with the same arguments.
 */
import { cachedCredentialProcessOutput } from './credentials/fast-answer.js';
import { writeStdout } from './stdio.js';

const [command, profile, ...rest] = process.argv.slice(2);
let answer: string | undefined;
if (command === 'credential-process' && profile !== undefined && !profile.startsWith('-') && rest.length === 0 && !process.env.AWSPROF_NO_FAST_PATH) {
  try {
    answer = cachedCredentialProcessOutput(profile, process.env);
  } catch {
    // Whatever is wrong, the full CLI says it properly.
  }
}
if (answer !== undefined) writeStdout(answer);
// CommonJS like dist/cli.js (no top-level await), for the same start-up reason.
else require('./cli.js');
