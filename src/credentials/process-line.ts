import { shlexQuote } from '../profiles/shlex.js';

/**
 * The `credential_process` value for a profile: botocore splits it with shlex (POSIX mode) and the JS SDK hands it to
 * /bin/sh, and single-quoted words (shlexQuote) read the same to both. Absolute paths, so it runs from any process.
 */
export function formatCredentialProcessLine(launcher: readonly string[], profile: string, flags: readonly string[] = []): string {
  return [...launcher, 'credential-process', profile, ...flags].map(shlexQuote).join(' ');
}
