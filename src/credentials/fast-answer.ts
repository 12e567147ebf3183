import { readFileSync } from 'node:fs';
import { resolveAwsFilePaths } from '../files/paths.js';
import { planRole } from '../profiles/assume-plan.js';
import { readAwsFiles } from '../profiles/view.js';
import { formatCredentialProcessOutput } from './cache-rules.js';
import { cachedRoleCredentials, planDefaults } from './obtain.js';
import { findCredentialProcessLoop } from './recursion.js';

/**
 * The credential_process answer for a profile straight from the cache, or undefined when the cache cannot answer (no
 * fresh entry, or anything unusual: the full command then decides and reports). Synchronous and SDK-free.
 */
export function cachedCredentialProcessOutput(profile: string, env: NodeJS.ProcessEnv): string | undefined {
  const paths = resolveAwsFilePaths(env);
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const view = readAwsFiles(read(paths.config), read(paths.credentials));
  if (view.problems.length || findCredentialProcessLoop(view, profile)) return undefined;
  const context = { env, now: () => new Date() };
  const plan = planRole(view, { profile, flags: {} }, planDefaults(context));
  const credentials = cachedRoleCredentials(plan, context, view);
  return credentials && formatCredentialProcessOutput(credentials);
}
