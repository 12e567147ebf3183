import { expect } from 'vitest';
import { botocoreReadings, sameReading } from '../python-reading.js';
import { type ClassId, classify, expectedAfterSet, type Verdict } from './classify.js';
import { type AwsFiles, FILE_NAMES, Home, type ToolResult, withHomes } from './harness.js';
import { commandArgs, describeCommand, pythonLines, readbackVarname, readLikeConfigparser, type SetCommand, type Target } from './model.js';
import { allCrlf, BOM, insertedLineIndex, linesOf, mapFiles, replacedLineIndex, show, showFiles, stripBom, toLf } from './text.js';

/**
 * plain: the files must match byte for byte, or the step falls in a class and gets that class's assertion.
 * crlf:  the starting files use CRLF (class 1): every step is checked against the CRLF rule.
 * bom:   the starting files start with a UTF-8 BOM (class 9): checked against a third home running the AWS CLI on
 *        the same files without the BOM.
 */
export type CaseMode = 'plain' | 'crlf' | 'bom';

export interface DiffCase {
  name: string;
  start: AwsFiles;
  steps: SetCommand[];
  mode: CaseMode;
  /** A named case states its class up front; the model must agree, which keeps the classifier honest. */
  expectClass?: ClassId | 'identical';
  /** Runs after the steps, while the homes still exist (so it can ask the AWS CLI to read them). */
  check?: (report: CaseReport) => void | Promise<void>;
}

export interface StepRecord {
  index: number;
  command: SetCommand;
  verdict: Verdict;
  /** awsprof's files before the step (the AWS CLI's too, unless an earlier step was a difference). */
  before: AwsFiles;
  awsBefore: AwsFiles;
  aws: ToolResult;
  awsprof: ToolResult;
  reference?: ToolResult;
  after: { aws: AwsFiles; awsprof: AwsFiles; reference?: AwsFiles };
  homes: { aws: Home; awsprof: Home; reference?: Home };
}

export interface CaseReport {
  steps: StepRecord[];
  /** The class of the step that ended the case, when one did. */
  endedBy?: ClassId;
}

function context(record: StepRecord): string {
  return [
    `step ${record.index + 1}: ${describeCommand(record.command)}`,
    `verdict: ${record.verdict.id ?? 'identical'} (${record.verdict.reason})`,
    `before: ${showFiles(record.before)}`,
    `aws (exit ${record.aws.code}): ${showFiles(record.after.aws)}${record.aws.stderr ? `\n  aws stderr: ${record.aws.stderr.trim().split('\n').slice(-2).join(' | ')}` : ''}`,
    `awsprof (exit ${record.awsprof.code}): ${showFiles(record.after.awsprof)}${record.awsprof.stderr ? `\n  awsprof stderr: ${record.awsprof.stderr.trim()}` : ''}`,
    record.verdict.predicted !== undefined ? `model predicted aws: ${show(record.verdict.predicted)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Runs a case step by step; each step is classified on the files as they stand, then asserted. */
export async function runDiffCase(diffCase: DiffCase): Promise<CaseReport> {
  const labels = diffCase.mode === 'bom' ? ['aws', 'awsprof', 'ref'] : ['aws', 'awsprof'];
  return withHomes(diffCase.start, labels, async ([awsHome, awsprofHome, refHome]) => {
    if (refHome) await refHome.write(mapFiles(diffCase.start, stripBom));
    const report: CaseReport = { steps: [] };
    for (const [index, command] of diffCase.steps.entries()) {
      const before = await awsprofHome!.read();
      const awsBefore = await awsHome!.read();
      // Twins are classified as the files they are twins of; their own difference is the twin rule.
      const view = diffCase.mode === 'crlf' ? mapFiles(before, toLf) : diffCase.mode === 'bom' ? mapFiles(before, stripBom) : before;
      const verdict = classify(view, command);
      if (index === 0 && diffCase.expectClass !== undefined) {
        const expected = diffCase.mode === 'crlf' ? '1' : diffCase.mode === 'bom' ? '9' : diffCase.expectClass;
        const got = diffCase.mode === 'plain' ? verdict.id ?? 'identical' : verdict.id === undefined ? expected : `${verdict.id} (twin of a class case)`;
        expect(got, `the model classifies ${diffCase.name} as ${got}, the table says ${diffCase.expectClass}`).toBe(expected);
      }
      if (diffCase.mode !== 'plain' && verdict.id !== undefined) {
        // A twin of a step that is itself a deliberate difference: its assertion belongs to the plain case.
        if (index === 0) throw new Error(`${diffCase.name}: a ${diffCase.mode} twin must start with an identical step (${verdict.reason})`);
        break;
      }
      const args = commandArgs(command);
      const [aws, awsprof, reference] = await Promise.all([
        awsHome!.awsSet(args),
        awsprofHome!.awsprofSet(args),
        refHome ? refHome.awsSet(args) : Promise.resolve(undefined),
      ]);
      const record: StepRecord = {
        index,
        command,
        verdict,
        before,
        awsBefore,
        aws,
        awsprof,
        reference,
        after: { aws: await awsHome!.read(), awsprof: await awsprofHome!.read(), reference: refHome ? await refHome.read() : undefined },
        homes: { aws: awsHome!, awsprof: awsprofHome!, reference: refHome },
      };
      report.steps.push(record);
      if (process.env.DIFFERENTIAL_DEBUG_MODEL && verdict.predicted !== undefined && typeof verdict.awsTarget !== 'string') {
        const actual = mapFiles(record.after.aws, diffCase.mode === 'crlf' ? toLf : (text) => text)[verdict.awsTarget.file];
        if (actual !== verdict.predicted && diffCase.mode !== 'bom' && !(verdict.predicted === null && record.aws.code !== 0)) {
          console.log(`model mispredicted ${diffCase.name} step ${index + 1}:\n${context(record)}`);
        }
      }
      if (diffCase.mode === 'crlf' || verdict.id === '1') await assertCrlfStep(record);
      else if (diffCase.mode === 'bom') await assertBomStep(record);
      else if (verdict.id === undefined) assertIdenticalStep(record);
      else {
        await assertClassStep(verdict.id, record);
        report.endedBy = verdict.id;
        break;
      }
    }
    await diffCase.check?.(report);
    return report;
  });
}

export function assertIdenticalStep(record: StepRecord): void {
  const message = context(record);
  expect(record.awsprof.code, `exit codes differ\n${message}`).toBe(record.aws.code);
  expect(record.aws.code, `the AWS CLI failed on a step classified as identical\n${message}`).toBe(0);
  expect(record.awsprof.stderr, `awsprof printed on a plain edit\n${message}`).toBe('');
  for (const name of FILE_NAMES) {
    expect(record.after.awsprof[name], `${name} differs\n${message}`).toBe(record.after.aws[name]);
  }
}

/** Class 1: awsprof keeps CRLF (and writes CRLF); with CRLF read as LF it is exactly what the AWS CLI wrote. */
async function assertCrlfStep(record: StepRecord): Promise<void> {
  const message = context(record);
  expect(record.awsprof.code, message).toBe(0);
  expect(record.aws.code, message).toBe(0);
  for (const name of FILE_NAMES) {
    const before = record.before[name];
    const mine = record.after.awsprof[name];
    const theirs = record.after.aws[name];
    expect(mine === null ? null : toLf(mine), `${name}: awsprof with CRLF read as LF differs from the AWS CLI\n${message}`).toBe(
      theirs === null ? null : toLf(theirs),
    );
    // A file that uses CRLF (every line) before the step must still use CRLF, every line, after it.
    if (before !== null && before.includes('\r\n') && allCrlf(before) && mine !== null) {
      expect(allCrlf(mine), `${name}: awsprof wrote a bare LF into a CRLF file\n${message}`).toBe(true);
    }
    if (before === null && mine !== null) {
      // A new file has no line ending to follow: LF, like the AWS CLI.
      expect(mine, message).toBe(theirs);
    }
  }
}

/** Class 9: the AWS CLI cannot parse a file that starts with a BOM and refuses; awsprof edits it and keeps the BOM. */
async function assertBomStep(record: StepRecord): Promise<void> {
  const message = context(record);
  expect(record.aws.code, `the AWS CLI was expected to refuse a BOM file\n${message}`).toBe(255);
  expect(record.aws.stderr, message).toContain('Unable to parse config file');
  expect(record.after.aws, `the AWS CLI changed a file it refused\n${message}`).toEqual(record.awsBefore);
  expect(record.reference!.code, message).toBe(0);
  expect(record.awsprof.code, message).toBe(0);
  for (const name of FILE_NAMES) {
    const before = record.before[name];
    const reference = record.after.reference![name];
    const expected = before?.startsWith(BOM) && reference !== null ? `${BOM}${reference}` : reference;
    expect(record.after.awsprof[name], `${name}: awsprof should equal the AWS CLI's edit of the file without its BOM, BOM kept\n${message}`).toBe(expected);
  }
}

// ---------------------------------------------------------------------------------------------------------------

function targetOf(record: StepRecord, which: 'aws' | 'awsprof'): Target {
  const target = which === 'aws' ? record.verdict.awsTarget : record.verdict.awsprofTarget;
  if (typeof target === 'string' || 'refused' in target) throw new Error(`no ${which} target: ${JSON.stringify(target)}`);
  return target;
}

/** The AWS CLI's own reading of a target in a home (`aws configure get profile.NAME.KEY[.SUB]`). */
async function readBack(home: Home, target: Target): Promise<ToolResult> {
  return home.awsGet([readbackVarname(target)]);
}

/** Every key configparser read before the step (other than the target) reads the same after awsprof's edit. */
function assertOtherKeysKept(record: StepRecord, target: Target, message: string): void {
  const read = (text: string | null) => (text === null ? [] : readLikeConfigparser(pythonLines(text)).sections);
  const after = read(record.after.awsprof[target.file]);
  for (const section of read(record.before[target.file])) {
    for (const entry of section.entries) {
      if (sectionMatches(section.header, target) && entry.key.toLowerCase() === target.key.toLowerCase()) continue;
      const twin = after.find((candidate) => candidate.header === section.header)?.entries.find((candidate) => candidate.key === entry.key);
      expect(twin ? { value: twin.value, continuation: twin.lastLine - twin.line } : undefined, `${entry.key} changed\n${message}`).toEqual({
        value: entry.value,
        continuation: entry.lastLine - entry.line,
      });
    }
  }
}

/** Shared by classes where awsprof must refuse and leave both files untouched. */
function assertUntouched(record: StepRecord, message: string): void {
  expect(record.after.awsprof, `awsprof changed files while refusing\n${message}`).toEqual(record.before);
}

function oneLine(stderr: string): boolean {
  return stderr.trim() !== '' && !stderr.trim().includes('\n');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the target's key was in its section (any case) before the step, as configparser reads the file. */
function keyExisted(text: string | null, target: Target): boolean {
  if (text === null) return false;
  const view = readLikeConfigparser(pythonLines(text));
  return view.sections.some((section) => section.entries.some((entry) => entry.key.toLowerCase() === target.key.toLowerCase()) && sectionMatches(section.header, target));
}

function sectionMatches(header: string, target: Target): boolean {
  return header === target.section;
}

export async function assertClassStep(id: ClassId, record: StepRecord): Promise<void> {
  const message = context(record);
  const { command } = record;
  const value = command.value;
  switch (id) {
    case '2': {
      // The AWS CLI raises UnboundLocalError in _update_subattributes and writes nothing.
      expect(record.aws.code, message).not.toBe(0);
      expect(record.aws.stderr, message).toContain('current_indent');
      expect(record.after.aws, message).toEqual(record.before);
      expect(record.awsprof.code, message).toBe(0);
      const target = targetOf(record, 'awsprof');
      const inserted = `    ${target.subkey} = ${value}\n`;
      const before = record.before[target.file] ?? '';
      const after = record.after.awsprof[target.file] ?? '';
      // A new sub-key is one inserted line; an existing one is replaced in place (re-indented with spaces).
      const replaced = linesOf(before).some(
        (line, index) => replacedLineIndex(before, after, `${' '.repeat(line.length - line.trimStart().length)}${target.subkey} = ${value}\n`) === index,
      );
      expect(insertedLineIndex(before, after, inserted) !== undefined || replaced, `awsprof should add or replace exactly one line ${JSON.stringify(inserted)}\n${message}`).toBe(true);
      const read = await readBack(record.homes.awsprof, target);
      expect(read.stdout.trim(), `the AWS CLI reads awsprof's file\n${message}\n${read.stderr}`).toBe(value);
      return;
    }
    case '3': {
      const target = targetOf(record, 'aws');
      const before = record.before[target.file]!;
      expect(before.endsWith('\n'), message).toBe(false);
      const line = `    ${target.subkey} = ${value}\n`;
      expect(record.aws.code, message).toBe(0);
      expect(record.awsprof.code, message).toBe(0);
      // The AWS CLI glues the new sub-key onto the unterminated last line; awsprof ends that line first.
      expect(record.after.aws[target.file], `the AWS CLI output should contain the glued line\n${message}`).toBe(before + line);
      expect(record.after.awsprof[target.file], message).toBe(before + '\n' + line);
      expect(record.after.awsprof[target.file], message).toBe(record.after.aws[target.file]!.replace(before + line, `${before}\n${line}`));
      const read = await readBack(record.homes.awsprof, target);
      expect(read.stdout.trim(), message).toBe(value);
      return;
    }
    case '4':
    case '5': {
      expect(record.aws.code, message).toBe(0);
      expect(record.awsprof.code, message).toBe(0);
      if (id === '4') expect(record.awsprof.stderr, message).toContain('is the same key as');
      const target = targetOf(record, 'awsprof');
      const mine = await readBack(record.homes.awsprof, target);
      expect(mine.stdout.trim(), `the AWS CLI should read awsprof's file\n${message}\n${mine.stderr}`).toBe(value);
      const theirs = await readBack(record.homes.aws, target);
      if (id === '4' || keyExisted(record.before[target.file], target) || target.subkey !== undefined) {
        // The AWS CLI wrote a second copy of the key, or a nested block that swallowed the indented header:
        // either way it cannot parse its own file any more.
        expect(theirs.code, `the AWS CLI should fail to read its own file\n${message}`).toBe(255);
        expect(theirs.stderr, message).toContain('Unable to parse config file');
      } else {
        // Class 5 with a new key: the AWS CLI put it before the indented header, which now continues its value.
        expect(theirs.stdout, `the indented header became part of the AWS CLI's new value\n${message}`).toMatch(new RegExp(`^${escape(value)}\n\\[`));
      }
      if (target.subkey === undefined) {
        const before = record.before[target.file]!;
        const after = record.after.awsprof[target.file]!;
        const line = `${target.key} = ${value}\n`;
        const edited = replacedLineIndex(before, after, line) ?? replacedLineIndex(before, after, line.replace('\n', '')) ?? insertedLineIndex(before, after, line);
        expect(edited, `awsprof should change exactly one line to ${JSON.stringify(line)}\n${message}`).toBeDefined();
      }
      return;
    }
    case '6': {
      expect(record.aws.code, message).toBe(0);
      expect(record.awsprof.code, message).toBe(0);
      const theirs = targetOf(record, 'aws');
      const mine = targetOf(record, 'awsprof');
      // The AWS CLI writes a bare [NAME] section, which no profile reads; awsprof writes into the profile.
      expect(record.after.aws.config!.split('\n'), message).toContain(`[${theirs.section}]`);
      expect(mine.section === theirs.section, message).toBe(false);
      const read = await readBack(record.homes.awsprof, mine);
      expect(read.stdout.trim(), `the AWS CLI reads what awsprof wrote in the profile\n${message}\n${read.stderr}`).toBe(value);
      const lost = await readBack(record.homes.aws, mine);
      expect(lost.stdout.trim(), `the AWS CLI cannot read back what it wrote\n${message}`).not.toBe(value);
      return;
    }
    case '7': {
      expect(record.aws.code, message).toBe(0);
      expect(record.awsprof.code, message).toBe(0);
      const target = targetOf(record, 'awsprof');
      const before = record.before[target.file]!;
      const lines = pythonLines(before);
      const view = readLikeConfigparser(lines);
      const subLine = lines.findIndex((line, index) => view.roles[index] === 'continuation' && new RegExp(`^\\s*${target.key}\\s*[=:]`).test(line));
      const parent = view.sections.flatMap((section) => section.entries).find((entry) => entry.line < subLine && entry.lastLine >= subLine)!;
      const oldValue = /[=:]\s*(.*)$/.exec(lines[subLine]!.replace(/\n$/, ''))![1]!;
      // The AWS CLI replaces the indented line with an unindented key, breaking the block or value it belonged to.
      expect(record.after.aws[target.file], message).toBe(
        lines.map((line, index) => (index === subLine ? `${target.key} = ${value}\n` : line)).join(''),
      );
      expect(insertedLineIndex(before, record.after.awsprof[target.file]!, `${target.key} = ${value}\n`), message).toBeDefined();
      if (parent.value === '') {
        const kept = await readBack(record.homes.awsprof, { ...target, key: parent.key, subkey: target.key });
        expect(kept.stdout.trim(), `the sub-key must keep its value in awsprof's file\n${message}`).toBe(oldValue);
      } else {
        // A continuation line of a plain value: the value must read back whole.
        const whole = [parent.value, ...lines.slice(parent.line + 1, parent.lastLine + 1).map((line) => line.trim())].join('\n').trimEnd();
        const kept = await readBack(record.homes.awsprof, { ...target, key: parent.key, subkey: undefined });
        expect(kept.stdout, `the multi-line value must be intact in awsprof's file\n${message}`).toBe(`${whole}\n`);
      }
      const set = await readBack(record.homes.awsprof, target);
      expect(set.stdout.trim(), message).toBe(value);
      return;
    }
    case '8':
    case 'U': {
      expect(record.aws.code, message).toBe(0);
      expect(record.awsprof.code, message).toBe(0);
      const theirs = targetOf(record, 'aws');
      const mine = targetOf(record, 'awsprof');
      expect(theirs.file, message).toBe('config');
      expect(mine.file, message).toBe('credentials');
      // The AWS CLI leaks the secret into config; awsprof keeps config untouched and writes credentials.
      expect(record.after.aws.credentials, message).toBe(record.before.credentials);
      expect(record.after.aws.config!.split('\n'), message).toContain(`${command.varname.split('.').at(-1)} = ${value}`);
      expect(record.after.awsprof.config, message).toBe(record.before.config);
      const line = `${mine.key} = ${value}\n`;
      const before = record.before.credentials ?? '';
      const after = record.after.awsprof.credentials!;
      const placed =
        replacedLineIndex(before, after, line) ??
        insertedLineIndex(before, after, line) ??
        (after === `${before}${before && !before.endsWith('\n') ? '\n' : ''}[${mine.section}]\n${line}` ? 0 : undefined);
      expect(placed, `awsprof should write ${JSON.stringify(line)} to credentials\n${message}`).toBeDefined();
      const read = await readBack(record.homes.awsprof, { ...mine, key: mine.key.toLowerCase() });
      expect(read.stdout.trim(), message).toBe(value);
      return;
    }
    case '10': {
      expect(record.awsprof.code, `awsprof should refuse\n${message}`).toBe(1);
      expect(oneLine(record.awsprof.stderr), message).toBe(true);
      const target = targetOf(record, 'awsprof');
      expect(record.awsprof.stderr, message).toMatch(new RegExp(`^awsprof: \\S*${target.file}:\\d+: `));
      assertUntouched(record, message);
      expect(record.aws.code, message).toBe(0);
      expect(record.after.aws[target.file], `the AWS CLI writes something\n${message}`).not.toBe(record.before[target.file]);
      return;
    }
    case '11':
    case 'I': {
      expect(record.awsprof.code, `awsprof should exit 2\n${message}`).toBe(2);
      expect(oneLine(record.awsprof.stderr), message).toBe(true);
      expect(record.awsprof.stderr, message).toMatch(id === '11' ? /^awsprof: invalid key / : /^awsprof: (profile name|key|the value)/);
      assertUntouched(record, message);
      if (record.verdict.awsTarget === 'crash') {
        expect(record.aws.code, message).not.toBe(0);
        expect(record.after.aws, message).toEqual(record.before);
      } else {
        expect(record.aws.code, message).toBe(0);
        expect(record.after.aws, `the AWS CLI writes something for this varname\n${message}`).not.toEqual(record.before);
      }
      return;
    }
    case 'G': {
      const target = targetOf(record, 'aws');
      const before = record.before[target.file]!;
      expect(before.endsWith('\n'), message).toBe(false);
      const entry =
        target.subkey === undefined ? `${target.key} = ${value}\n` : `${target.key} =\n    ${target.subkey} = ${value}\n`;
      expect(record.aws.code, message).toBe(0);
      expect(record.awsprof.code, message).toBe(0);
      // The AWS CLI appends "\n" to the file, then inserts the key before it: glued onto the last line.
      expect(record.after.aws[target.file], message).toBe(`${before}${entry}\n`);
      expect(record.after.awsprof[target.file], message).toBe(`${before}\n${entry}`);
      return;
    }
    case 'V': {
      // The AWS CLI puts the new key inside the previous key's multi-line value; awsprof puts it after the value.
      expect(record.aws.code, message).toBe(0);
      expect(record.awsprof.code, message).toBe(0);
      const target = targetOf(record, 'awsprof');
      expect((await readBack(record.homes.awsprof, target)).stdout, message).toBe(`${value}\n`);
      expect((await readBack(record.homes.aws, target)).stdout, `the AWS CLI reads back the continuation lines too\n${message}`).not.toBe(`${value}\n`);
      assertOtherKeysKept(record, target, message);
      return;
    }
    case 'C': {
      const target = targetOf(record, 'awsprof');
      expect(record.awsprof.code, message).toBe(1);
      expect(record.awsprof.stderr, message).toMatch(new RegExp(`^awsprof: \\S*${target.file}:\\d+: has a carriage return without a line feed`));
      assertUntouched(record, message);
      expect(record.aws.code, message).toBe(0);
      return;
    }
    case 'P': {
      // The AWS CLI refuses to run on a file configparser rejects; awsprof edits only the lines it must.
      expect(record.aws.code, message).toBe(255);
      expect(record.aws.stderr, message).toContain('Unable to parse config file');
      expect(record.after.aws, `the AWS CLI changed a file it refused\n${message}`).toEqual(record.awsBefore);
      expect(record.awsprof.code, message).toBe(0);
      const target = targetOf(record, 'awsprof');
      const before = (record.before[target.file] ?? '').split('\n');
      const after = (record.after.awsprof[target.file] ?? '').split('\n');
      let kept = 0;
      for (const line of after) if (kept < before.length && line === before[kept]) kept++;
      expect(kept, `awsprof dropped more than the one line it replaced\n${message}`).toBeGreaterThanOrEqual(before.length - 1);
      expect(after.length - before.length, message).toBeLessThanOrEqual(3);
      const otherFile = target.file === 'config' ? 'credentials' : 'config';
      expect(record.after.awsprof[otherFile], message).toBe(record.before[otherFile]);
      return;
    }
    case 'S':
    case 'T': {
      expect(record.aws.code, message).toBe(0);
      expect(record.awsprof.code, message).toBe(0);
      const target = targetOf(record, 'awsprof');
      const mine = await readBack(record.homes.awsprof, target);
      expect(mine.stdout.trim(), message).toBe(value);
      const theirs = await readBack(record.homes.aws, target);
      expect(theirs.stdout.trim(), `the AWS CLI does not read back the value it was asked to set\n${message}`).not.toBe(value);
      return;
    }
    case 'M': {
      // The AWS CLI's bytes change what it reads elsewhere in the file; awsprof's reading is exactly the old one plus
      // the asked change, as the real botocore reads both files (#7).
      expect(record.aws.code, message).toBe(0);
      expect(record.awsprof.code, message).toBe(0);
      expect(record.awsprof.stderr, message).toBe('');
      const target = targetOf(record, 'awsprof');
      const [before, mine, theirs] = await botocoreReadings([record.before[target.file] ?? '', record.after.awsprof[target.file] ?? '', record.after.aws[target.file] ?? '']);
      const expected = expectedAfterSet(before!, target, value);
      expect(sameReading(mine!, expected), `botocore reads awsprof's file as the old reading plus the change\n${message}\n${JSON.stringify(mine)}`).toBe(true);
      expect(sameReading(theirs!, expected), `botocore reads the AWS CLI's file differently (that is the difference)\n${message}`).toBe(false);
      const otherFile = target.file === 'config' ? 'credentials' : 'config';
      expect(record.after.awsprof[otherFile], message).toBe(record.before[otherFile]);
      return;
    }
    case '1':
    case '9':
      throw new Error(`class ${id} is asserted by the ${id === '1' ? 'crlf' : 'bom'} twin mode`);
  }
}
