import { formatRelative } from './expiry.js';
import type { ProfileSummary } from './summary.js';
import type { FileProblem } from './view.js';
import { hasUnsafeBytesForTerminal, isUnsafeForTerminal } from '../terminal-text.js';
import { VERSION } from '../version.js';

/**
 * `list`'s table without colour, in the two parts that change at different times. The columns from the files (name,
 * kind, source, region) are laid out once and kept with the listing cache (#7); the marker of the active profile and
 * the EXPIRES column depend on the environment and the clock and are added when the table is shown. An organisation's
 * 12,000 profiles are then shown from one string per row, not rebuilt from 12,000 summaries each time.
 */
export interface ListTable {
  /** PROFILE, KIND, SOURCE and REGION laid out, padded to their columns, and EXPIRES. */
  header: string;
  names: string[];
  /**
   * Per row, each ended by a line feed, as UTF-8: its name, kind, source and region laid out as in the header. Bytes,
   * because they are copied out as they are: decoding and encoding 12,000 rows again cost more than the rest of `list`.
   */
  rows: Uint8Array;
  /** Where each row's line feed is in `rows`, when already known (a decoded table); found again otherwise. */
  rowEnds?: Uint32Array;
  expiries: ExpirySource[];
  problems: FileProblem[];
  /** Profiles whose region matches no AWS partition, for the warning a listing gives. */
  unknownRegions: { name: string; region: string }[];
}

/**
 * Where a row's expiry comes from, compact because 12,000 of them are kept and read back (JSON.parse of them as
 * arrays took 18 ms): a time from the files (ms); `=TEXT`, a fixed text; `cTEXT`, the row's own cached session in
 * awsprof's credential cache, else TEXT; or a lookup under another name with the text for when it finds nothing:
 * `cached` (a process profile's source) or `sso` (a login in the AWS CLI's token cache).
 */
export type ExpirySource = number | string | ['cached' | 'sso', string, string];

export interface ExpiryLookups {
  cached: ReadonlyMap<string, Date>;
  sso: ReadonlyMap<string, Date | undefined>;
}

export function expirySource(summary: ProfileSummary): ExpirySource {
  const otherwise = summary.kind === 'temporary' ? 'unknown' : '-';
  // An SSO profile's credentials last as long as its login, whatever a file says (#9).
  if (summary.ssoLogin !== undefined) return ['sso', summary.ssoLogin, otherwise];
  if (summary.expiration) return summary.expiration.getTime();
  // A profile `assume --process` wrote runs credential-process for its source profile: that one's entry it is.
  if (summary.kind === 'role' || (summary.kind === 'process' && summary.assumedFrom === undefined)) return `c${otherwise}`;
  if (summary.kind === 'process') return ['cached', summary.assumedFrom!, otherwise];
  return `=${otherwise}`;
}

/** The EXPIRES cell of row `name`: `in 42m`, `expired 3h ago`, `in 11h (cached)` for a cached session, or a text. */
export function expiryCell(source: ExpirySource, name: string, lookups: ExpiryLookups, now: Date): string {
  if (typeof source === 'number') return formatRelative(new Date(source), now);
  if (typeof source === 'string') {
    if (source.startsWith('=')) return source.slice(1);
    const expiry = lookups.cached.get(name);
    return expiry ? `${formatRelative(expiry, now)} (cached)` : source.slice(1);
  }
  const [kind, key, otherwise] = source;
  if (kind === 'sso') {
    const expiry = lookups.sso.get(key);
    return expiry ? formatRelative(expiry, now) : otherwise;
  }
  const expiry = lookups.cached.get(key);
  return expiry ? `${formatRelative(expiry, now)} (cached)` : otherwise;
}

/** What the lookups need: the SSO logins named, and whether any row asks the credential cache. */
export function lookupsNeeded(sources: readonly ExpirySource[]): { ssoLogins: Set<string>; cached: boolean } {
  const ssoLogins = new Set<string>();
  let cached = false;
  for (const source of sources) {
    if (typeof source === 'string') cached ||= source.startsWith('c');
    else if (typeof source === 'object') {
      if (source[0] === 'sso') ssoLogins.add(source[1]);
      else cached = true;
    }
  }
  return { ssoLogins, cached };
}

export const TABLE_HEADER = ['', 'PROFILE', 'KIND', 'SOURCE', 'REGION', 'EXPIRES'] as const;

/**
 * The spaces after a file column's cell (escaped name, kind, source, region): to the widest cell of the column,
 * header included, plus two, counted in display cells by `width`. One rule for the plain table and the coloured one,
 * whose colour codes take no cells.
 */
export function columnPadding(cells: readonly (readonly string[])[], width: (text: string) => number): (text: string, column: number) => number {
  const columnWidths = [0, 0, 0, 0];
  for (const row of [TABLE_HEADER.slice(1, 5), ...cells]) for (let column = 0; column < 4; column++) columnWidths[column] = Math.max(columnWidths[column]!, width(row[column]!));
  return (text, column) => columnWidths[column]! - width(text) + 2;
}

/** Lays out the file columns of each row and of the header (see {@link columnPadding}); the marker column is one cell wide. */
export function layoutColumns(cells: readonly (readonly string[])[], width: (text: string) => number): { header: string; rows: string[] } {
  const padding = columnPadding(cells, width);
  const pad = (text: string, column: number) => text.padEnd(text.length + padding(text, column));
  const lay = (row: readonly string[]) => pad(row[0]!, 0) + pad(row[1]!, 1) + pad(row[2]!, 2) + pad(row[3]!, 3);
  return { header: `${lay(TABLE_HEADER.slice(1, 5))}${TABLE_HEADER[5]}`, rows: cells.map(lay) };
}

/** Lays out `cells` (see {@link layoutColumns}) as the table's header and rows. */
export function layoutTable(cells: readonly (readonly string[])[], width: (text: string) => number): Pick<ListTable, 'header' | 'rows'> {
  const { header, rows } = layoutColumns(cells, width);
  return { header, rows: Buffer.from(rows.length === 0 ? '' : `${rows.join('\n')}\n`, 'utf8') };
}

const LINE_FEED = 0x0a;

/** The table as `list` prints it without colour: the marker column (`*` for `active`), the laid-out columns, EXPIRES. */
export function renderPlainTable(table: Pick<ListTable, 'header' | 'names' | 'rows' | 'rowEnds' | 'expiries'>, active: string, lookups: ExpiryLookups, now: Date): Buffer {
  const { names, rows, rowEnds, expiries } = table;
  const tails = expiries.map((source, index) => expiryCell(source, names[index]!, lookups, now));
  let size = Buffer.byteLength(table.header) + 4 + rows.length;
  for (const tail of tails) size += 3 + Buffer.byteLength(tail);
  const out = Buffer.allocUnsafe(size);
  let at = out.write(`   ${table.header}\n`);
  let start = 0;
  for (let index = 0; index < names.length; index++) {
    const end = rowEnds?.[index] ?? rows.indexOf(LINE_FEED, start);
    at += out.write(names[index] === active ? '*  ' : '   ', at, 'latin1');
    out.set(rows.subarray(start, end), at);
    at += end - start;
    // The row's own spacing stays; the line ends where its text does, as a trimmed line would (an empty cell's padding).
    const tail = tails[index]!.trimEnd();
    if (tail === '') while (at > 0 && out[at - 1] === 0x20) at--;
    at += out.write(tail, at);
    out[at++] = LINE_FEED;
    start = end + 1;
  }
  return out.subarray(0, at);
}

/** Bumped whenever the table or its layout changes, together with the program version. */
const FORMAT = 2;

/**
 * The stored form: one line of JSON (key, header, names, expiries, problems), then the rows. Rows are escaped for the
 * terminal, so none holds a line break of its own.
 */
export function encodeListTable(filesKey: string, table: ListTable): Buffer {
  const { header, names, expiries, problems, unknownRegions } = table;
  // The names as one text (a section name is one line): one string for JSON.parse to make, not 12,000.
  return Buffer.concat([Buffer.from(`${JSON.stringify({ key: tableKey(filesKey), header, names: names.join('\n'), expiries, problems, unknownRegions })}\n`, 'utf8'), table.rows]);
}

function tableKey(filesKey: string): string {
  return `table ${FORMAT} ${VERSION}\n${filesKey}`;
}

const isText = (value: unknown): value is string => typeof value === 'string';

function isExpirySource(value: unknown): value is ExpirySource {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return value.startsWith('=') || value.startsWith('c');
  return Array.isArray(value) && value.length === 3 && (value[0] === 'cached' || value[0] === 'sso') && isText(value[1]) && isText(value[2]);
}

/** The text a source shows when nothing is found for it: what the terminal check must see. */
function fallbackText(source: ExpirySource): string | undefined {
  return typeof source === 'number' ? undefined : typeof source === 'string' ? source.slice(1) : source[2];
}

/** The table stored in `bytes` for `filesKey`; undefined for another key or anything malformed (a miss, not an error). */
export function decodeListTable(bytes: Buffer, filesKey: string): ListTable | undefined {
  const firstBreak = bytes.indexOf(LINE_FEED);
  if (firstBreak === -1 || bytes[bytes.length - 1] !== LINE_FEED) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, firstBreak)));
  } catch {
    return undefined;
  }
  const { key, header, names: joined, expiries: stored, problems, unknownRegions } = (head ?? {}) as Partial<Omit<ListTable, 'rows' | 'names' | 'expiries'>> & { key?: unknown; names?: unknown; expiries?: unknown };
  if (key !== tableKey(filesKey) || !isText(header) || !isText(joined) || !Array.isArray(stored) || !Array.isArray(problems) || !Array.isArray(unknownRegions)) return undefined;
  const rows = bytes.subarray(firstBreak + 1);
  const names = joined.split('\n');
  if (joined === '' || stored.length !== names.length || !stored.every(isExpirySource)) return undefined;
  const expiries = stored as ExpirySource[];
  if (!unknownRegions.every((entry) => isText(entry?.name) && isText(entry?.region))) return undefined;
  if (!problems.every((problem) => Number.isInteger(problem?.line) && isText(problem?.kind) && isText(problem?.message) && (problem?.file === 'config' || problem?.file === 'credentials'))) return undefined;
  const rowEnds = new Uint32Array(names.length);
  let start = 0;
  for (let index = 0; index < names.length; index++) {
    const end = rows.indexOf(LINE_FEED, start);
    if (end === -1) return undefined;
    rowEnds[index] = end;
    start = end + 1;
  }
  if (start !== rows.length) return undefined;
  // Shown as they are: what was kept escaped must still be (a file in a shared ~/.aws can be written by others).
  const texts = new Set([header]);
  for (const source of expiries) texts.add(fallbackText(source) ?? '');
  if ([...texts].some(isUnsafeForTerminal) || hasUnsafeBytesForTerminal(rows)) return undefined;
  return { header, names, rows, rowEnds, expiries, problems, unknownRegions };
}
