import { describe, expect, it } from 'vitest';
import { AwsprofError } from '../../src/errors.js';
import { assertBinary, binaryBaseName, binaryIdentifier } from '../../src/shell/binary.js';

describe('assertBinary', () => {
  it.each(['awsprof', 'awsprof-dev', 'awsprof2', 'aws_prof.js', '/usr/local/bin/awsprof', "/opt/my tools/it's/awsprof", 'C:\\tools\\awsprof.cmd', 'D:/awsprof.exe'])(
    'accepts %j',
    (binary) => {
      expect(() => assertBinary(binary)).not.toThrow();
    },
  );

  it.each(['', 'node dist/cli.js', 'bin/awsprof', './awsprof', '~/bin/awsprof', '-awsprof', '$(id)', 'aws;prof', '/bin/aws\nprof', '/bin/aws\0prof'])(
    'rejects %j',
    (binary) => {
      expect(() => assertBinary(binary)).toThrow(AwsprofError);
    },
  );
});

describe('binaryBaseName and binaryIdentifier', () => {
  it.each([
    ['awsprof', 'awsprof', 'awsprof'],
    ['/usr/local/bin/awsprof', 'awsprof', 'awsprof'],
    ['awsprof-dev', 'awsprof-dev', 'awsprof_dev'],
    ['C:\\tools\\awsprof.cmd', 'awsprof.cmd', 'awsprof'],
    ['/opt/x/aws.prof', 'aws.prof', 'aws_prof'],
  ])('%j -> %j, %j', (binary, base, id) => {
    expect(binaryBaseName(binary)).toBe(base);
    expect(binaryIdentifier(binary)).toBe(id);
  });
});
