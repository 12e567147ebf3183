import type { ProfileKind, ProfileSummary } from './summary.js';
import type { FileProblem } from './view.js';
import { VERSION } from '../version.js';

/**
 * What `list` knows about a pair of files, kept between runs (#7). An organisation's 3 MB of config and credentials
 * take ~200 ms to read and classify, and the listing they give changes only when they do. The entry is keyed by
 * what identifies the files' current content (src/files/listing-cache.ts) and by this program's version. It holds
 * what `list` shows and nothing more: no secrets, the same summaries `list --json` prints.
 */
export interface CachedListing {
  summaries: ProfileSummary[];
  problems: FileProblem[];
}

/** Bumped whenever ProfileSummary or the way files are summarised changes, together with the program version. */
const FORMAT = 1;

const KINDS: ReadonlySet<string> = new Set<ProfileKind>(['role', 'web-identity', 'sso', 'process', 'temporary', 'static', 'settings']);
const PROBLEM_KINDS: ReadonlySet<string> = new Set(['orphan', 'invalid', 'duplicate-section', 'duplicate-key', 'bad-nested']);

/** One row per profile: [name, kind, source, roleArn, region, expiration ms, managed, inConfig, inCredentials]. */
type Row = [string, string, string | null, string | null, string | null, number | null, boolean, boolean, boolean];

/** The key a listing is stored under: the files' identity (see src/files/listing-cache.ts) and this program's make. */
export function listingKey(filesKey: string): string {
  return `${FORMAT} ${VERSION}\n${filesKey}`;
}

export function encodeListing(key: string, listing: CachedListing): string {
  const rows: Row[] = listing.summaries.map((summary) => [
    summary.name,
    summary.kind,
    summary.source ?? null,
    summary.roleArn ?? null,
    summary.region ?? null,
    summary.expiration?.getTime() ?? null,
    summary.managed,
    summary.inConfig,
    summary.inCredentials,
  ]);
  return JSON.stringify({ key, rows, problems: listing.problems });
}

const optionalString = (value: unknown): value is string | null => value === null || typeof value === 'string';

/**
 * The listing stored in `text` when it was made for `key`; undefined for another key or anything malformed. The
 * file sits in the user's own directory, but it is checked like any input: a bad entry is a cache miss, never an error.
 */
export function decodeListing(text: string, key: string): CachedListing | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { key: storedKey, rows, problems } = parsed as { key?: unknown; rows?: unknown; problems?: unknown };
  if (storedKey !== key || !Array.isArray(rows) || !Array.isArray(problems)) return undefined;
  const summaries: ProfileSummary[] = [];
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row) || row.length !== 9) return undefined;
    const [name, kind, source, roleArn, region, expiration, managed, inConfig, inCredentials] = row as unknown[];
    if (typeof name !== 'string' || typeof kind !== 'string' || !KINDS.has(kind)) return undefined;
    if (!optionalString(source) || !optionalString(roleArn) || !optionalString(region)) return undefined;
    if (expiration !== null && !Number.isFinite(expiration)) return undefined;
    if (typeof managed !== 'boolean' || typeof inConfig !== 'boolean' || typeof inCredentials !== 'boolean') return undefined;
    summaries.push({
      name,
      kind: kind as ProfileKind,
      source: source ?? undefined,
      roleArn: roleArn ?? undefined,
      region: region ?? undefined,
      expiration: expiration === null ? undefined : new Date(expiration as number),
      managed,
      inConfig,
      inCredentials,
    });
  }
  for (const problem of problems as unknown[]) {
    const { line, kind, message, file } = (problem ?? {}) as Partial<FileProblem>;
    if (!Number.isInteger(line) || typeof kind !== 'string' || !PROBLEM_KINDS.has(kind) || typeof message !== 'string') return undefined;
    if (file !== 'config' && file !== 'credentials') return undefined;
  }
  return { summaries, problems: problems as FileProblem[] };
}
