/**
 * Seeded generation of starting files and edit sequences from the building blocks people really have in ~/.aws:
 * [default], [profile NAME], [profile 'two words'], [sso-session NAME], [plugins], credentials [NAME]; `k=v`,
 * `k = v`, `k  =  v`, `k:v`; `#`/`;` comments (some indented, some commented-out keys); blank lines; nested blocks
 * (`s3 =` + sub-keys indented by 4 spaces, 2 spaces or a tab); a missing final newline; absent and empty files.
 *
 * Files are always ones the AWS CLI can parse (no duplicate sections or keys, no orphan lines), because the AWS
 * CLI refuses to touch any other file; that refusal has its own named case.
 */
import { classify } from './classify.js';
import { Random } from './prng.js';
import type { SetCommand } from './model.js';
import type { DiffCase } from './runner.js';
import { BOM, toCrlf } from './text.js';

const PROFILES = ['dev', 'prod', 'staging', 'ci', 'team-a', 'sandbox_1', 'two words'];
const NEW_PROFILES = ['fresh', 'newbie', 'qa-2', 'other words'];
const SSO_SESSIONS = ['corp', 'my-sso'];

const CONFIG_KEYS: Record<string, (random: Random, n: number) => string> = {
  region: (r, n) => `${r.pick(['us', 'eu', 'ap'])}-${r.pick(['east', 'west', 'south'])}-${n}`,
  output: (r) => r.pick(['json', 'text', 'table', 'yaml']),
  role_arn: (r, n) => `arn:aws:iam::${100000000000 + n * 7919}:role/${r.pick(['Admin', 'ReadOnly', 'Deploy'])}`,
  source_profile: (r) => r.pick(PROFILES.filter((p) => !p.includes(' '))),
  mfa_serial: (_r, n) => `arn:aws:iam::123456789012:mfa/user${n}`,
  duration_seconds: (_r, n) => String(900 + n * 60),
  cli_pager: (r) => r.pick(['less', 'more', 'cat']),
  retry_mode: (r) => r.pick(['standard', 'adaptive', 'legacy']),
  max_attempts: (_r, n) => String(2 + (n % 9)),
  external_id: (_r, n) => `ext-${n}`,
  role_session_name: (_r, n) => `session${n}`,
  sso_session: (r) => r.pick(SSO_SESSIONS),
  my_custom_key: (_r, n) => `custom value ${n}`,
};
const SSO_KEYS: Record<string, (random: Random, n: number) => string> = {
  sso_start_url: (_r, n) => `https://d-${9000 + n}.awsapps.com/start`,
  sso_region: (r) => r.pick(['us-east-1', 'eu-west-1']),
  sso_registration_scopes: () => 'sso:account:access',
};
const NESTED: Record<string, Record<string, (random: Random, n: number) => string>> = {
  s3: {
    max_concurrent_requests: (_r, n) => String(10 + n),
    max_queue_size: (_r, n) => String(1000 + n),
    multipart_threshold: (_r, n) => `${8 + n}MB`,
    multipart_chunksize: (_r, n) => `${16 + n}MB`,
    addressing_style: (r) => r.pick(['path', 'virtual', 'auto']),
    use_accelerate_endpoint: (r) => r.pick(['true', 'false']),
    payload_signing_enabled: (r) => r.pick(['true', 'false']),
  },
  api_versions: {
    ec2: (r) => r.pick(['2015-03-01', '2016-11-15']),
    cloudfront: () => '2015-09-17',
    sqs: () => '2012-11-05',
  },
};
const PLUGIN_KEYS: Record<string, (random: Random, n: number) => string> = {
  endpoint: () => 'awscli_plugin_endpoint',
  myplugin: (_r, n) => `awscli_plugin_mine${n}`,
};
const CREDENTIAL_KEYS: Record<string, (random: Random, n: number) => string> = {
  aws_access_key_id: (_r, n) => `AKIA${String(n).padStart(4, '0')}EXAMPLE7Q2W`,
  aws_secret_access_key: (_r, n) => `wJalrXUtnFEMI/K7MDENG+bPxRfiCY${String(n).padStart(4, '0')}KEY`,
  aws_session_token: (_r, n) => `IQoJb3JpZ2luX2VjE${n}Fwq/+AbCdEfGh==`,
};

type Values = Record<string, (random: Random, n: number) => string>;

interface ModelSection {
  header: string;
  /** The profile whose keys this section holds (config and credentials), else undefined. */
  profile?: string;
  keys: Map<string, string>;
  nested: Map<string, Map<string, string>>;
}

export interface FileModel {
  sections: ModelSection[];
}

class Counter {
  private n = 0;
  next(): number {
    return ++this.n;
  }
}

function separator(random: Random): string {
  return random.weighted<string>([
    [10, ' = '],
    [3, '='],
    [2, '  =  '],
    [2, ':'],
    [1, ' : '],
    [1, ' ='],
    [1, '= '],
  ]);
}

function comment(random: Random, n: number): string {
  return random.weighted<string>([
    [3, `# comment ${n}`],
    [2, `; note ${n}`],
    [2, `  # indented comment ${n}`],
    [2, `#region = commented-out-${n}`],
    [1, `;output=text`],
    [1, '#'],
  ]);
}

function quoteProfile(profile: string): string {
  return profile.includes(' ') ? `'${profile}'` : profile;
}

/**
 * Rare building blocks that put a case into a documented difference, so the generic class assertions run on random
 * files too: a key in another case (class 4), an indented header after a key (5), `s3 = value` (10), a sub-key named
 * like a top-level key (7, T). Each keeps the file parseable by the AWS CLI.
 */
const HAZARD = 0.03;
/** Keys whose value the AWS CLI does not validate at start-up, so a multi-line value there is harmless. */
const LOOSE_KEYS = new Set(['role_arn', 'mfa_serial', 'external_id', 'role_session_name', 'my_custom_key', 'source_profile']);

/** Renders one section's lines and records what it holds. `hazards`: config profile sections only. */
function renderSection(random: Random, counter: Counter, header: string, keyPool: Values, hazards: boolean, profile: string | undefined, lines: string[]): ModelSection {
  const section: ModelSection = { header, profile, keys: new Map(), nested: new Map() };
  lines.push(`[${header}]`);
  const keyNames = random.shuffle(Object.keys(keyPool)).slice(0, random.int(0, 4));
  const items: Array<() => void> = [];
  for (const key of keyNames) {
    items.push(() => {
      const value = keyPool[key]!(random, counter.next());
      section.keys.set(key, value);
      const written = hazards && random.chance(HAZARD) ? `${key[0]!.toUpperCase()}${key.slice(1)}` : key;
      lines.push(`${written}${separator(random)}${value}`);
      if (hazards && LOOSE_KEYS.has(key) && random.chance(HAZARD * 2)) lines.push(`  [profile ghost${counter.next()}]`);
    });
  }
  if (hazards) {
    for (const block of Object.keys(NESTED)) {
      if (!random.chance(block === 's3' ? 0.35 : 0.12)) continue;
      if (random.chance(HAZARD)) {
        items.push(() => lines.push(`${block} = plain-${counter.next()}`));
        continue;
      }
      items.push(() => {
        const subs = new Map<string, string>();
        section.nested.set(block, subs);
        lines.push(random.weighted([[6, `${block} =`], [1, `${block}=`], [1, `${block} = `]]));
        const indent = random.weighted([[6, '    '], [3, '  '], [2, '\t'], [1, '        ']]);
        // Rarely: a comment or a blank line right after `s3 =` (the AWS CLI crashes: class 2).
        if (random.chance(0.04)) lines.push(random.pick(['', `# about ${block}`]));
        const count = random.weighted([[1, 0], [6, 1], [4, 2], [2, 3]]);
        const names = random.shuffle(Object.keys(NESTED[block]!)).slice(0, count);
        if (random.chance(HAZARD * 2)) names.push('max_attempts');
        for (const sub of names) {
          const value = subValue(block, sub, random, counter.next());
          subs.set(sub, value);
          lines.push(`${indent}${sub}${random.weighted([[8, ' = '], [1, '='], [1, '  =  ']])}${value}`);
          if (random.chance(0.1)) lines.push(`${indent}# sub comment`);
        }
      });
    }
  }
  for (const item of random.shuffle(items)) {
    if (random.chance(0.15)) lines.push(comment(random, counter.next()));
    item();
  }
  if (random.chance(0.2)) lines.push(comment(random, counter.next()));
  return section;
}

function subValue(block: string, sub: string, random: Random, n: number): string {
  const make = NESTED[block]![sub];
  return make ? make(random, n) : String(n);
}

function generateConfig(random: Random, counter: Counter): { text: string | null; model: FileModel } {
  const model: FileModel = { sections: [] };
  const shape = random.weighted<'missing' | 'empty' | 'full'>([[1, 'missing'], [0.5, 'empty'], [8.5, 'full']]);
  if (shape === 'missing') return { text: null, model };
  if (shape === 'empty') return { text: '', model };
  const lines: string[] = [];
  if (random.chance(0.2)) lines.push(`# ~/.aws/config, managed by hand`);
  const sections: Array<() => void> = [];
  if (random.chance(0.8)) sections.push(() => model.sections.push(renderSection(random, counter, 'default', CONFIG_KEYS, true, 'default', lines)));
  for (const profile of random.shuffle(PROFILES).slice(0, random.int(0, 3))) {
    sections.push(() => model.sections.push(renderSection(random, counter, `profile ${quoteProfile(profile)}`, CONFIG_KEYS, true, profile, lines)));
  }
  if (random.chance(0.25)) {
    const name = random.pick(SSO_SESSIONS);
    sections.push(() => model.sections.push(renderSection(random, counter, `sso-session ${name}`, SSO_KEYS, false, undefined, lines)));
  }
  if (random.chance(0.12)) sections.push(() => model.sections.push(renderSection(random, counter, 'plugins', PLUGIN_KEYS, false, undefined, lines)));
  const blankBetween = random.chance(0.6);
  for (const [index, section] of random.shuffle(sections).entries()) {
    if (index > 0 && blankBetween) lines.push('');
    section();
  }
  if (random.chance(0.15)) lines.push('');
  return { text: finish(random, lines), model };
}

function generateCredentials(random: Random, counter: Counter): { text: string | null; model: FileModel } {
  const model: FileModel = { sections: [] };
  const shape = random.weighted<'missing' | 'empty' | 'full'>([[3, 'missing'], [0.5, 'empty'], [6.5, 'full']]);
  if (shape === 'missing') return { text: null, model };
  if (shape === 'empty') return { text: '', model };
  const lines: string[] = [];
  const names = random.shuffle(['default', ...PROFILES]).slice(0, random.int(1, 3));
  names.forEach((name, index) => {
    if (index > 0 && random.chance(0.6)) lines.push('');
    model.sections.push(renderSection(random, counter, name, CREDENTIAL_KEYS, false, name, lines));
  });
  return { text: finish(random, lines), model };
}

function finish(random: Random, lines: string[]): string {
  const text = lines.join('\n');
  return random.chance(0.12) ? text : `${text}\n`;
}

function existingProfiles(config: FileModel, credentials: FileModel): string[] {
  const profiles = new Set<string>();
  for (const section of [...config.sections, ...credentials.sections]) if (section.profile) profiles.add(section.profile);
  return [...profiles];
}

function pickProfile(random: Random, known: string[]): string {
  const real = known.filter((p) => p !== 'default');
  return real.length > 0 && random.chance(0.7) ? random.pick(real) : random.pick(NEW_PROFILES);
}

/** `KEY` in the default profile, `KEY --profile P`, `default.KEY`, `profile.P.KEY`: all address the same key. */
function addressed(random: Random, profile: string, path: string, value: string): SetCommand {
  if (profile === 'default') {
    return random.weighted<SetCommand>([
      [3, { varname: path, value }],
      [2, { varname: `default.${path}`, value }],
      [1, { varname: path, value, profile: 'default' }],
      [1, { varname: `profile.default.${path}`, value }],
    ]);
  }
  return random.chance(0.5) ? { varname: path, value, profile } : { varname: `profile.${profile}.${path}`, value };
}

/** A value that differs from the one already there, so every step changes the file. */
function fresh(value: string, old: string | undefined, n: number): string {
  return value === old ? variant(value, n) : value;
}

/** Another value of the same kind: a region stays a region name (awsprof refuses others, #7). */
function variant(value: string, n: number): string {
  return /^[a-z]{2}-[a-z]+-\d+$/.test(value) ? `${value}${n}` : `${value}-${n}`;
}

function generateStep(random: Random, counter: Counter, config: FileModel, credentials: FileModel): SetCommand {
  const known = existingProfiles(config, credentials);
  const n = counter.next();
  const form = random.weighted<string>([
    [8, 'region-default'],
    [14, 'key-profile'],
    [10, 'nested'],
    [14, 'replace-key'],
    [7, 'replace-sub'],
    [12, 'credentials'],
    [2, 'plugins'],
    [1.5, 'plugins-substring'],
    [1, 'profile-plugins-substring'],
    [1, 'security-token'],
    [1.5, 'bad-varname'],
  ]);
  switch (form) {
    case 'region-default':
      return addressed(random, 'default', 'region', CONFIG_KEYS.region!(random, n));
    case 'key-profile': {
      const key = random.pick(Object.keys(CONFIG_KEYS));
      const profile = random.chance(0.25) ? 'default' : pickProfile(random, known);
      const old = config.sections.find((s) => s.profile === profile)?.keys.get(key);
      return addressed(random, profile, key, fresh(CONFIG_KEYS[key]!(random, n), old, n));
    }
    case 'nested': {
      const block = random.chance(0.8) ? 's3' : 'api_versions';
      const sub = random.pick(Object.keys(NESTED[block]!));
      const profile = random.chance(0.4) ? 'default' : pickProfile(random, known);
      const old = config.sections.find((s) => s.profile === profile)?.nested.get(block)?.get(sub);
      return addressed(random, profile, `${block}.${sub}`, fresh(NESTED[block]![sub]!(random, n), old, n));
    }
    case 'replace-key': {
      const sections = config.sections.filter((s) => s.profile && s.keys.size > 0);
      if (sections.length === 0) return addressed(random, 'default', 'output', CONFIG_KEYS.output!(random, n));
      const section = random.pick(sections);
      const key = random.pick([...section.keys.keys()]);
      return addressed(random, section.profile!, key, variant(CONFIG_KEYS[key]!(random, n), n));
    }
    case 'replace-sub': {
      const sections = config.sections.filter((s) => s.profile && [...s.nested.values()].some((subs) => subs.size > 0));
      if (sections.length === 0) return addressed(random, 'default', 's3.max_queue_size', String(5000 + n));
      const section = random.pick(sections);
      const [block, subs] = random.pick([...section.nested.entries()].filter(([, subs]) => subs.size > 0));
      const sub = random.pick([...subs.keys()]);
      return addressed(random, section.profile!, `${block}.${sub}`, `${subValue(block, sub, random, n)}${n}`);
    }
    case 'credentials': {
      const key = random.pick(Object.keys(CREDENTIAL_KEYS));
      const names = credentials.sections.map((s) => s.profile!).filter(Boolean);
      const profile = names.length > 0 && random.chance(0.7) ? random.pick(names) : random.chance(0.3) ? 'default' : pickProfile(random, known);
      const old = credentials.sections.find((s) => s.profile === profile)?.keys.get(key);
      return addressed(random, profile, key, fresh(CREDENTIAL_KEYS[key]!(random, n), old, n));
    }
    case 'plugins':
      return { varname: `plugins.${random.pick(Object.keys(PLUGIN_KEYS))}`, value: `awscli_plugin_gen${n}` };
    case 'plugins-substring':
      return {
        varname: `${random.pick(['plug', 'in', 's', 'lug', 'gin'])}.${random.pick(['x', 'enabled'])}`,
        value: `v${n}`,
        ...(random.chance(0.3) ? { profile: pickProfile(random, known) } : {}),
      };
    case 'profile-plugins-substring': {
      const varname = random.pick(['region', 'output']);
      return { varname, value: varname === 'region' ? 'eu-north-1' : 'json', profile: random.pick(['lug', 'plug', 'in']) };
    }
    case 'security-token':
      return addressed(random, random.chance(0.5) ? 'default' : pickProfile(random, known), 'aws_security_token', `FwoGZXIvYXdzE${n}`);
    default:
      return random.pick<SetCommand>([
        { varname: 'profile.dev', value: 'x' },
        { varname: 'a.b.c', value: `v${n}` },
        { varname: 'default.s3.max_concurrent_requests.extra', value: '5' },
        { varname: 'profile.dev.s3.addressing_style.extra', value: 'path' },
        { varname: 's3..max_concurrent_requests', value: '5' },
      ]);
  }
}

export interface GeneratedCase extends DiffCase {
  seed: number;
}

/** The generated suite: `count` plain cases, then CRLF twins and BOM twins of some of them. */
export function generateCases(seed: number, count: number, crlfTwins: number, bomTwins: number): GeneratedCase[] {
  const random = new Random(seed);
  const cases: GeneratedCase[] = [];
  for (let index = 0; index < count; index++) {
    const caseSeed = random.int(1, 2 ** 31 - 1);
    const local = new Random(caseSeed);
    const counter = new Counter();
    const config = generateConfig(local, counter);
    const credentials = generateCredentials(local, counter);
    const steps = Array.from({ length: local.weighted([[5, 1], [4, 2], [3, 3]]) }, () =>
      generateStep(local, counter, config.model, credentials.model),
    );
    cases.push({
      name: `gen-${String(index + 1).padStart(3, '0')}`,
      seed: caseSeed,
      start: { config: config.text, credentials: credentials.text },
      steps,
      mode: 'plain',
    });
  }
  const twins: GeneratedCase[] = [];
  // Twins only of cases whose first step is an identical one, so the twin rule is the only difference.
  const eligible = cases.filter((c) => classify(c.start, c.steps[0]!).id === undefined);
  const pickTwins = (wanted: number, accept: (c: GeneratedCase) => boolean) => {
    const pool = random.shuffle(eligible.filter(accept));
    return pool.slice(0, wanted);
  };
  for (const base of pickTwins(crlfTwins, (c) => (c.start.config ?? '').includes('\n') || (c.start.credentials ?? '').includes('\n'))) {
    twins.push({
      ...base,
      name: `${base.name}-crlf`,
      start: { config: base.start.config === null ? null : toCrlf(base.start.config), credentials: base.start.credentials === null ? null : toCrlf(base.start.credentials) },
      mode: 'crlf',
    });
  }
  for (const base of pickTwins(bomTwins, (c) => Boolean(c.start.config) || Boolean(c.start.credentials))) {
    const bomOn = (text: string | null) => (text ? `${BOM}${text}` : text);
    twins.push({
      ...base,
      name: `${base.name}-bom`,
      start: { config: bomOn(base.start.config), credentials: bomOn(base.start.credentials) },
      steps: base.steps.slice(0, 1),
      mode: 'bom',
    });
  }
  return [...cases, ...twins];
}
