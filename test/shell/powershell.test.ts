import { describe, expect, it } from 'vitest';
import { formatPowerShell, quotePowerShell } from '../../src/shell/powershell.js';

// pwsh is not installed where these tests run, so PowerShell is covered by exact expected text only.
describe('quotePowerShell', () => {
  it.each([
    ['', `''`],
    ['dev', `'dev'`],
    ["it's", `'it''s'`],
    ["''", `''''''`],
    ['$Env:HOME $(Get-Date) `n', `'$Env:HOME $(Get-Date) \`n'`],
    ['a\\b', `'a\\b'`],
    ['"double"', `'"double"'`],
    // PowerShell also ends single-quoted strings at typographic single quotes, so those are doubled too.
    ['it’s ‘x’ ‚y‛', `'it’’s ‘‘x’’ ‚‚y‛‛'`],
    ['“double”', `'“double”'`],
    ['日本語 🚀', `'日本語 🚀'`],
    ['a\nb', `'a' + "\`n" + 'b'`],
    ['a\r\nb', `'a' + "\`r" + "\`n" + 'b'`],
    ['\nlead', `"\`n" + 'lead'`],
    ['trail\n', `'trail' + "\`n"`],
    ['\n', `"\`n"`],
    ["x'\ny", `'x''' + "\`n" + 'y'`],
  ])('quotes %j as %s', (value, expected) => {
    expect(quotePowerShell(value)).toBe(expected);
  });

  it('never lets a line break into the output, so each statement stays on one line', () => {
    expect(quotePowerShell('a\n\r\n\rb\n')).not.toMatch(/[\r\n]/);
  });
});

describe('formatPowerShell', () => {
  it.each([
    [{ set: {}, unset: [] }, ''],
    [{ set: { AWS_PROFILE: 'dev' }, unset: [] }, `$Env:AWS_PROFILE = 'dev'\n`],
    [{ set: {}, unset: ['AWS_PROFILE'] }, `Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\n`],
    [
      { set: { AWS_PROFILE: "o'neil", AWS_REGION: 'eu-west-1' }, unset: ['AWS_ACCESS_KEY_ID', 'AWS_SESSION_TOKEN'] },
      [
        'Remove-Item Env:AWS_ACCESS_KEY_ID -ErrorAction SilentlyContinue',
        'Remove-Item Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue',
        `$Env:AWS_PROFILE = 'o''neil'`,
        `$Env:AWS_REGION = 'eu-west-1'`,
        '',
      ].join('\n'),
    ],
    [{ set: { X: 'a\nb' }, unset: [] }, `$Env:X = 'a' + "\`n" + 'b'\n`],
  ])('formats %j', (change, expected) => {
    expect(formatPowerShell(change)).toBe(expected);
  });
});
