import { type ListingCache, openListingCache } from '../files/listing-cache.js';
import { readFiles } from '../files/transaction.js';
import { type CachedListing, decodeListing, encodeListing, listingKey } from '../profiles/summary-cache.js';
import {
  decodeListTable,
  encodeListTable,
  expiryCell,
  type ExpiryLookups,
  type ExpirySource,
  expirySource,
  columnPadding,
  layoutTable,
  type ListTable,
  lookupsNeeded,
  renderPlainTable,
  TABLE_HEADER,
} from '../profiles/list-table.js';
import { isExpired } from '../profiles/expiry.js';
import { matchesPattern, type ProfileSummary, summarizeProfiles } from '../profiles/summary.js';
import { cachedExpiriesSync } from '../credentials/entries.js';
import { readAwsFiles } from '../profiles/view.js';
import { escapeForTerminal, loadPalette, type Paint, type Palette, stringifyJsonForTerminal } from '../output.js';
import { type CommandContext, createContext, currentProfileFromEnv } from './context.js';
import { unknownRegions, warnAboutFileProblems, warnAboutUnknownRegions } from './warnings.js';
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
 * The expiries `list` looks up when it shows the table: cached sessions of role and process profiles (awsprof's
 * credential cache, one directory read) and SSO logins (the AWS CLI's token cache, one file per login), each read only
 * when a row asks for it, so `list` costs nothing more without them.
 */
async function lookUpExpiries(sources: readonly ExpirySource[], context: CommandContext): Promise<ExpiryLookups> {
  const needed = lookupsNeeded(sources);
  const cached = needed.cached ? cachedExpiriesSync(context.env) : new Map<string, Date>();
  const sso = new Map<string, Date | undefined>();
  if (needed.ssoLogins.size > 0) {
    const { readSsoToken } = await import('../files/sso-cache.js');
    await Promise.all([...needed.ssoLogins].map(async (login) => sso.set(login, (await readSsoToken(context.env, login).catch(() => undefined))?.expiresAt)));
  }
  return { cached, sso };
}

/**
 * Every profile's summary: from the listing cache when the files are large and unchanged since it was made (#7). A
 * listing read from the files is kept unless `keep` says the caller keeps what it makes of it instead (the plain table).
 */
async function readListing(context: CommandContext, cache: ListingCache | undefined, keep: boolean): Promise<CachedListing> {
  const key = cache && listingKey(cache.key);
  const stored = key === undefined ? undefined : cache?.read('list-cache.json');
  const hit = stored === undefined ? undefined : decodeListing(stored, key!);
  if (hit) return hit;
  const files = await readFiles(context.paths);
  const view = readAwsFiles(files.config.text, files.credentials.text);
  const listing = { summaries: summarizeProfiles(view), problems: view.problems };
  if (keep) cache?.write('list-cache.json', () => encodeListing(key!, listing));
  return listing;
}

export async function runList(input: ListInput, context: CommandContext): Promise<void> {
  const cache = openListingCache(context.paths, context.env, context.now);
  const active = currentProfileFromEnv(context.env) ?? 'default';
  // The plain table of every profile (a pipe, NO_COLOR) is what large files keep laid out (profiles/list-table.ts).
  const wholePlainTable = !input.json && input.pattern === undefined && !input.expired && !context.out.stdoutColors;
  if (wholePlainTable && cache) {
    const stored = cache.readBytes('list-table.txt');
    const table = stored === undefined ? undefined : decodeListTable(stored, cache.key);
    if (table) {
      warnAboutFileProblems(table.problems, context);
      warnAboutUnknownRegions(table.unknownRegions, context);
      context.out.stdout(renderPlainTable(table, active, await lookUpExpiries(table.expiries, context), context.now()));
      return;
    }
  }
  const listing = await readListing(context, cache, !wholePlainTable);
  const now = context.now();
  let summaries = listing.summaries;
  if (input.pattern !== undefined) summaries = summaries.filter((summary) => matchesPattern(summary.name, input.pattern!));
  const lookups = await lookUpExpiries(summaries.map(expirySource), context);
  // An SSO profile's credentials last as long as its login (#9): its expiry is the login's.
  for (const summary of summaries) if (summary.ssoLogin !== undefined) summary.expiration = lookups.sso.get(summary.ssoLogin);
  if (input.expired) summaries = summaries.filter((summary) => summary.expiration !== undefined && isExpired(summary.expiration, now));
  const expiries = summaries.map(expirySource);
  const unknown = unknownRegions(summaries);
  warnAboutFileProblems(listing.problems, context);
  warnAboutUnknownRegions(unknown, context);
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
  const cells = summaries.map((summary) => [
    escapeForTerminal(summary.name),
    summary.kind,
    summary.source === undefined ? '-' : escapeForTerminal(summary.source),
    summary.region === undefined ? '-' : escapeForTerminal(summary.region),
  ]);
  const width = await loadWidth(cells);
  if (!context.out.stdoutColors) {
    const table: ListTable = { ...layoutTable(cells, width), names: summaries.map((summary) => summary.name), expiries, problems: listing.problems, unknownRegions: unknown };
    context.out.stdout(renderPlainTable(table, active, lookups, now));
    if (wholePlainTable) cache?.write('list-table.txt', (key) => encodeListTable(key, table));
    return;
  }
  const paint = await loadPalette(true);
  const padding = columnPadding(cells, width);
  /** A coloured line: the marker column (one cell and two spaces), the padded file columns, EXPIRES; each cell painted. */
  const line = (marker: string, row: readonly string[], expiry: string, painted: (column: number, text: string) => string) =>
    `${painted(0, marker)}${' '.repeat(3 - marker.length)}${row.map((text, column) => painted(column + 1, text) + ' '.repeat(padding(text, column))).join('')}${painted(5, expiry)}`.trimEnd();
  // Dim titles, the active profile in bold, a missing region dim, expiry by how soon.
  const lines = [line(TABLE_HEADER[0], TABLE_HEADER.slice(1, 5), TABLE_HEADER[5], (_column, text) => paint.dim(text))];
  summaries.forEach((summary, index) => {
    const expiry = expiryCell(expiries[index]!, summary.name, lookups, now);
    lines.push(
      line(summary.name === active ? '*' : ' ', cells[index]!, expiry, (column, text) => {
        if (column === 4 && summary.region === undefined) return paint.dim(text);
        if (column <= 1 && summary.name === active) return paint.bold(text);
        return column === 5 ? expiryPaint(summary, now, paint)(text) : text;
      }),
    );
  });
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
