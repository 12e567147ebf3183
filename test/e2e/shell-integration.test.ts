// The shell-init wrapper end to end, in real bash, zsh and fish: an `awsprof` launcher on PATH, the wrapper loaded
// the way the rc-file line loads it, a session with someone else's keys and region exported, `awsprof use dev` in
// that same shell, and then the real AWS CLI v2 (`/usr/bin/aws configure list`) asked where its settings come from.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLI, installLauncher } from '../support/cli.js';
import { makeTempDir, quoteFor, REAL_SHELLS, runShell, type RealShell } from '../shell/shell-harness.js';

const DEV_KEY_ID = 'AKIADEVEXAMPLE000042';

const CONFIG = `[default]
region = us-east-1

[profile dev]
region = eu-west-1

[profile noregion]
output = json
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIADEFAULTEXAMPLE01
aws_secret_access_key = defaultSecretEXAMPLEKEY000000000000000001

[dev]
aws_access_key_id = ${DEV_KEY_ID}
aws_secret_access_key = devSecretEXAMPLEKEY00000000000000000000042

[noregion]
aws_access_key_id = AKIANOREGIONEXAMPLE7
aws_secret_access_key = noRegionSecretEXAMPLEKEY0000000000000007
`;

/** What the session had before: another identity's keys, and a region that is not dev's. */
const STALE = {
  AWS_ACCESS_KEY_ID: 'AKIASTALEEXAMPLE9999',
  AWS_SECRET_ACCESS_KEY: 'staleSecretEXAMPLEKEY000000000000000009',
  AWS_SESSION_TOKEN: 'staleSessionToken',
  AWS_REGION: 'sa-east-1',
};

/** The line each shell's rc file gets, as `awsprof shell-init <shell>` itself tells the user. */
const RC_LINE: Record<RealShell, string> = {
  bash: 'eval "$(awsprof shell-init bash)"',
  zsh: 'eval "$(awsprof shell-init zsh)"',
  dash: 'eval "$(awsprof shell-init sh)"',
  fish: 'awsprof shell-init fish | source',
};

let dir: string;
let cleanup: () => void;
let path: string;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir('shell-integration'));
  mkdirSync(join(dir, '.aws'), { mode: 0o700 });
  writeFileSync(join(dir, '.aws', 'config'), CONFIG, { mode: 0o600 });
  writeFileSync(join(dir, '.aws', 'credentials'), CREDENTIALS, { mode: 0o600 });
  path = installLauncher(dir);
});

afterAll(() => cleanup());

/** `name=$?` in the shell's syntax, printed as a marker line. */
function status(shell: RealShell, label: string): string {
  return shell === 'fish' ? `echo "${label}=$status"` : `echo "${label}=$?"`;
}

function exportLine(shell: RealShell, name: string, value: string): string {
  return shell === 'fish' ? `set -gx ${name} ${quoteFor(shell, value)}` : `export ${name}=${quoteFor(shell, value)}`;
}

/** Prints `NAME=value` or `NAME=<unset>` as the shell's children see it. */
function show(shell: RealShell, name: string): string {
  return shell === 'fish'
    ? `if set -q ${name}; echo "${name}=$${name}"; else; echo "${name}=<unset>"; end`
    : `if [ -n "\${${name}+x}" ]; then echo "${name}=$${name}"; else echo "${name}=<unset>"; fi`;
}

/** Runs the rc line, exports STALE, then `body`, in one real shell session. */
function session(shell: RealShell, body: string[]) {
  const script = [RC_LINE[shell], ...Object.entries(STALE).map(([name, value]) => exportLine(shell, name, value)), ...body, ''].join('\n');
  const result = runShell(shell, script, dir, { PATH: path, NO_COLOR: '1' });
  return { ...result, lines: result.stdout.split('\n') };
}

interface ConfigRow {
  value: string;
  type: string;
}

/** Parses `aws configure list` (Name / Value / Type / Location columns). */
function parseConfigureList(stdout: string): Record<string, ConfigRow> {
  const rows: Record<string, ConfigRow> = {};
  for (const line of stdout.split('\n')) {
    const match = /^\s*(profile|access_key|secret_key|region)\s+(<not set>|\S+)\s+(\S+)/.exec(line);
    if (match) rows[match[1]!] = { value: match[2]!, type: match[3]! };
  }
  return rows;
}

/** The part of stdout between `=== begin NAME` and `=== end NAME`. */
function section(stdout: string, name: string): string {
  const start = stdout.indexOf(`=== begin ${name}\n`);
  const end = stdout.indexOf(`=== end ${name}\n`);
  expect(start, `section ${name} in:\n${stdout}`).toBeGreaterThanOrEqual(0);
  return stdout.slice(start + `=== begin ${name}\n`.length, end);
}

function configureList(name: string): string[] {
  return [`echo '=== begin ${name}'`, `${AWS_CLI} configure list`, `echo '=== end ${name}'`];
}

describe.each(REAL_SHELLS)('awsprof shell-init %s in a real shell', (shell) => {
  it('the rc line defines an awsprof function that shadows the binary', () => {
    const check = shell === 'fish' ? 'functions -q awsprof; and echo function=yes' : shell === 'bash' ? 'type -t awsprof | sed "s/^/function=/"' : shell === 'dash' ? 'type awsprof' : 'whence -w awsprof';
    const result = session(shell, [check]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch({ zsh: /^awsprof: function$/m, dash: /^awsprof is a shell function$/m }[shell as string] ?? /^function=(yes|function)$/m);
  });

  it('awsprof use dev changes this shell: the AWS CLI then reads dev from the files, not the stale keys', () => {
    const result = session(shell, [
      ...configureList('before'),
      'awsprof use dev',
      status(shell, 'use'),
      ...configureList('after'),
      show(shell, 'AWS_SESSION_TOKEN'),
      show(shell, 'AWSPROF_SHELL'),
    ]);
    expect(result.stderr).toBe('');
    // Before: the exported keys win, which is exactly the trap `use` has to get the user out of.
    expect(parseConfigureList(section(result.stdout, 'before')).access_key).toEqual({ value: '****************9999', type: 'env' });

    expect(result.lines).toContain('use=0');
    const after = parseConfigureList(section(result.stdout, 'after'));
    expect(after.profile).toEqual({ value: 'dev', type: 'env' });
    expect(after.access_key).toEqual({ value: `****************${DEV_KEY_ID.slice(-4)}`, type: 'shared-credentials-file' });
    expect(after.access_key!.type).not.toBe('env');
    expect(after.secret_key!.type).toBe('shared-credentials-file');
    expect(after.region!.value).toBe('eu-west-1');
    expect(result.lines).toContain('AWS_SESSION_TOKEN=<unset>');
    // The wrapper tells the binary which dialect to print without leaving AWSPROF_SHELL behind.
    expect(result.lines).toContain('AWSPROF_SHELL=<unset>');
  });

  it('a profile without a region: the stale AWS_REGION goes, so the AWS CLI has no region', () => {
    const result = session(shell, ['awsprof use noregion', status(shell, 'use'), ...configureList('after'), show(shell, 'AWS_REGION')]);
    expect(result.stderr).toBe('');
    expect(result.lines).toContain('use=0');
    const after = parseConfigureList(section(result.stdout, 'after'));
    expect(after.profile!.value).toBe('noregion');
    expect(after.access_key!.type).toBe('shared-credentials-file');
    expect(after.region!.value).toBe('<not set>');
    expect(result.lines).toContain('AWS_REGION=<unset>');
  });

  it('a failing use (unknown profile) returns non-zero and leaves AWS_PROFILE and the keys alone', () => {
    const result = session(shell, [
      'awsprof use dev',
      'awsprof use nope',
      status(shell, 'use'),
      show(shell, 'AWS_PROFILE'),
      show(shell, 'AWS_REGION'),
      'awsprof use nope2; or echo "or-branch-ran"'.replace('; or', shell === 'fish' ? '; or' : ' ||'),
    ]);
    expect(result.lines).toContain('use=1');
    expect(result.lines).toContain('AWS_PROFILE=dev');
    expect(result.lines).toContain('AWS_REGION=eu-west-1');
    expect(result.lines).toContain('or-branch-ran');
    expect(result.stderr).toContain('awsprof: profile nope not found in config or credentials');
  });

  it('a failing use before any switch keeps the stale session exactly as it was', () => {
    const result = session(shell, ['awsprof use nope', status(shell, 'use'), show(shell, 'AWS_PROFILE'), show(shell, 'AWS_ACCESS_KEY_ID'), show(shell, 'AWS_REGION')]);
    expect(result.lines).toContain('use=1');
    expect(result.lines).toContain('AWS_PROFILE=<unset>');
    expect(result.lines).toContain(`AWS_ACCESS_KEY_ID=${STALE.AWS_ACCESS_KEY_ID}`);
    expect(result.lines).toContain(`AWS_REGION=${STALE.AWS_REGION}`);
  });

  it('awsprof list passes straight through, and sees the profile this shell switched to', () => {
    const result = session(shell, ['awsprof use dev', "echo '=== begin list'", 'awsprof list', status(shell, 'list'), "echo '=== end list'"]);
    expect(result.stderr).toBe('');
    const table = section(result.stdout, 'list').split('\n');
    expect(table[0]).toMatch(/^\s+PROFILE\s+KIND\s+SOURCE\s+REGION\s+EXPIRES$/);
    expect(table).toContain('*  dev       static  access key  eu-west-1  -');
    expect(table).toContain('   default   static  access key  us-east-1  -');
    expect(table).toContain('list=0');
  });

  it("other commands' exit codes pass through (get of an unset key exits 1)", () => {
    const result = session(shell, ['awsprof get no_such_key --profile dev', status(shell, 'get')]);
    expect(result.lines).toContain('get=1');
  });

  it('awsprof use --help prints help and changes nothing', () => {
    const result = session(shell, ['awsprof use --help', status(shell, 'help'), show(shell, 'AWS_ACCESS_KEY_ID')]);
    expect(result.stdout).toContain('awsprof use [profile]');
    expect(result.lines).toContain('help=0');
    expect(result.lines).toContain(`AWS_ACCESS_KEY_ID=${STALE.AWS_ACCESS_KEY_ID}`);
  });

  it('awsprof use dev --shell <another dialect> never feeds that dialect to this shell, and the shell survives', () => {
    // Evaluating fish's `set -e NAME; or true` in bash turns on errexit and then fails: an interactive shell exits.
    // Printing the other dialect untouched (like --help) or ignoring --shell would both be fine; evaluating it is not.
    const other = shell === 'fish' ? 'bash' : 'fish';
    const result = session(shell, [`awsprof use dev --shell ${other}`, 'awsprof use dev --shell json', 'echo alive', show(shell, 'AWS_PROFILE')]);
    expect(result.lines).toContain('alive');
    expect(result.stderr).not.toMatch(/command not found|Unknown command|invalid option/);
    expect(result.lines.filter((line) => line.startsWith('AWS_PROFILE=')).map((line) => line.slice('AWS_PROFILE='.length))).toSatisfy(
      (values: string[]) => values.length === 1 && ['<unset>', 'dev'].includes(values[0]!),
    );
  });

  it('awsprof use --unset goes back to the default profile', () => {
    const result = session(shell, ['awsprof use dev', 'awsprof use --unset', status(shell, 'unset'), ...configureList('after'), show(shell, 'AWS_PROFILE')]);
    expect(result.stderr).toBe('');
    expect(result.lines).toContain('unset=0');
    expect(result.lines).toContain('AWS_PROFILE=<unset>');
    const after = parseConfigureList(section(result.stdout, 'after'));
    expect(after.profile!.value).toBe('<not set>');
    expect(after.access_key).toEqual({ value: '****************LE01', type: 'shared-credentials-file' });
    expect(after.region).toEqual({ value: 'us-east-1', type: 'config-file' });
  });
  it('global options before use still switch this shell: --config-file, --config-file=, --credentials-file, --no-color, --debug (#7)', () => {
    const alt = join(dir, 'alt config');
    const altCredentials = join(dir, 'alt-credentials');
    writeFileSync(alt, '[profile alt]\nregion = ap-south-1\n');
    writeFileSync(altCredentials, '[alt]\naws_access_key_id = AKIAALTEXAMPLE000007\naws_secret_access_key = altSecretEXAMPLEKEY00000000000000000007\n');
    const result = session(shell, [
      'awsprof --no-color --debug use dev',
      status(shell, 'flags'),
      show(shell, 'AWS_PROFILE'),
      show(shell, 'AWS_ACCESS_KEY_ID'),
      // dev is in neither alternative file: the binary fails, and the shell keeps dev.
      `awsprof --config-file ${quoteFor(shell, alt)} --credentials-file ${quoteFor(shell, altCredentials)} use dev`,
      status(shell, 'valued'),
      show(shell, 'AWS_PROFILE'),
      `awsprof --config-file=${quoteFor(shell, alt)} --color --no-debug use alt`,
      status(shell, 'inline'),
      show(shell, 'AWS_PROFILE'),
      show(shell, 'AWS_REGION'),
      `awsprof --config-file ${quoteFor(shell, alt)} use --help`,
      status(shell, 'help'),
      show(shell, 'AWS_PROFILE'),
      "echo '=== begin list'",
      'awsprof --no-color list',
      "echo '=== end list'",
    ]);
    expect(result.lines.slice(result.lines.indexOf('flags=0'), result.lines.indexOf('flags=0') + 3)).toEqual(['flags=0', 'AWS_PROFILE=dev', 'AWS_ACCESS_KEY_ID=<unset>']);
    expect(result.lines.slice(result.lines.indexOf('valued=1'), result.lines.indexOf('valued=1') + 2)).toEqual(['valued=1', 'AWS_PROFILE=dev']);
    expect(result.stderr).toContain('awsprof: profile dev not found in config or credentials');
    expect(result.lines.slice(result.lines.indexOf('inline=0'), result.lines.indexOf('inline=0') + 3)).toEqual(['inline=0', 'AWS_PROFILE=alt', 'AWS_REGION=ap-south-1']);
    expect(result.lines.slice(result.lines.indexOf('help=0'), result.lines.indexOf('help=0') + 2)).toEqual(['help=0', 'AWS_PROFILE=alt']);
    expect(section(result.stdout, 'list')).toMatch(/^ {3}PROFILE +KIND/);
  });

  it('assume after global options gets --export right after the subcommand, every argument kept as one word (#7)', () => {
    // A stand-in binary that records its arguments and prints code setting a marker in the dialect it was asked for.
    const recorder = join(dir, 'bin', 'recorder');
    const record = join(dir, `recorded-${shell}`);
    writeFileSync(
      recorder,
      `#!/bin/sh\nprintf '%s\\n' "$@" > ${quoteFor('bash', record)}\nif [ "$AWSPROF_SHELL" = fish ]; then echo 'set -gx AWSPROF_T_SEEN yes'; else echo 'export AWSPROF_T_SEEN=yes'; fi\n`,
      { mode: 0o755 },
    );
    const init = shell === 'fish' ? `awsprof shell-init fish --binary ${recorder} | source` : `eval "$(awsprof shell-init ${shell === 'dash' ? 'sh' : shell} --binary ${recorder})"`;
    const script = [init, 'awsprof --config-file "/x y/cfg" --no-color assume dev --as "a b" -- tail', status(shell, 'assume'), show(shell, 'AWSPROF_T_SEEN'), ''].join('\n');
    const result = runShell(shell, script, dir, { PATH: path, NO_COLOR: '1' });
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toEqual(['assume=0', 'AWSPROF_T_SEEN=yes', '']);
    expect(readFileSync(record, 'utf8').split('\n')).toEqual(['--config-file', '/x y/cfg', '--no-color', 'assume', '--export', 'dev', '--as', 'a b', '--', 'tail', '']);
  });
});
