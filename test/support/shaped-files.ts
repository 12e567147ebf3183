/**
 * Generated AWS files in the shapes people really have, and edits on them, for the meaning property test (#7):
 * sections indented as a whole (spaces or tabs) or with one odd line, multi-line credential_process values with blank
 * lines and comments inside, nested `s3 =` blocks, indented headers, CRLF, a missing final newline.
 */
import { Random } from './differential/prng.js';

export type ShapedEdit =
  | { kind: 'set'; section: string; key: string; subkey?: string; value: string }
  | { kind: 'remove-key'; section: string; key: string }
  | { kind: 'remove-section'; section: string };

export interface ShapedCase {
  text: string;
  edit: ShapedEdit;
}

const KEYS = ['region', 'output', 'role_arn', 'source_profile', 'mfa_serial', 'external_id', 'duration_seconds', 'cli_pager'];

function value(random: Random): string {
  return random.pick(['eu-west-1', 'us-east-1', 'json', 'arn:aws:iam::111122223333:role/Dev', 'default', 'a b c', '3600', 'x=y', 'tab\there']);
}

interface Section {
  header: string;
  keys: string[];
  nested: string[];
}

/** One file and its sections, built line by line. */
export function shapedFile(random: Random): { text: string; sections: Section[] } {
  const lines: string[] = [];
  const sections: Section[] = [];
  const count = random.int(1, 4);
  const names = random.chance(0.5) ? ['default'] : [];
  while (names.length < count) names.push(`profile p${random.int(0, 9)}`);
  for (const header of new Set(names)) {
    const section: Section = { header, keys: [], nested: [] };
    sections.push(section);
    const style = random.weighted([
      [6, ''],
      [2, '    '],
      [1, '\t'],
      [1, '  '],
      // Whitespace to Python but not to JavaScript (U+001C, U+0085), or the other way round (U+FEFF is not, to Python).
      [0.3, '\u001c'],
      [0.3, '\u00a0\u00a0'],
      [0.2, '\u0085 '],
      [0.2, '\u3000'],
    ] as const);
    const odd = random.chance(0.15);
    // An indented header reads as a header only where no key before it is indented less; the reader decides.
    const headerIndent = random.chance(0.12) ? random.pick(['  ', '\t', '    ']) : '';
    if (random.chance(0.3)) lines.push(random.pick(['# comment', '; note', '  # indented comment', '']));
    lines.push(`${headerIndent}[${header}]`);
    const keyCount = random.int(0, 5);
    const used = new Set<string>();
    for (let index = 0; index < keyCount; index++) {
      const indent = odd && index === keyCount - 1 ? `${style}  ` : style;
      const kind = random.weighted([
        [6, 'plain'],
        [2, 'process'],
        [2, 'nested'],
        [1, 'comment'],
        [1, 'blank'],
      ] as const);
      if (kind === 'comment') {
        lines.push(`${random.pick(['', style, '      '])}${random.pick(['# note', ';x = 1'])}`);
        continue;
      }
      if (kind === 'blank') {
        lines.push(random.pick(['', '   ']));
        continue;
      }
      if (kind === 'process') {
        if (used.has('credential_process')) continue;
        used.add('credential_process');
        section.keys.push('credential_process');
        lines.push(`${indent}credential_process = /usr/bin/helper`);
        const deeper = `${indent}${random.pick(['  ', '\t', '        '])}`;
        for (let arg = random.int(1, 3); arg > 0; arg--) {
          lines.push(`${deeper}--arg${arg}`);
          if (random.chance(0.25)) lines.push(random.pick(['', '# inside the value', '    ; inside']));
        }
        continue;
      }
      if (kind === 'nested') {
        const parent = random.pick(['s3', 'sts', 'ec2']);
        if (used.has(parent)) continue;
        used.add(parent);
        section.nested.push(parent);
        lines.push(`${indent}${parent} =`);
        for (let sub = random.int(0, 3); sub > 0; sub--) lines.push(`${indent}${random.pick(['    ', '\t', '  '])}k${sub} = ${sub}`);
        continue;
      }
      const key = random.pick(KEYS);
      if (used.has(key)) continue;
      used.add(key);
      section.keys.push(key);
      lines.push(`${indent}${key}${random.pick([' = ', '=', ' =  ', ': '])}${value(random)}`);
    }
  }
  const ending = random.chance(0.2) ? '\r\n' : '\n';
  let text = lines.join(ending);
  if (!random.chance(0.2)) text += ending;
  return { text, sections };
}

export function shapedCase(random: Random): ShapedCase {
  const { text, sections } = shapedFile(random);
  const section = random.pick(sections);
  const edit = random.weighted<ShapedEdit>([
    [4, { kind: 'set', section: section.header, key: random.pick([...section.keys, 'region']), value: value(random) }],
    [3, { kind: 'set', section: section.header, key: random.pick(KEYS), value: value(random) }],
    [1, { kind: 'set', section: 'profile new', key: 'region', value: value(random) }],
    [2, { kind: 'set', section: section.header, key: random.pick([...section.nested, 's3']), subkey: random.pick(['k1', 'max_concurrent_requests']), value: value(random) }],
    [1, { kind: 'set', section: section.header, key: section.nested[0] ?? 'credential_process', value: value(random) }],
    [1, { kind: 'remove-key', section: section.header, key: random.pick([...section.keys, ...section.nested, 'region']) }],
    [1, { kind: 'remove-section', section: section.header }],
  ]);
  return { text, edit };
}
