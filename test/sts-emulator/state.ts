// What the emulator knows: IAM users with long-term keys, roles with trust
// settings, and every temporary credential it has issued. This is the
// stand-in for IAM; it enforces identity-level rules only (who may assume
// what), not permission policies.
import { randomBytes, randomInt } from 'node:crypto';
import { generateTotpSecret, verifyTotp, totp } from './totp.js';

export interface MfaConfig {
  /** Defaults to arn:aws:iam::ACCOUNT:mfa/USERNAME. */
  serialNumber?: string;
  /** Base32 TOTP seed. Generated when neither it nor validCodes is given. */
  totpSecret?: string;
  /** Codes accepted at any time; handy for CLI demos where nobody computes TOTP. */
  validCodes?: string[];
}

export interface UserConfig {
  name: string;
  account: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `true` means a TOTP device with a generated seed. */
  mfa?: MfaConfig | boolean;
}

export interface MfaDevice {
  serialNumber: string;
  totpSecret: string | undefined;
  validCodes: string[];
}

export interface User {
  name: string;
  account: string;
  arn: string;
  /** The unique id (AIDA...) GetCallerIdentity reports as UserId. */
  userId: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfa: MfaDevice | undefined;
}

export interface RoleConfig {
  arn: string;
  /**
   * Principals allowed to assume the role: user ARNs, role ARNs (any session
   * of that role, i.e. role chaining), assumed-role session ARNs, account
   * roots (arn:aws:iam::ACCOUNT:root, any principal of that account) or "*".
   */
  trust: string[];
  requireMfa?: boolean;
  externalId?: string;
  /** Seconds, 3600..43200. Default 3600. */
  maxSessionDuration?: number;
  /** Answer the next N AssumeRole calls for this role with Throttling. */
  throttle?: number;
}

export interface Role {
  arn: string;
  account: string;
  name: string;
  /** The unique id (AROA...) that prefixes AssumedRoleId. */
  roleId: string;
  trust: string[];
  requireMfa: boolean;
  externalId: string | undefined;
  maxSessionDuration: number;
  throttleRemaining: number;
}

/** A principal that has signed a request: a user, or a temporary session. */
export interface Caller {
  kind: 'user' | 'user-session' | 'assumed-role' | 'federated-user';
  account: string;
  arn: string;
  userId: string;
  user: User | undefined;
  session: Session | undefined;
}

export interface Session {
  kind: 'user-session' | 'assumed-role' | 'federated-user';
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  issuedAt: Date;
  expiration: Date;
  account: string;
  /** The principal the credentials act as: assumed-role ARN, or the user ARN for GetSessionToken. */
  arn: string;
  userId: string;
  user: User | undefined;
  role: Role | undefined;
  sessionName: string | undefined;
  mfaAuthenticated: boolean;
  sourceIdentity: string | undefined;
  /** An assumed role whose AssumeRole was signed with temporary credentials (role chaining). */
  chained?: boolean;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

// Same prefixes and lengths as AWS, because tools (awsprof included) tell
// long-term from temporary keys by the AKIA/ASIA prefix.
export const newAccessKeyId = (): string => `AKIA${randomFrom(KEY_ALPHABET, 16)}`;
export const newTemporaryAccessKeyId = (): string => `ASIA${randomFrom(KEY_ALPHABET, 16)}`;
export const newSecretAccessKey = (): string => randomFrom(SECRET_ALPHABET, 40);
const newUniqueId = (prefix: string): string => `${prefix}${randomFrom(KEY_ALPHABET, 17)}`;
// Real tokens are long base64 blobs containing + / and =; keeping those
// characters exercises quoting in INI files and headers.
const newSessionToken = (): string => `IQoJb3JpZ2luX2VjE${randomBytes(420).toString('base64')}`;

const ACCOUNT_RE = /^\d{12}$/;
const ROLE_ARN_RE = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

export function parseRoleArn(arn: string): { account: string; name: string } | undefined {
  const m = ROLE_ARN_RE.exec(arn);
  return m ? { account: m[1]!, name: m[2]! } : undefined;
}

export class EmulatorState {
  readonly users = new Map<string, User>(); // by name
  readonly roles = new Map<string, Role>(); // by ARN
  private readonly usersByKey = new Map<string, User>();
  private readonly sessionsByKey = new Map<string, Session>();
  private readonly mfaDevices = new Map<string, { device: MfaDevice; user: User }>();

  addUser(config: UserConfig): User {
    if (!ACCOUNT_RE.test(config.account)) throw new Error(`account must be 12 digits: ${config.account}`);
    if (!/^[\w+=,.@-]{1,64}$/.test(config.name)) throw new Error(`invalid user name: ${config.name}`);
    if (this.users.has(config.name)) throw new Error(`user ${config.name} already exists`);
    const accessKeyId = config.accessKeyId ?? newAccessKeyId();
    if (this.usersByKey.has(accessKeyId)) throw new Error(`access key ${accessKeyId} already in use`);
    const arn = `arn:aws:iam::${config.account}:user/${config.name}`;
    let mfa: MfaDevice | undefined;
    if (config.mfa) {
      const mfaConfig = config.mfa === true ? {} : config.mfa;
      const validCodes = mfaConfig.validCodes ?? [];
      mfa = {
        serialNumber: mfaConfig.serialNumber ?? `arn:aws:iam::${config.account}:mfa/${config.name}`,
        totpSecret: mfaConfig.totpSecret ?? (validCodes.length === 0 ? generateTotpSecret() : undefined),
        validCodes,
      };
      if (this.mfaDevices.has(mfa.serialNumber)) throw new Error(`MFA device ${mfa.serialNumber} already exists`);
    }
    const user: User = {
      name: config.name,
      account: config.account,
      arn,
      userId: newUniqueId('AIDA'),
      accessKeyId,
      secretAccessKey: config.secretAccessKey ?? newSecretAccessKey(),
      mfa,
    };
    this.users.set(user.name, user);
    this.usersByKey.set(accessKeyId, user);
    if (mfa) this.mfaDevices.set(mfa.serialNumber, { device: mfa, user });
    return user;
  }

  addRole(config: RoleConfig): Role {
    const parsed = parseRoleArn(config.arn);
    if (!parsed) throw new Error(`invalid role ARN: ${config.arn}`);
    const maxSessionDuration = config.maxSessionDuration ?? 3600;
    if (!Number.isInteger(maxSessionDuration) || maxSessionDuration < 3600 || maxSessionDuration > 43200) {
      throw new Error('maxSessionDuration must be an integer between 3600 and 43200');
    }
    const role: Role = {
      arn: config.arn,
      account: parsed.account,
      name: parsed.name,
      roleId: newUniqueId('AROA'),
      trust: [...config.trust],
      requireMfa: config.requireMfa ?? false,
      externalId: config.externalId,
      maxSessionDuration,
      throttleRemaining: config.throttle ?? 0,
    };
    this.roles.set(role.arn, role);
    return role;
  }

  /** The credential pair for an access key id, or undefined when unknown. */
  lookupKey(accessKeyId: string): { secretAccessKey: string; caller: Caller; sessionToken?: string; expiration?: Date } | undefined {
    const user = this.usersByKey.get(accessKeyId);
    if (user) {
      return {
        secretAccessKey: user.secretAccessKey,
        caller: { kind: 'user', account: user.account, arn: user.arn, userId: user.userId, user, session: undefined },
      };
    }
    const session = this.sessionsByKey.get(accessKeyId);
    if (session) {
      return {
        secretAccessKey: session.secretAccessKey,
        sessionToken: session.sessionToken,
        expiration: session.expiration,
        caller: {
          kind: session.kind,
          account: session.account,
          arn: session.arn,
          userId: session.userId,
          user: session.user,
          session,
        },
      };
    }
    return undefined;
  }

  issueSession(fields: Omit<Session, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>): Session {
    const session: Session = {
      ...fields,
      accessKeyId: newTemporaryAccessKeyId(),
      secretAccessKey: newSecretAccessKey(),
      sessionToken: newSessionToken(),
    };
    this.sessionsByKey.set(session.accessKeyId, session);
    return session;
  }

  /** The session an access key id belongs to (not a user's long-term key). */
  session(accessKeyId: string): Session | undefined {
    return this.sessionsByKey.get(accessKeyId);
  }

  get sessions(): Session[] {
    return [...this.sessionsByKey.values()];
  }

  mfaDevice(serialNumber: string): { device: MfaDevice; user: User } | undefined {
    return this.mfaDevices.get(serialNumber);
  }

  /** The code an authenticator app would show right now (or a fixed valid code). */
  currentCode(serialNumber: string, at: Date): string {
    const entry = this.mfaDevices.get(serialNumber);
    if (!entry) throw new Error(`no MFA device ${serialNumber}`);
    const { device } = entry;
    if (device.totpSecret !== undefined) return totp(device.totpSecret, at);
    const code = device.validCodes[0];
    if (code === undefined) throw new Error(`MFA device ${serialNumber} has no codes`);
    return code;
  }

  checkCode(device: MfaDevice, code: string, at: Date): boolean {
    if (device.validCodes.includes(code)) return true;
    return device.totpSecret !== undefined && verifyTotp(device.totpSecret, code, at);
  }
}
