import { type Reading, referenceReading, sameReading } from '../python-reading.js';
import type { AwsFiles } from './harness.js';
import { awsprofTarget, awsTarget, pythonLines, readLikeConfigparser, type Refusal, type SetCommand, simulateWriter, type Target, type WriterEvent } from './model.js';

/**
 * The documented deliberate differences (1-11, from the brief) and the ones this suite found where the AWS CLI is
 * clearly wrong (letters; see docs in the test file). Everything else must be byte-identical.
 */
export type ClassId =
  | '1' // CRLF: the AWS CLI converts the whole file to LF
  | '2' // `s3 =` with no sub-key line after it: the AWS CLI crashes (UnboundLocalError)
  | '3' // unterminated last sub-key line: the AWS CLI glues the new sub-key onto it
  | '4' // case-variant key: the AWS CLI adds a duplicate it cannot parse
  | '5' // indented header after a key: the AWS CLI ends the section there
  | '6' // substring of `plugins` taken for the plugins section
  | '7' // top-level key that is also an indented sub-key: the AWS CLI replaces the sub-key
  | '8' // aws_security_token: the AWS CLI writes the secret to config
  | '9' // UTF-8 BOM: the AWS CLI cannot parse the file and refuses
  | '10' // plain value vs nested block conflict: awsprof refuses
  | '11' // varnames the AWS CLI crashes on or truncates: awsprof usage error
  | 'G' // unterminated last line that is not a key: the AWS CLI glues a new top-level key onto it
  | 'S' // a key shallower than an indented nested key does not end the block for the AWS CLI
  | 'T' // setting KEY.SUB where SUB is also a top-level key right after the block: the AWS CLI replaces that key
  | 'U' // credential key in upper or mixed case: the AWS CLI writes the secret to config
  | 'I' // names or values that would inject INI structure, or hold control characters: awsprof refuses, the AWS CLI writes them
  | 'V' // a new key after a multi-line value: the AWS CLI splits the value, awsprof inserts after it
  | 'C' // lone CR (old Mac) line endings: the AWS CLI converts them, awsprof refuses the file
  | 'P' // the AWS CLI cannot parse the starting files and refuses; awsprof edits them (and warns about what it sees)
  | 'M'; // the AWS CLI's bytes change how other lines read (an indented section unindented, continuation lines left under a replaced value): awsprof keeps the reading (#7)

export interface Verdict {
  /** undefined: the files must come out byte-identical. */
  id?: ClassId;
  /** Why, for the test name and failure messages. */
  reason: string;
  awsTarget: Target | 'crash';
  awsprofTarget: Target | Refusal;
  events: WriterEvent[];
  /** What the model expects the AWS CLI to write (diagnostics only). */
  predicted?: string | null;
}

const EVENT_CLASS: Array<[WriterEvent, ClassId]> = [
  ['nested-under-plain', '10'],
  ['plain-over-multiline', 'M'],
  ['case-variant', '4'],
  ['indented-header', '5'],
  ['matched-continuation', '7'],
  ['subkey-replaced-toplevel', 'T'],
  ['shallower-key-in-block', 'S'],
  ['nested-crash', '2'],
  ['glue-nested', '3'],
  ['glue-top', 'G'],
  ['split-value', 'V'],
];

export function awsRejects(files: AwsFiles): string[] {
  const problems: string[] = [];
  for (const name of ['config', 'credentials'] as const) {
    const text = files[name];
    if (text === null || text === '') continue;
    for (const problem of readLikeConfigparser(pythonLines(text)).problems) problems.push(`${name} ${problem}`);
  }
  return problems;
}

/** Classifies one `set` on the current files (which both tools share when every earlier step matched). */
export function classify(files: AwsFiles, command: SetCommand): Verdict {
  const aws = awsTarget(command);
  const mine = awsprofTarget(command);
  const base = { awsTarget: aws, awsprofTarget: mine, events: [] as WriterEvent[] };
  if ('refused' in mine) {
    if (mine.refused === 'varname') return { ...base, id: '11', reason: 'varname awsprof rejects as a usage error' };
    if (mine.refused === 'injection') return { ...base, id: 'I', reason: `awsprof refuses a ${mine.why}` };
    return { ...base, reason: `awsprof refuses a ${mine.why}, which the AWS CLI handles (undocumented)` };
  }
  if (aws === 'crash') return { ...base, reason: 'the AWS CLI crashes on this varname but awsprof accepts it (undocumented)' };
  const hasBom = (['config', 'credentials'] as const).some((name) => files[name]?.startsWith('\uFEFF'));
  const rejects = awsRejects(files);
  if (hasBom) return { ...base, id: '9', reason: 'UTF-8 BOM: the AWS CLI cannot parse the file' };
  if (/\r(?!\n)/.test(files[mine.file] ?? '')) return { ...base, id: 'C', reason: 'lone CR line endings: awsprof refuses the file' };
  if (rejects.length > 0) return { ...base, id: 'P', reason: `the AWS CLI cannot parse the starting files (${rejects[0]}); awsprof edits them` };
  if (aws.file !== mine.file || aws.key !== mine.key || aws.subkey !== mine.subkey || aws.section !== mine.section) {
    if (aws.key === 'aws_security_token') return { ...base, id: '8', reason: 'aws_security_token goes to credentials' };
    if (aws.file !== mine.file && aws.key.toLowerCase() !== aws.key) return { ...base, id: 'U', reason: 'credential key in another case goes to credentials' };
    if ('plugins'.includes(aws.section) || 'plugins'.includes(command.varname.split('.')[0]!)) {
      return { ...base, id: '6', reason: `the AWS CLI takes ${JSON.stringify(aws.section)} for the plugins section` };
    }
    return { ...base, reason: 'the tools resolve different targets (undocumented)' };
  }
  const text = files[aws.file];
  const outcome = simulateWriter(text, aws, command.value);
  const events = [...outcome.events];
  const crlf = (text ?? '').includes('\r\n');
  for (const [event, id] of EVENT_CLASS) {
    if (outcome.events.has(event)) return { ...base, events, id, reason: event, predicted: outcome.text };
  }
  if (outcome.text !== null && !keepsReading(text, outcome.text, aws, command.value)) {
    return { ...base, events, id: 'M', reason: 'the AWS CLI bytes would change how other lines read', predicted: outcome.text };
  }
  if (crlf) return { ...base, events, id: '1', reason: 'CRLF file', predicted: outcome.text };
  return { ...base, events, reason: events.length ? events.join(',') : 'plain edit', predicted: outcome.text };
}

/** The reading of `before` plus exactly the set of `target` to `value`, in botocore's terms. */
export function expectedAfterSet(before: Reading, target: Target, value: string): Reading {
  if ('error' in before) return before;
  const sections = structuredClone(before.sections);
  const header = Object.keys(sections).find((name) => name === target.section || name === quotedTwin(target.section)) ?? target.section;
  const section = (sections[header] ??= {});
  const key = target.key.toLowerCase();
  if (target.subkey === undefined) section[key] = value;
  else section[key] = { ...(typeof section[key] === 'object' ? section[key] : {}), [target.subkey]: value };
  return { sections };
}

function quotedTwin(section: string): string {
  const [kind, ...rest] = section.split(' ');
  return rest.length > 0 ? `${kind} "${rest.join(' ')}"` : section;
}

/** Whether the model's prediction of the AWS CLI's file reads as the file before plus exactly the asked change. */
function keepsReading(before: string | null, predicted: string, target: Target, value: string): boolean {
  const start = referenceReading(before ?? '');
  if ('error' in start) return true;
  return sameReading(referenceReading(predicted), expectedAfterSet(start, target, value));
}
