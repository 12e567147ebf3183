// An STS emulator with a small, fixed organisation, and HOMEs seeded with the profiles that use it. End-to-end tests
// start one emulator per file and seed a fresh HOME per test, so tests never see each other's files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startStsEmulator } from '../sts-emulator/index.js';
import type { StsEmulator, StsEmulatorOptions, UserInfo } from '../sts-emulator/index.js';
import { cleanEnv } from './cli.js';

export const ACCOUNT = '111122223333';
export const ROLE = {
  developer: `arn:aws:iam::${ACCOUNT}:role/Developer`,
  /** Trusts the Developer role only: reached by chaining. */
  admin: `arn:aws:iam::${ACCOUNT}:role/Admin`,
  mfa: `arn:aws:iam::${ACCOUNT}:role/MfaRole`,
  ext: `arn:aws:iam::${ACCOUNT}:role/ExtRole`,
  /** MaxSessionDuration 3600: asking for more is an STS error. */
  short: `arn:aws:iam::${ACCOUNT}:role/ShortRole`,
} as const;
export const EXTERNAL_ID = 'partner-7f3a';

/** Explicit keys, so nothing secret has to be printed or fished out of the emulator. Shaped like real ones. */
export const ALICE = {
  name: 'alice',
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accessKeyId: 'AKIAALICE0EXAMPLE001',
  secretAccessKey: 'aLiCeSecret/K7MDENG+bPxRfiCYEXAMPLEKEY01',
  mfaSerial: `arn:aws:iam::${ACCOUNT}:mfa/alice`,
  totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
} as const;

/** The IAM Identity Center organisation every test emulator serves (#9): three accounts, roles per account. */
export const SSO = {
  startUrl: 'https://awsprof-demo.awsapps.com/start',
  region: 'eu-west-1',
  accounts: [
    { accountId: '111122223333', accountName: 'Production', emailAddress: 'prod@example.com', roles: ['AdministratorAccess', 'ReadOnlyAccess'] },
    { accountId: '444455556666', accountName: 'Staging', emailAddress: 'staging@example.com', roles: ['Developer', 'ReadOnlyAccess'] },
    { accountId: '777788889999', accountName: 'Sandbox', emailAddress: 'sandbox@example.com', roles: ['AdministratorAccess'] },
  ],
} as const;

/** The emulator's state in the form `test/sts-emulator/main.ts --state` reads, shared by tests, demo and bench. */
export function emulatorState() {
  return {
    users: [
      {
        name: ALICE.name,
        account: ACCOUNT,
        accessKeyId: ALICE.accessKeyId,
        secretAccessKey: ALICE.secretAccessKey,
        mfa: { serialNumber: ALICE.mfaSerial, totpSecret: ALICE.totpSecret },
      },
    ],
    roles: [
      // 12h maximum so tests can ask for --duration 2h.
      { arn: ROLE.developer, trust: [ALICE.arn], maxSessionDuration: 43_200 },
      { arn: ROLE.admin, trust: [ROLE.developer] },
      { arn: ROLE.mfa, trust: [ALICE.arn], requireMfa: true },
      { arn: ROLE.ext, trust: [ALICE.arn], externalId: EXTERNAL_ID },
      { arn: ROLE.short, trust: [ALICE.arn], maxSessionDuration: 3600 },
    ],
    sso: { organisations: [{ startUrl: SSO.startUrl, accounts: SSO.accounts.map((account) => ({ ...account, roles: [...account.roles] })) }] },
  };
}

/** The seeded config. Comments and blank lines on purpose: edits must leave them alone. */
export const CONFIG = `# Team AWS config (managed by hand)
[default]
region = eu-west-1
output = json

# Day-to-day role
[profile dev]
role_arn = ${ROLE.developer}
source_profile = default
role_session_name = alice-dev

# Chained: default -> Developer -> Admin
[profile admin]
role_arn = ${ROLE.admin}
source_profile = dev
role_session_name = alice-admin

[profile mfa]
role_arn = ${ROLE.mfa}
source_profile = default
mfa_serial = ${ALICE.mfaSerial}

[profile ext]
role_arn = ${ROLE.ext}
source_profile = default
external_id = ${EXTERNAL_ID}

[profile short]
role_arn = ${ROLE.short}
source_profile = default
region = ap-southeast-2
`;

export const CREDENTIALS = `# alice's long-term keys
[default]
aws_access_key_id = ${ALICE.accessKeyId}
aws_secret_access_key = ${ALICE.secretAccessKey}
`;

export interface TestEmulator {
  emulator: StsEmulator;
  url: string;
  alice: UserInfo;
  close: () => Promise<void>;
}

export async function startTestEmulator(options: StsEmulatorOptions = {}): Promise<TestEmulator> {
  const state = emulatorState();
  const emulator = await startStsEmulator(options);
  const alice = emulator.addUser(state.users[0]!);
  for (const role of state.roles) emulator.addRole(role);
  for (const organisation of state.sso.organisations) emulator.sso.addOrganisation(organisation.startUrl, organisation.accounts);
  return { emulator, url: emulator.url, alice, close: () => emulator.close() };
}

export interface SeededHome {
  home: string;
  /** cleanEnv(home, { AWS_ENDPOINT_URL_STS: url }) */
  env: NodeJS.ProcessEnv;
  config: string;
  credentials: string;
}

/** Writes ~/.aws/config and ~/.aws/credentials (0600, in a 0700 ~/.aws) for the fixed organisation. */
export async function seedHome(
  home: string,
  url: string,
  files: { config?: string; credentials?: string } = {},
  extraEnv: Record<string, string | undefined> = {},
): Promise<SeededHome> {
  const dir = join(home, '.aws');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');
  await writeFile(config, files.config ?? CONFIG, { mode: 0o600 });
  await writeFile(credentials, files.credentials ?? CREDENTIALS, { mode: 0o600 });
  return { home, env: cleanEnv(home, { AWS_ENDPOINT_URL_STS: url, ...extraEnv }), config, credentials };
}
