import type { ConfigValue } from './view.js';

/** Keys other tools write the expiry of temporary keys under (saml2aws and awsprof, aws-vault-style scripts, ...). */
export const EXPIRY_KEYS = ['x_security_token_expires', 'expiration', 'aws_expiration', 'aws_session_expiration'];
export const AWSPROF_EXPIRY_KEY = 'x_security_token_expires';

/**
 * Keys with less than this left count as expiring: botocore refreshes credentials 15 minutes before they expire, so
 * handing out less makes it call again at once. `refresh --all` renews these by default; `exec` does not pass them on.
 */
export const REFRESH_WINDOW_SECONDS = 15 * 60;

/**
 * The expiry recorded for a profile, or undefined when no known key holds a parseable time. With `under`, the keys of
 * `settings` win over those of `under`, as if the two were merged (credentials over config) but without the copy.
 */
export function readExpiry(settings: Record<string, ConfigValue>, under?: Record<string, ConfigValue>): Date | undefined {
  for (const key of EXPIRY_KEYS) {
    const value = under && !Object.hasOwn(settings, key) ? under[key] : settings[key];
    if (typeof value !== 'string' || value === '') continue;
    const numeric = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    // Some tools store epoch seconds or milliseconds.
    const date = Number.isFinite(numeric) ? new Date(numeric < 1e12 ? numeric * 1000 : numeric) : new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return undefined;
}

export function isExpired(expiration: Date, now: Date): boolean {
  return expiration.getTime() <= now.getTime();
}

/** "in 42m", "in 3h 5m", "expired 3h ago", "expired 2d ago". */
export function formatRelative(target: Date, now: Date): string {
  const seconds = Math.trunc((target.getTime() - now.getTime()) / 1000);
  const span = formatSpan(Math.abs(seconds));
  return seconds >= 0 ? `in ${span}` : `expired ${span} ago`;
}

/** A duration in whole seconds, short: `45s`, `12m`, `3h 5m`, `2d`. */
export function formatSpan(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** Local wall-clock time, e.g. "15:42" today or "Tue 09:30" within a week, else an ISO date. */
export function formatLocalTime(target: Date, now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const time = `${pad(target.getHours())}:${pad(target.getMinutes())}`;
  if (target.toDateString() === now.toDateString()) return time;
  if (Math.abs(target.getTime() - now.getTime()) < 6 * 86_400_000) {
    return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][target.getDay()]} ${time}`;
  }
  return `${target.getFullYear()}-${pad(target.getMonth() + 1)}-${pad(target.getDate())} ${time}`;
}

/** RFC 3339 in UTC without milliseconds, as saml2aws writes x_security_token_expires. */
export function formatRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
