// What the emulator's IAM Identity Center knows: one organisation per start URL (the accounts and the roles a person
// is assigned in each), the access tokens issued for it, and the throttle on the portal API. Credentials from
// GetRoleCredentials become ordinary sessions of EmulatorState, so STS accepts them like any others.
import { createHash, randomBytes } from 'node:crypto';
import type { EmulatorState, Role, Session } from './state.js';

export interface SsoAccountConfig {
  accountId: string;
  accountName: string;
  /** Default: `aws+ACCOUNTID@example.com`. */
  emailAddress?: string;
  /** Role (permission set) names assigned to the person in this account. */
  roles: string[];
}

export interface SsoAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  roles: string[];
}

export interface SsoOrganisation {
  startUrl: string;
  /** The person who logs in: the session name of the credentials, as in AWS's `assumed-role/AWSReservedSSO_…/USER`. */
  userName: string;
  /** In the order added: ListAccounts pages through it. */
  accounts: SsoAccount[];
  byId: Map<string, SsoAccount>;
  /** Lifetime of GetRoleCredentials credentials (a permission set's session duration). */
  sessionDurationSeconds: number;
}

export interface SsoAccessToken {
  startUrl: string;
  expiresAt: Date;
}

/**
 * The throttle on the portal API (ListAccounts, ListAccountRoles, GetRoleCredentials): the next `next` calls fail
 * with 429, and/or at most `ratePerSecond` calls a second succeed (a token bucket of one second's worth, on the wall
 * clock: clients back off in real time even when a test moves the emulator's clock).
 */
export interface SsoThrottle {
  next?: number;
  ratePerSecond?: number;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** `count` accounts (000000000001…) with the same roles in each, cheap enough for 1,000 × 3 in a test. */
export function generateSsoAccounts(count: number, roles: readonly string[] = ['AdministratorAccess', 'ReadOnly', 'Billing']): SsoAccountConfig[] {
  const accounts: SsoAccountConfig[] = [];
  for (let i = 1; i <= count; i++) {
    const accountId = String(i).padStart(12, '0');
    accounts.push({ accountId, accountName: `account-${String(i).padStart(4, '0')}`, roles: [...roles] });
  }
  return accounts;
}

export class SsoState {
  readonly organisations = new Map<string, SsoOrganisation>();
  readonly tokens = new Map<string, SsoAccessToken>();
  private throttleNext = 0;
  private ratePerSecond: number | undefined;
  private bucket = 0;
  private bucketAt = 0;

  constructor(private readonly sts: EmulatorState) {}

  addOrganisation(startUrl: string, accounts: readonly SsoAccountConfig[], options: { userName?: string; sessionDurationSeconds?: number } = {}): SsoOrganisation {
    const organisation: SsoOrganisation = {
      startUrl,
      userName: options.userName ?? 'sso-user@example.com',
      accounts: [],
      byId: new Map(),
      sessionDurationSeconds: options.sessionDurationSeconds ?? 3600,
    };
    for (const config of accounts) {
      if (!ACCOUNT_ID.test(config.accountId)) throw new Error(`account id must be 12 digits: ${config.accountId}`);
      if (organisation.byId.has(config.accountId)) throw new Error(`account ${config.accountId} listed twice`);
      for (const role of config.roles) if (!ROLE_NAME.test(role)) throw new Error(`invalid role name: ${role}`);
      const account: SsoAccount = {
        accountId: config.accountId,
        accountName: config.accountName,
        emailAddress: config.emailAddress ?? `aws+${config.accountId}@example.com`,
        roles: [...config.roles],
      };
      organisation.accounts.push(account);
      organisation.byId.set(account.accountId, account);
    }
    this.organisations.set(startUrl, organisation);
    return organisation;
  }

  /** A bearer token for the portal API, as CreateToken would give after a login. */
  issueAccessToken(startUrl: string, expiresAt: Date): string {
    if (!this.organisations.has(startUrl)) throw new Error(`no organisation for start URL ${startUrl}`);
    const token = `aoa${randomBytes(48).toString('base64url')}`;
    this.tokens.set(token, { startUrl, expiresAt });
    return token;
  }

  /** The organisation a live token belongs to; undefined for an unknown or expired token. */
  organisationOf(token: string | undefined, now: Date): SsoOrganisation | undefined {
    const entry = token === undefined ? undefined : this.tokens.get(token);
    if (!entry || entry.expiresAt.getTime() <= now.getTime()) return undefined;
    return this.organisations.get(entry.startUrl);
  }

  revokeToken(token: string): void {
    this.tokens.delete(token);
  }

  setThrottle(throttle: SsoThrottle | number): void {
    const settings = typeof throttle === 'number' ? { next: throttle } : throttle;
    this.throttleNext = settings.next ?? 0;
    this.ratePerSecond = settings.ratePerSecond && settings.ratePerSecond > 0 ? settings.ratePerSecond : undefined;
    this.bucket = this.ratePerSecond ?? 0;
    this.bucketAt = Date.now();
  }

  /** Whether this call is refused with 429; consumes one unit of the throttle. */
  throttled(): boolean {
    if (this.throttleNext > 0) {
      this.throttleNext--;
      return true;
    }
    if (this.ratePerSecond === undefined) return false;
    const at = Date.now();
    this.bucket = Math.min(this.ratePerSecond, this.bucket + ((at - this.bucketAt) / 1000) * this.ratePerSecond);
    this.bucketAt = at;
    if (this.bucket < 1) return true;
    this.bucket -= 1;
    return false;
  }

  /** Credentials for an assigned role, registered with STS as an assumed-role session of the role's reserved IAM role. */
  roleCredentials(organisation: SsoOrganisation, account: SsoAccount, roleName: string, now: Date): Session {
    const role = this.reservedRole(account.accountId, roleName);
    const sessionName = organisation.userName;
    return this.sts.issueSession({
      kind: 'assumed-role',
      issuedAt: now,
      expiration: new Date(now.getTime() + organisation.sessionDurationSeconds * 1000),
      account: account.accountId,
      arn: `arn:aws:sts::${account.accountId}:assumed-role/${role.name}/${sessionName}`,
      userId: `${role.roleId}:${sessionName}`,
      user: undefined,
      role,
      sessionName,
      mfaAuthenticated: false,
      sourceIdentity: undefined,
    });
  }

  /**
   * The IAM role Identity Center creates for a permission set in an account: `AWSReservedSSO_NAME_HASH` under the
   * `aws-reserved/sso.amazonaws.com/` path. Created on first use, so a 3,000-role organisation costs nothing until
   * credentials are asked for. Other emulator roles may trust its ARN, for chaining from an SSO profile.
   */
  reservedRole(accountId: string, roleName: string): Role {
    const arn = reservedRoleArn(accountId, roleName);
    return this.sts.roles.get(arn) ?? this.sts.addRole({ arn, trust: [], maxSessionDuration: 43_200 });
  }
}

export function reservedRoleArn(accountId: string, roleName: string): string {
  const hash = createHash('sha256').update(`${accountId}/${roleName}`).digest('hex').slice(0, 16);
  const name = `AWSReservedSSO_${roleName}`.slice(0, 64 - 17);
  return `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/${name}_${hash}`;
}
