import { AwsprofError } from '../errors.js';
import type { EnvChange } from './types.js';

/** POSIX portable-ish variable names; anything else cannot be assigned the same way in every shell we support. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws unless `name` can be used as an environment variable name in every supported shell. */
export function assertEnvName(name: string): void {
  if (typeof name !== 'string' || !ENV_NAME.test(name)) {
    throw new AwsprofError(`Invalid environment variable name ${JSON.stringify(name)}`, {
      hint: 'Names must match /^[A-Za-z_][A-Za-z0-9_]*$/.',
    });
  }
}

/** Throws unless `value` can be stored in an environment variable: a string with no NUL byte, which C strings cannot hold. */
export function assertEnvValue(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') {
    throw new AwsprofError(`Environment variable ${name} must be set to a string, got ${typeof value}`);
  }
  if (value.includes('\0')) {
    throw new AwsprofError(`Environment variable ${name} cannot contain a NUL character`);
  }
}

/** A validated, ordered view of an EnvChange: every formatter walks these two lists in this order. */
export interface CheckedEnvChange {
  unset: string[];
  set: [name: string, value: string][];
}

/** Validates every name and value up front so a formatter never prints half a script before throwing. */
export function checkEnvChange(change: EnvChange): CheckedEnvChange {
  const unset = [...change.unset];
  for (const name of unset) assertEnvName(name);
  const set = Object.entries(change.set);
  for (const [name, value] of set) {
    assertEnvName(name);
    assertEnvValue(name, value);
  }
  return { unset, set };
}

/** Joins statements one per line, ending with a newline unless there is nothing to print. */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
