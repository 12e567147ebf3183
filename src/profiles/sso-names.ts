import { UsageError } from '../errors.js';

/**
 * Profile names for `awsprof sso sync` (#9): a template filled from the portal's listing, then normalised to a name
 * every tool takes as it is. Account names come from the server and are free text (`Company Name [production]`,
 * `Büro`, emoji): granted writes them into headers raw and the AWS CLI then refuses the profile (granted#825), so here
 * each field is folded to ASCII, runs of anything else become one `-`, and the result is checked again as a whole.
 * Case is kept, as granted and aws-sso-util keep it: profile names are case-sensitive in botocore, and lowercasing
 * would make `Prod` and `prod` collide. `--lowercase` is there for those who want it (aws-sso-util#48 asked).
 */
export const DEFAULT_NAME_TEMPLATE = '{account_name}-{role_name}';

export const NAME_FIELDS = ['account_name', 'account_id', 'role_name', 'session'] as const;
export type NameField = (typeof NAME_FIELDS)[number];
export type NameFields = Record<NameField, string>;

/**
 * Characters a generated name may hold: what needs no quoting in a config header (names.ts), in a shell word, in
 * AWS_PROFILE, or for the AWS CLI's checks (`\][;'"` refused, granted#825). `/` and `:` are left out too: granted and
 * aws-sso-cli use them as separators and people then find them awkward in file names and URLs.
 */
const SAFE_RUN = /[^A-Za-z0-9._@+=,-]+/g;
const COMBINING_MARKS = /\p{M}+/gu;

/** One field or a whole name folded to the safe alphabet: `Büro [prod]` → `Buro-prod`. */
export function normaliseNamePart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(SAFE_RUN, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** Checks a `--name` template: known `{fields}` only, at least one that tells roles apart. Usage error otherwise. */
export function parseNameTemplate(template: string): string {
  const fields = [...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1]!);
  const unknown = fields.find((field) => !(NAME_FIELDS as readonly string[]).includes(field));
  if (unknown !== undefined) {
    throw new UsageError(`--name: unknown field {${unknown}}`, { hint: `use ${NAME_FIELDS.map((field) => `{${field}}`).join(', ')}` });
  }
  if (!fields.includes('role_name')) throw new UsageError('--name must contain {role_name}', { hint: `e.g. ${DEFAULT_NAME_TEMPLATE}` });
  if (!fields.includes('account_name') && !fields.includes('account_id')) {
    throw new UsageError('--name must contain {account_name} or {account_id}', { hint: `e.g. ${DEFAULT_NAME_TEMPLATE}` });
  }
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ''))) throw new UsageError('--name has an unmatched { or }');
  return template;
}

export interface NameOptions {
  template: string;
  lowercase?: boolean;
}

/**
 * The name for one account and role. Fields are normalised one by one (so a field's own punctuation cannot glue to
 * the template's separators), then the whole name once more (the template's own text must be safe too). An account
 * whose name folds to nothing is named by its id.
 */
export function formatProfileName(fields: NameFields, options: NameOptions): string {
  const account = normaliseNamePart(fields.account_name) || fields.account_id;
  const values: NameFields = {
    account_name: account,
    account_id: normaliseNamePart(fields.account_id),
    role_name: normaliseNamePart(fields.role_name) || 'role',
    session: normaliseNamePart(fields.session) || 'sso',
  };
  const filled = options.template.replace(/\{(account_name|account_id|role_name|session)\}/g, (_, field: NameField) => values[field]);
  const name = normaliseNamePart(filled) || `${values.account_id}-${values.role_name}`;
  return options.lowercase ? name.toLowerCase() : name;
}

export interface NamedAssignment {
  accountId: string;
  accountName: string;
  roleName: string;
}

export interface NameCollision {
  /** The name the template gave. */
  name: string;
  /** The assignments that shared it, each with the name it got instead. */
  resolved: Array<{ accountId: string; roleName: string; name: string }>;
}

/**
 * Names for every assignment, collisions resolved so the same listing always gives the same names whatever order the
 * portal answered in: every assignment that shares a name gets `-ACCOUNT_ID` (unless the template already has the id),
 * and any still equal then (roles differing only in case or punctuation) `-2`, `-3` in order of role name. `taken`
 * names (`default`, say) count as already used.
 */
export function assignProfileNames<T extends NamedAssignment>(
  assignments: readonly T[],
  fieldsOf: (assignment: T) => NameFields,
  options: NameOptions,
  taken: ReadonlySet<string> = new Set(['default']),
): { names: Map<T, string>; collisions: NameCollision[] } {
  const ordered = [...assignments].sort((a, b) => compare(a.accountId, b.accountId) || compare(a.roleName, b.roleName));
  const groups = new Map<string, T[]>();
  for (const assignment of ordered) {
    const name = formatProfileName(fieldsOf(assignment), options);
    const group = groups.get(name);
    if (group) group.push(assignment);
    else groups.set(name, [assignment]);
  }
  const names = new Map<T, string>();
  const collisions: NameCollision[] = [];
  const used = new Set(taken);
  // Names nobody shares first: a suffixed name must never take a name the template gave to someone else.
  for (const [name, group] of groups) if (group.length === 1 && !taken.has(name)) used.add(name);
  for (const [name, group] of groups) {
    if (group.length === 1 && !taken.has(name)) {
      names.set(group[0]!, name);
      continue;
    }
    const withId = options.template.includes('{account_id}');
    const resolved: NameCollision['resolved'] = [];
    for (const assignment of group) {
      const base = withId ? name : `${name}-${normaliseNamePart(assignment.accountId)}`;
      let candidate = base;
      for (let counter = 2; used.has(candidate); counter++) candidate = `${base}-${counter}`;
      used.add(candidate);
      names.set(assignment, candidate);
      resolved.push({ accountId: assignment.accountId, roleName: assignment.roleName, name: candidate });
    }
    collisions.push({ name, resolved });
  }
  return { names, collisions };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
