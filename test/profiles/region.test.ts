import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertValidRegion, PARTITION_REGION_PATTERNS, regionPartition } from '../../src/profiles/region.js';
import { UsageError } from '../../src/errors.js';

/** botocore's own partition data as installed on this machine: Debian's python3-botocore, the AWS CLI's copy, pip's. */
const PARTITION_FILES = [
  '/usr/lib/python3/dist-packages/botocore/data/partitions.json',
  '/usr/lib/python3/dist-packages/awscli/botocore/data/partitions.json',
  '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/botocore/data/partitions.json',
].filter((path) => existsSync(path));

interface PartitionsFile {
  partitions: { id: string; regionRegex: string; regions: Record<string, unknown> }[];
}

describe('region names (#7)', () => {
  it('finds botocore partition data to compare with', () => {
    expect(PARTITION_FILES.length).toBeGreaterThanOrEqual(1);
  });

  it.each(PARTITION_FILES)('accepts every region %s lists, in its own partition', (path) => {
    const data = JSON.parse(readFileSync(path, 'utf8')) as PartitionsFile;
    let regions = 0;
    for (const partition of data.partitions) {
      for (const region of Object.keys(partition.regions)) {
        // aws-global, aws-cn-global, ... are endpoint pseudo-regions, not regions a profile names.
        if (region.endsWith('-global')) continue;
        regions++;
        expect(regionPartition(region), region).toBe(partition.id);
      }
    }
    expect(regions).toBeGreaterThan(30);
  });

  it.each(PARTITION_FILES)('has the same pattern as %s for each partition it declares', (path) => {
    const data = JSON.parse(readFileSync(path, 'utf8')) as PartitionsFile;
    for (const partition of data.partitions) {
      const ours = PARTITION_REGION_PATTERNS.find((entry) => entry.partition === partition.id);
      expect(ours, partition.id).toBeDefined();
      // Python's escaped hyphens and \w/\d, spelled as our ASCII classes.
      const theirs = partition.regionRegex.replaceAll('\\-', '-').replaceAll('\\w', '[A-Za-z0-9_]').replaceAll('\\d', '[0-9]');
      // Older botocore lists fewer prefixes for aws (no il, mx): ours holds every prefix any of them lists.
      const prefixes = (source: string) => /^\^\(([^)]*)\)/.exec(source)?.[1]?.split('|') ?? [];
      const rest = (source: string) => source.replace(/^\^\([^)]*\)/, '');
      expect(prefixes(ours!.pattern.source)).toEqual(expect.arrayContaining(prefixes(theirs)));
      expect(rest(ours!.pattern.source)).toBe(rest(theirs));
    }
  });

  it.each(['xx-nowhere-9', 'eu-west', 'eu-west-1 ', ' eu-west-1', 'EU-WEST-1', 'eu_west_1', 'eu-west-1\n', 'eu-west-1\x1b[31m', 'us-east-1a', 'global', '', 'eusc-fr-east-1', 'eu-wést-1'])(
    'refuses %j',
    (region) => {
      expect(regionPartition(region)).toBeUndefined();
      expect(() => assertValidRegion(region, '--region')).toThrow(UsageError);
    },
  );

  it.each([['us-east-1', 'aws'], ['il-central-1', 'aws'], ['mx-central-1', 'aws'], ['cn-northwest-1', 'aws-cn'], ['us-gov-east-1', 'aws-us-gov'], ['us-isof-south-1', 'aws-iso-f'], ['eu-isoe-west-1', 'aws-iso-e'], ['eusc-de-east-1', 'aws-eusc']])(
    'puts %s in %s',
    (region, partition) => {
      expect(regionPartition(region)).toBe(partition);
      expect(() => assertValidRegion(region, '--region')).not.toThrow();
    },
  );
});
