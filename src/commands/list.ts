import { readFiles } from '../files/transaction.js';
import { formatRelative, isExpired } from '../profiles/expiry.js';
import { matchesPattern, type ProfileSummary, summarizeProfiles } from '../profiles/summary.js';
import { readAwsFiles } from '../profiles/view.js';
import { loadPalette, type Palette } from '../output.js';
import { type CommandContext, createContext, currentProfileFromEnv } from './context.js';
import { warnAboutFileProblems } from './warnings.js';
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

function expiryText(summary: ProfileSummary, now: Date, paint: Palette): string {
  if (summary.expiration) {
    const text = formatRelative(summary.expiration, now);
    const left = summary.expiration.getTime() - now.getTime();
    return left <= 0 ? paint.red(text) : left < SOON_MS ? paint.yellow(text) : paint.green(text);
  }
  return summary.kind === 'temporary' ? paint.yellow('unknown') : paint.dim('-');
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (text: string) => (text.includes('\u001b') ? text.replace(ANSI, '').length : text.length);

const gaps: string[] = [];
/** `count` spaces (at least two, the gap between columns; callers count by visible width, so colour codes do not
 * break the columns), one string per width however many rows use it. */
function gap(count: number): string {
  const width = Math.max(2, count);
  return (gaps[width] ??= ' '.repeat(width));
}

export async function runList(input: ListInput, context: CommandContext): Promise<void> {
  const files = await readFiles(context.paths);
  const view = readAwsFiles(files.config.text, files.credentials.text);
  const now = context.now();
  const active = currentProfileFromEnv(context.env) ?? 'default';
  let summaries = summarizeProfiles(view);
  if (input.pattern !== undefined) summaries = summaries.filter((summary) => matchesPattern(summary.name, input.pattern!));
  if (input.expired) summaries = summaries.filter((summary) => summary.expiration !== undefined && isExpired(summary.expiration, now));
  warnAboutFileProblems(view, context);
  if (input.json) {
    context.out.stdout(`${JSON.stringify(summaries.map((summary) => toJsonRow(summary, active, now)), null, 2)}\n`);
    return;
  }
  if (summaries.length === 0) {
    context.out.stderr(
      input.expired ? 'awsprof: no expired profiles' : input.pattern !== undefined ? 'awsprof: no profile matches' : 'awsprof: no profiles yet; see awsprof set --help or awsprof assume --help',
    );
    return;
  }
  const paint = await loadPalette(context.out.stdoutColors);
  const header = ['', 'PROFILE', 'KIND', 'SOURCE', 'REGION', 'EXPIRES'];
  const rows = summaries.map((summary) => [
    summary.name === active ? paint.bold('*') : ' ',
    summary.name === active ? paint.bold(summary.name) : summary.name,
    summary.kind,
    summary.source ?? '-',
    summary.region ?? paint.dim('-'),
    expiryText(summary, now, paint),
  ]);
  const widths = header.map((title) => title.length);
  for (const row of rows) for (let column = 0; column < row.length - 1; column++) widths[column] = Math.max(widths[column]!, visibleLength(row[column]!));
  // The table is one list of cells and shared padding strings, joined once: a string per row (padded, concatenated,
  // trimmed, then joined) was most of the garbage `list` made on 12,000 profiles (#7).
  const parts: string[] = [];
  const formatRow = (row: string[]) => {
    const start = parts.length;
    for (let column = 0; column < row.length - 1; column++) parts.push(row[column]!, gap(widths[column]! - visibleLength(row[column]!) + 2));
    const last = row[row.length - 1]!;
    // Only an empty or space-ending last cell leaves trailing spaces to trim.
    if (last === '' || last.trimEnd() !== last) parts.push(`${parts.splice(start).join('')}${last}`.trimEnd(), '\n');
    else parts.push(last, '\n');
  };
  formatRow(header.map((title) => paint.dim(title)));
  for (const row of rows) formatRow(row);
  context.out.stdout(parts.join(''));
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
