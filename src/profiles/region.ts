import { UsageError } from '../errors.js';

/**
 * The region name patterns of every AWS partition, as botocore's data/partitions.json (botocore 1.40) declares them
 * (`regionRegex`). A region outside all of them cannot be reached by any AWS endpoint, so `set region` and
 * `assume --region` refuse it like any other bad flag. Python's `\w`/`\d` also match non-ASCII letters and digits;
 * no AWS region has any, so ASCII classes are used.
 */
export const PARTITION_REGION_PATTERNS: readonly { partition: string; pattern: RegExp }[] = [
  { partition: 'aws', pattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-[A-Za-z0-9_]+-[0-9]+$/ },
  { partition: 'aws-cn', pattern: /^cn-[A-Za-z0-9_]+-[0-9]+$/ },
  { partition: 'aws-us-gov', pattern: /^us-gov-[A-Za-z0-9_]+-[0-9]+$/ },
  { partition: 'aws-iso', pattern: /^us-iso-[A-Za-z0-9_]+-[0-9]+$/ },
  { partition: 'aws-iso-b', pattern: /^us-isob-[A-Za-z0-9_]+-[0-9]+$/ },
  { partition: 'aws-iso-e', pattern: /^eu-isoe-[A-Za-z0-9_]+-[0-9]+$/ },
  { partition: 'aws-iso-f', pattern: /^us-isof-[A-Za-z0-9_]+-[0-9]+$/ },
  { partition: 'aws-eusc', pattern: /^eusc-(de)-[A-Za-z0-9_]+-[0-9]+$/ },
];

/** The partition whose region pattern `region` matches, or undefined (e.g. `xx-nowhere-9`, `eu-west-1 `, `EU-WEST-1`). */
export function regionPartition(region: string): string | undefined {
  return PARTITION_REGION_PATTERNS.find(({ pattern }) => pattern.test(region))?.partition;
}

/** Refuses a region given on the command line (`--region`, `set region`): exit 2, nothing written. */
export function assertValidRegion(region: string, what: string): void {
  if (regionPartition(region) !== undefined) return;
  throw new UsageError(`${what}: ${JSON.stringify(region)} is not an AWS region name`, {
    hint: 'expected a name such as us-east-1, eu-west-2, cn-north-1 or us-gov-west-1',
  });
}
