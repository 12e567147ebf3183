import { openListingCache } from '../files/listing-cache.js';
import { readFiles } from '../files/transaction.js';
import { type CachedListing, decodeListing, encodeListing, listingKey } from '../profiles/summary-cache.js';
import { formatRelative, isExpired } from '../profiles/expiry.js';
import { matchesPattern, type ProfileSummary, summarizeProfiles } from '../profiles/summary.js';
import { cachedExpiriesSync } from '../credentials/entries.js';
import { readAwsFiles } from '../profiles/view.js';
import { escapeForTerminal, loadPalette, type Paint, type Palette, stringifyJsonForTerminal } from '../output.js';
import { type CommandContext, createContext, currentProfileFromEnv } from './context.js';
import { warnAboutFileProblems, warnAboutUnknownRegions } from './warnings.js';
import type { DefinedCommand } from './spec.js';

export interface ListInput {
  pattern?: string;
  expired?: boolean;
  json?: boolean;
}

const SOON_MS = 15 * 60_000;

/** The stable JSON shape (docs/list-json.md): one object per profile, ISO 8601 times, no secrets. */
export function toJsonRow(summary: ProfileSummary, active: string, now: Date) {
  return {
    name: summary.name,
    kind: summary.kind,
    source: summary.source ?? null,
    roleArn: summary.roleArn ?? null,
    region: summary.region ?? null,
    expiration: summary.expiration?.toISOString() ?? null,
    expired: summary.expiration ? isExpired(summary.expiration, now) : summary.kind === 'temporary' ? null : false,
    active: summary.name === active,
    managed: summary.managed,
    files: [...(summary.inConfig ? ['config'] : []), ...(summary.inCredentials ? ['credentials'] : [])],
  };
}

function expiryText(summary: ProfileSummary, now: Date): string {
  if (summary.expiration) return formatRelative(summary.expiration, now);
  return summary.kind === 'temporary' ? 'unknown' : '-';
}

function expiryPaint(summary: ProfileSummary, now: Date, paint: Palette): Paint {
  if (summary.expiration) {
    const left = summary.expiration.getTime() - now.getTime();
    return left <= 0 ? paint.red : left < SOON_MS ? paint.yellow : paint.green;
  }
  return summary.kind === 'temporary' ? paint.yellow : paint.dim;
}

/**
 * Text that is one cell per UTF-16 unit for sure: printable ASCII, Latin-1 and Latin Extended letters (no combining
 * marks, no soft hyphen) and the `→` of role sources. Anything else needs string-width's grapheme and East Asian rules.
 */
const ONE_CELL_EACH = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u024f\u2192]*$/;

/**
 * How many terminal cells each text takes. string-width (CJK and emoji take two cells, combining marks none) is
 * loaded only when a cell holds anything else, so the common listing never pays for its tables.
 */
async function loadWidth(rows: readonly string[][]): Promise<(text: string) => number> {
  if (rows.every((row) => row.every((text) => ONE_CELL_EACH.test(text)))) return (text) => text.length;
  const { default: stringWidth } = await import('string-width');
  return (text) => (ONE_CELL_EACH.test(text) ? text.length : stringWidth(text));
}

/**
 * When role and process profiles' cached sessions expire (awsprof's credential cache): read only when such profiles
 * are listed, and then one directory read, so `list` stays as quick as it was for everyone without a cache.
 */
function cachedSessionExpiries(summaries: readonly ProfileSummary[], env: NodeJS.ProcessEnv): Map<string, Date> {
  const result = new Map<string, Date>();
  if (!summaries.some((summary) => summary.kind === 'role' || summary.kind === 'process')) return result;
  const byProfile = cachedExpiriesSync(env);
  if (byProfile.size === 0) return result;
  for (const summary of summaries) {
    if (summary.kind !== 'role' && summary.kind !== 'process') continue;
    // A profile `assume --process` wrote runs credential-process for another profile (its source reads
    // `process awsprof → dev`, profiles/summary.ts): that profile's entry it is.
    const via = summary.kind === 'process' ? /^process awsprof → (.+)$/.exec(summary.source ?? '')?.[1] : undefined;
    const expiry = byProfile.get(via ?? summary.name);
    if (expiry) result.set(summary.name, expiry);
  }
  return result;
}

function cachedExpiry(summary: ProfileSummary, cached: Map<string, Date>, now: Date): string | undefined {
  const expiry = summary.expiration ? undefined : cached.get(summary.name);
  return expiry ? `${formatRelative(expiry, now)} (cached)` : undefined;
}

const HEADER = ['', 'PROFILE', 'KIND', 'SOURCE', 'REGION', 'EXPIRES'];

/** Every profile's summary: from the listing cache when the files are large and unchanged since it was made (#7). */
async function readListing(context: CommandContext): Promise<CachedListing> {
  const cache = openListingCache(context.paths, context.env, context.now);
  const key = cache && listingKey(cache.key);
  const stored = key === undefined ? undefined : cache?.read();
  const hit = stored === undefined ? undefined : decodeListing(stored, key!);
  if (hit) return hit;
  const files = await readFiles(context.paths);
  const view = readAwsFiles(files.config.text, files.credentials.text);
  const listing = { summaries: summarizeProfiles(view), problems: view.problems };
  cache?.write(() => encodeListing(key!, listing));
  return listing;
}

export async function runList(input: ListInput, context: CommandContext): Promise<void> {
  const listing = await readListing(context);
  const now = context.now();
  const active = currentProfileFromEnv(context.env) ?? 'default';
  let summaries = listing.summaries;
  if (input.pattern !== undefined) summaries = summaries.filter((summary) => matchesPattern(summary.name, input.pattern!));
  if (input.expired) summaries = summaries.filter((summary) => summary.expiration !== undefined && isExpired(summary.expiration, now));
  warnAboutFileProblems(listing.problems, context);
  warnAboutUnknownRegions(summaries, context);
  if (input.json) {
    // Valid JSON whose C1 controls, line separators and bidi overrides are \u escapes: safe to show as it is (#7).
    context.out.stdout(`${stringifyJsonForTerminal(summaries.map((summary) => toJsonRow(summary, active, now)), 2)}\n`);
    return;
  }
  if (summaries.length === 0) {
    context.out.stderr(
      input.expired ? 'awsprof: no expired profiles' : input.pattern !== undefined ? 'awsprof: no profile matches' : 'awsprof: no profiles yet; see awsprof set --help or awsprof assume --help',
    );
    return;
  }
  // Every cell from the files is escaped (#7): control characters cannot drive the terminal, and a value with
  // continuation lines in the file shows on one line, its line breaks as \n. Plain strings, painted only when
  // printed: 10,000 profiles make 60,000 cells, and objects per cell cost more in garbage collection than the rest.
  const cached = cachedSessionExpiries(summaries, context.env);
  const rows: string[][] = [HEADER];
  for (const summary of summaries) {
    rows.push([
      summary.name === active ? '*' : ' ',
      escapeForTerminal(summary.name),
      summary.kind,
      summary.source === undefined ? '-' : escapeForTerminal(summary.source),
      summary.region === undefined ? '-' : escapeForTerminal(summary.region),
      cachedExpiry(summary, cached, now) ?? expiryText(summary, now),
    ]);
  }
  const width = await loadWidth(rows);
  const columns = HEADER.length;
  const columnWidths = new Array<number>(columns - 1).fill(0);
  for (const row of rows) {
    for (let column = 0; column < columns - 1; column++) columnWidths[column] = Math.max(columnWidths[column]!, width(row[column]!));
  }
  const paint = context.out.stdoutColors ? await loadPalette(true) : undefined;
  /** The colour of a cell: dim titles, the active profile in bold, a missing region dim, expiry by how soon. */
  const painted = (index: number, column: number, text: string): string => {
    if (!paint) return text;
    if (index === 0 || (column === 4 && summaries[index - 1]!.region === undefined)) return paint.dim(text);
    const summary = summaries[index - 1]!;
    if (column <= 1 && summary.name === active) return paint.bold(text);
    return column === 5 ? expiryPaint(summary, now, paint)(text) : text;
  };
  const lines: string[] = [];
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    let line = '';
    for (let column = 0; column < columns; column++) {
      const text = row[column]!;
      line += painted(index, column, text);
      // Padding is counted in display cells of the plain text, so colour codes and wide characters keep columns straight.
      if (column < columns - 1) line += ' '.repeat(columnWidths[column]! - width(text) + 2);
    }
    lines.push(line.trimEnd());
  }
  context.out.stdout(`${lines.join('\n')}\n`);
}

export const list: DefinedCommand = {
  spec: {
    name: 'list',
    positionals: ['[pattern]'],
    positionalHelp: { pattern: 'Only names matching this glob, e.g. "prod-*"' },
    options: {
      json: { type: 'boolean', describe: 'Print a JSON array (stable, documented in docs/list-json.md)' },
      expired: { type: 'boolean', describe: 'Only profiles whose temporary keys have expired' },
    },
  },
  describe: 'List every profile: kind, source, region and expiry (never a secret)',
  examples: [['$0 list', ''], ['$0 list "prod-*" --json', '']],
  execute: async (args) => {
    await runList({ pattern: args.pattern as string | undefined, expired: args.expired === true, json: args.json === true }, createContext(args));
    return 0;
  },
};
