import { UsageError } from '../errors.js';

/** STS AssumeRole accepts 900 seconds to 12 hours; the role's own maximum may be lower (STS says so). */
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43_200;

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1 };

/** Parses `3600`, `1h`, `90m`, `1h30m`, `2700s`; checks the range before any network call. */
export function parseDuration(text: string, source = '--duration', range = { min: MIN_DURATION_SECONDS, max: MAX_DURATION_SECONDS }): number {
  const seconds = parseSpan(text, source);
  if (seconds < range.min || seconds > range.max) {
    throw new UsageError(`${source}: ${seconds} seconds is outside what STS allows (${range.min} to ${range.max}, i.e. ${range.min / 60}m to ${range.max / 3600}h)`);
  }
  return seconds;
}

/**
 * A span of time in seconds: `3600`, `1h`, `90m`, `1h30m`, `2700s`, any length from 0. Options that are no STS
 * duration (`refresh --all --within 15m`) take it as it is; parseDuration adds STS's range.
 */
export function parseSpan(text: string, source: string): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (!/^(\d+[hms])+$/.test(trimmed)) {
    throw new UsageError(`${source}: ${JSON.stringify(text)} is not a duration`, { hint: 'use seconds or forms like 1h, 90m, 1h30m' });
  }
  let seconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([hms])/g)) seconds += Number(amount) * UNIT_SECONDS[unit!]!;
  return seconds;
}
