import fc from 'fast-check';

/** Lines people really have in AWS files, plus the hostile ones, to build random files from. */
const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/);
const value = fc.stringMatching(/^[A-Za-z0-9/:+._-]{0,16}$/);
const spacing = fc.constantFrom('', ' ', '  ', '\t');
const separator = fc.constantFrom('=', ':', ' = ', ' =', '= ', '  =  ');

export const realisticLine = fc.oneof(
  fc.tuple(name).map(([n]) => `[profile ${n}]`),
  fc.constant('[default]'),
  fc.tuple(name).map(([n]) => `[sso-session ${n}]`),
  fc.tuple(name, separator, value).map(([k, s, v]) => `${k}${s}${v}`),
  fc.tuple(spacing, name, value).map(([i, k, v]) => `${i}    ${k} = ${v}`),
  fc.tuple(name).map(([k]) => `${k} =`),
  fc.tuple(fc.constantFrom('#', ';', '  #'), fc.string({ maxLength: 20 })).map(([c, t]) => `${c}${t.replace(/[\r\n]/g, '')}`),
  fc.constant(''),
  fc.constant('   '),
);

export const lineEnding = fc.constantFrom('\n', '\r\n');

/** A realistic file: lines with one ending style (or mixed), maybe a BOM, maybe no final newline. */
export const realisticFile = fc
  .record({
    lines: fc.array(realisticLine, { maxLength: 30 }),
    ending: fc.constantFrom('\n', '\r\n', 'mixed'),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    mixedEndings: fc.array(lineEnding, { minLength: 30, maxLength: 30 }),
  })
  .map(({ lines, ending, bom, finalNewline, mixedEndings }) => {
    let text = bom ? '\uFEFF' : '';
    lines.forEach((line, index) => {
      const eol = ending === 'mixed' ? mixedEndings[index]! : ending;
      text += line + (index < lines.length - 1 || finalNewline ? eol : '');
    });
    return text;
  });

/** Anything at all: arbitrary unicode, lone CRs, NULs, brackets, mutations of realistic files. */
export const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('[', ']', '=', ':', '\n', '\r', ' ', '\t', '#', ';', 'a', '\uFEFF', '\u2028'), maxLength: 200 }),
  fc
    .tuple(realisticFile, fc.array(fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 5 }))
    .map(([text, mutations]) => {
      let result = text;
      for (const [position, insert] of mutations) {
        const at = result.length === 0 ? 0 : position % result.length;
        result = result.slice(0, at) + insert + result.slice(at + 1);
      }
      return result;
    }),
);
