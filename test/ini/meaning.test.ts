/**
 * Edits keep their meaning (#7): on generated files in the shapes people have, every edit leaves the AWS CLI's
 * reading equal to the reading before plus exactly the asked change, or is refused (at most 5% of them). The reading is
 * taken by an independent port of configparser + botocore (test/support/python-reading.ts), itself checked against the
 * real botocore on a sample of the same files, so neither awsprof's reader nor the test's can drift from the real one.
 */
import { describe, expect, it } from 'vitest';
import { IniSyntaxError } from '../../src/errors.js';
import { lineNumberAt, parseDocument, serializeDocument } from '../../src/ini/document.js';
import { findSectionStartOffsets, removeKeysInText, removeSections, setValueInText } from '../../src/ini/edit.js';
import { Random } from '../support/differential/prng.js';
import { botocoreReadings, type Reading, referenceReading, sameReading } from '../support/python-reading.js';
import { shapedCase, type ShapedEdit } from '../support/shaped-files.js';

const CASES = 4000;
const BOTOCORE_SAMPLE_EVERY = 10;

function applyEdit(text: string, edit: ShapedEdit): string {
  if (edit.kind === 'set') return setValueInText(text, { section: edit.section, key: edit.key, subkey: edit.subkey, value: edit.value });
  if (edit.kind === 'remove-key') return removeKeysInText(text, edit.section, [edit.key]);
  const start = findSectionStartOffsets(text, edit.section)[0];
  if (start === undefined) return text;
  return serializeDocument(removeSections(parseDocument(text), [lineNumberAt(text, start) - 1]));
}

/** The reading before plus exactly the edit, in the reference reader's terms. */
function expectedReading(before: Reading, edit: ShapedEdit): Reading {
  if ('error' in before) return before;
  const sections = structuredClone(before.sections);
  if (edit.kind === 'remove-section') {
    delete sections[edit.section];
  } else if (edit.kind === 'remove-key') {
    if (sections[edit.section]) delete sections[edit.section]![edit.key.toLowerCase()];
  } else {
    const section = (sections[edit.section] ??= {});
    const key = edit.key.toLowerCase();
    if (edit.subkey === undefined) section[key] = edit.value;
    else {
      const current = section[key];
      section[key] = { ...(typeof current === 'object' ? current : {}), [edit.subkey]: edit.value };
    }
  }
  return { sections };
}

interface Outcome {
  text: string;
  edit: ShapedEdit;
  after?: string;
  refusal?: string;
}

function runCases(): Outcome[] {
  const random = new Random(0x7e417);
  const outcomes: Outcome[] = [];
  while (outcomes.length < CASES) {
    const { text, edit } = shapedCase(random);
    // Files the AWS CLI cannot read at all have no meaning to keep; the generator makes few of them.
    if ('error' in referenceReading(text)) continue;
    try {
      outcomes.push({ text, edit, after: applyEdit(text, edit) });
    } catch (error) {
      if (!(error instanceof IniSyntaxError)) throw error;
      outcomes.push({ text, edit, refusal: `${error.message} (line ${error.line})` });
    }
  }
  return outcomes;
}

describe('edits keep the AWS CLI reading on generated files (#7)', () => {
  const outcomes = runCases();

  it('every edit that is not refused reads as the file before plus exactly the change', () => {
    const wrong: string[] = [];
    for (const outcome of outcomes) {
      if (outcome.after === undefined) continue;
      const expected = expectedReading(referenceReading(outcome.text), outcome.edit);
      const actual = referenceReading(outcome.after);
      if (!sameReading(expected, actual)) {
        wrong.push(`${JSON.stringify(outcome.edit)}\n--- before\n${outcome.text}\n--- after\n${outcome.after}\n--- expected ${JSON.stringify(expected)}\n--- read ${JSON.stringify(actual)}`);
      }
    }
    expect(wrong.slice(0, 3).join('\n\n'), `${wrong.length} of ${outcomes.length} edits changed the reading`).toBe('');
  });

  it('refuses at most 5% of the edits, each naming a line', () => {
    const refused = outcomes.filter((outcome) => outcome.refusal !== undefined);
    expect(refused.length / outcomes.length, refused.slice(0, 5).map((o) => `${JSON.stringify(o.edit)}: ${o.refusal}\n${o.text}`).join('\n\n')).toBeLessThanOrEqual(0.05);
    for (const outcome of refused) expect(outcome.refusal).toMatch(/\(line \d+\)$/);
  });

  it('changes something in the file for most edits (the property is not vacuous)', () => {
    const changed = outcomes.filter((outcome) => outcome.after !== undefined && outcome.after !== outcome.text);
    expect(changed.length / outcomes.length).toBeGreaterThan(0.8);
    // The shapes that make the AWS CLI's own bytes wrong must be common in the sample.
    const indented = outcomes.filter((outcome) => /\n[ \t]+\w+ ?[=:]/.test(outcome.text) && outcome.after !== undefined && outcome.after !== outcome.text);
    expect(indented.length).toBeGreaterThan(outcomes.length / 5);
  });

  it('the reference reader agrees with the real botocore on a sample of the same files, before and after', async () => {
    const sample = outcomes.filter((_, index) => index % BOTOCORE_SAMPLE_EVERY === 0);
    const texts = sample.flatMap((outcome) => (outcome.after === undefined ? [outcome.text] : [outcome.text, outcome.after]));
    const real = await botocoreReadings(texts);
    const disagreements = texts.filter((text, index) => !sameReading(referenceReading(text), real[index]!));
    expect(disagreements.slice(0, 3).map((text) => `${JSON.stringify(text)}\nreference ${JSON.stringify(referenceReading(text))}\nbotocore ${JSON.stringify(real[texts.indexOf(text)])}`).join('\n\n'), `${disagreements.length} of ${texts.length}`).toBe('');
    expect(real.filter((reading) => 'sections' in reading).length).toBeGreaterThan(texts.length * 0.9);
  });
});
