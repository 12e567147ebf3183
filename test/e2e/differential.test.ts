/**
 * Differential tests: the real AWS CLI v2 (/usr/bin/aws, 2.9.x) and `awsprof set` run on identical starting files
 * with the same edits; the files must come out byte-identical, or the case is one of the documented deliberate
 * differences and gets that difference's own assertion (test/support/differential/runner.ts).
 *
 * Documented deliberate differences (awsprof differs where the AWS CLI damages the file):
 *   1 CRLF kept (the AWS CLI rewrites the whole file as LF)       7 top-level key that is also a sub-key
 *   2 `s3 =` with no sub-key line after it (AWS CLI crash)         8 aws_security_token goes to credentials
 *   3 sub-key glued onto an unterminated last line                 9 UTF-8 BOM (the AWS CLI cannot parse the file)
 *   4 case-variant key duplicated                                  10 plain/nested conflicts: awsprof refuses
 *   5 indented header read as a continuation                       11 varnames the AWS CLI crashes on or truncates
 *   6 substrings of `plugins` taken for the plugins section
 * Class 9 as observed with 2.9.19: the AWS CLI cannot parse a BOM file at all ("Unable to parse config file") and
 * changes nothing (a BOM in either file stops every `configure set`); awsprof edits the file and keeps the BOM.
 *
 * Found by this suite, where the AWS CLI is clearly wrong (asserted the same way, reported for documentation):
 *   2 (wider) the crash also happens when `s3 =` is followed by a comment, a section header, or a blank line and
 *     then sub-keys; G: a new top-level key glued onto an unterminated last line that is not a key (a comment);
 *   S: a top-level key shallower than an indented nested key does not end the block for the AWS CLI;
 *   T: `set s3.X` when `X = ...` is the top-level key right after the block replaces that key instead;
 *   U: a credential key in upper case (AWS_ACCESS_KEY_ID) goes to config;
 *   I: names and values that inject INI structure (a newline in a value, `]` in a profile, `=` in a key, a key
 *      starting with `#`, an empty profile): the AWS CLI writes them, awsprof exits 2 and writes nothing.
 * Named cases marked `identical` that fail are undocumented differences, listed in the report that came with this
 * suite: they are left failing on purpose.
 *
 * Generated cases come from a fixed seed; each step is classified by a model of writer.py (model.ts) before it runs,
 * and the model is never the source of expected bytes: those always come from the real AWS CLI.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCases } from '../support/differential/generate.js';
import { assertAwsV2, ensureBuilt, readFixture } from '../support/differential/harness.js';
import { describeCommand } from '../support/differential/model.js';
import { NAMED_CASES } from '../support/differential/named-cases.js';
import { runDiffCase } from '../support/differential/runner.js';

const SEED = 0x5eed_a115;
// Sized to find bugs, not to burn time: each case runs the real AWS CLI (~0.7 s of CPU a call) two or three times,
// and this file was half of `npm test` at 214 generated cases. The meaning property test (test/ini/meaning.test.ts)
// now covers file shapes far more widely, in-process, against botocore.
const GENERATED = 96;
const CRLF_TWINS = 12;
const BOM_TWINS = 6;
const CASE_TIMEOUT = 180_000;
const FIXTURES = resolve('fixtures/differential');

const generated = generateCases(SEED, GENERATED, CRLF_TWINS, BOM_TWINS);

describe('differential: awsprof set vs aws configure set (AWS CLI v2)', () => {
  beforeAll(async () => {
    await assertAwsV2();
    await ensureBuilt();
  }, 120_000);

  describe.concurrent('named cases', () => {
    it('every fixture directory has a case and every case has its fixture directory', () => {
      const dirs = readdirSync(FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
      expect(dirs.sort()).toEqual(NAMED_CASES.map((c) => c.name).sort());
    });

    for (const named of NAMED_CASES) {
      it(`${named.name} [${named.expectClass}] ${named.steps.map(describeCommand).join(' ; ')}`, { timeout: CASE_TIMEOUT }, async () => {
        const start = await readFixture(join(FIXTURES, named.name));
        const report = await runDiffCase({ ...named, start });
        expect(report.steps.length, 'every step ran').toBe(named.steps.length);
        if (named.expectClass !== 'identical' && named.mode === 'plain') expect(report.endedBy).toBe(named.expectClass);
      });
    }
  });

  describe.concurrent(`generated (seed ${SEED.toString(16)})`, () => {
    it('covers enough ground', () => {
      expect(generated.length).toBeGreaterThanOrEqual(GENERATED + CRLF_TWINS + BOM_TWINS);
      expect(generated.length + NAMED_CASES.length).toBeGreaterThanOrEqual(180);
      expect(generated.filter((c) => c.mode === 'crlf').length).toBe(CRLF_TWINS);
      expect(generated.filter((c) => c.mode === 'bom').length).toBe(BOM_TWINS);
    });

    for (const diffCase of generated) {
      it(`${diffCase.name} ${diffCase.steps.map(describeCommand).join(' ; ')}`, { timeout: CASE_TIMEOUT }, async () => {
        const report = await runDiffCase(diffCase);
        if (process.env.DIFFERENTIAL_DEBUG_MODEL) console.log(`${diffCase.name}: ${report.steps.length} step(s), ended by ${report.endedBy ?? 'nothing'}`);
        expect(report.steps.length, 'at least one step was compared').toBeGreaterThan(0);
        // A case where nothing changed could not catch a broken `awsprof set`.
        const first = report.steps[0]!;
        const last = report.steps.at(-1)!;
        const awsprofChanged = JSON.stringify(last.after.awsprof) !== JSON.stringify(first.before);
        const refused = report.endedBy === '10' || report.endedBy === '11';
        expect(awsprofChanged || refused, 'the case changed a file (or awsprof had to refuse)').toBe(true);
      });
    }
  });
});
