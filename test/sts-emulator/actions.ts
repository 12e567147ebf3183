// The three STS operations, with the parameter constraints and authorization
// rules AWS applies. Each returns the children of <ActionResult>, or throws
// an StsError carrying the AWS error code.
import { StsError, stsErrors } from './errors.js';
import type { Caller, EmulatorState, Role, Session, User } from './state.js';
import type { XmlNode } from './xml.js';

export type Params = ReadonlyMap<string, string>;

export interface ActionContext {
  state: EmulatorState;
  now: () => Date;
}

const NAME_PATTERN = /^[\w+=,.@-]*$/;

/** Mirrors the Coral-style "1 validation error detected" checks STS runs before anything else. */
class Validator {
  constructor(private readonly params: Params) {}

  string(
    name: string,
    field: string,
    rules: { required?: boolean; min?: number; max?: number; pattern?: RegExp; patternText?: string },
  ): string | undefined {
    const value = this.params.get(name);
    if (value === undefined) {
      if (rules.required) throw stsErrors.constraint(null, field, 'Member must not be null');
      return undefined;
    }
    if (rules.min !== undefined && value.length < rules.min) {
      throw stsErrors.constraint(value, field, `Member must have length greater than or equal to ${rules.min}`);
    }
    if (rules.max !== undefined && value.length > rules.max) {
      throw stsErrors.constraint(value, field, `Member must have length less than or equal to ${rules.max}`);
    }
    if (rules.pattern && !rules.pattern.test(value)) {
      throw stsErrors.constraint(
        value,
        field,
        `Member must satisfy regular expression pattern: ${rules.patternText ?? rules.pattern.source}`,
      );
    }
    return value;
  }

  integer(name: string, field: string, min: number, max: number): number | undefined {
    const raw = this.params.get(name);
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw)) {
      throw new StsError(400, 'MalformedInput', `Invalid value for parameter ${name}: '${raw}' is not an integer`);
    }
    const value = Number(raw);
    if (value < min) throw stsErrors.constraint(raw, field, `Member must have value greater than or equal to ${min}`);
    if (value > max) throw stsErrors.constraint(raw, field, `Member must have value less than or equal to ${max}`);
    return value;
  }
}

/** Collects `Prefix.member.N.suffix` list parameters in index order. */
export function memberList(params: Params, prefix: string, suffix?: string): string[] {
  const found: Array<[number, string]> = [];
  const re = new RegExp(`^${prefix}\\.member\\.(\\d+)${suffix ? `\\.${suffix}` : ''}$`);
  for (const [key, value] of params) {
    const m = re.exec(key);
    if (m) found.push([Number(m[1]), value]);
  }
  return found.sort(([a], [b]) => a - b).map(([, value]) => value);
}

export function tagsOf(params: Params): Record<string, string> {
  const keys = memberList(params, 'Tags', 'Key');
  const values = memberList(params, 'Tags', 'Value');
  return Object.fromEntries(keys.map((key, i) => [key, values[i] ?? '']));
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function credentialsXml(session: Session): XmlNode {
  return [
    'Credentials',
    [
      ['AccessKeyId', session.accessKeyId],
      ['SecretAccessKey', session.secretAccessKey],
      ['SessionToken', session.sessionToken],
      ['Expiration', isoSeconds(session.expiration)],
    ],
  ];
}

function trusts(role: Role, caller: Caller): boolean {
  const sessionRole = caller.session?.role;
  return role.trust.some(
    (principal) =>
      principal === '*' ||
      principal === caller.arn ||
      principal === caller.account ||
      principal === `arn:aws:iam::${caller.account}:root` ||
      (sessionRole !== undefined && principal === sessionRole.arn),
  );
}

/**
 * Checks SerialNumber/TokenCode when given. Returns whether MFA was
 * presented successfully; a wrong code is an error even when the role does
 * not require MFA, as on AWS.
 */
function checkMfa(ctx: ActionContext, caller: Caller, serialNumber: string | undefined, tokenCode: string | undefined): boolean {
  if (serialNumber === undefined && tokenCode === undefined) return false;
  if (serialNumber === undefined) throw stsErrors.unknownMfaDevice();
  if (tokenCode === undefined) return false;
  const entry = ctx.state.mfaDevice(serialNumber);
  // Only the user's own device counts; role sessions have no devices.
  if (!entry || caller.kind === 'assumed-role' || entry.user !== caller.user) throw stsErrors.unknownMfaDevice();
  if (!ctx.state.checkCode(entry.device, tokenCode, ctx.now())) throw stsErrors.invalidMfaCode();
  return true;
}

function mfaParams(v: Validator): { serialNumber: string | undefined; tokenCode: string | undefined } {
  return {
    serialNumber: v.string('SerialNumber', 'serialNumber', { min: 9, max: 256, pattern: /^[\w+=/:,.@-]*$/, patternText: '[\\w+=/:,.@-]*' }),
    tokenCode: v.string('TokenCode', 'tokenCode', { min: 6, max: 6, pattern: /^\d*$/, patternText: '[\\d]*' }),
  };
}

// STS packs session policies and tags into a compressed blob; the percentage
// only needs to be plausible and to fail for oversized input.
function packedPolicySize(policy: string | undefined, policyArns: string[], tags: Record<string, string>): number | undefined {
  const tagBytes = Object.entries(tags).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
  if (policy === undefined && policyArns.length === 0 && tagBytes === 0) return undefined;
  const policyBytes = policy === undefined ? 0 : JSON.stringify(JSON.parse(policy)).length;
  return Math.max(1, Math.ceil(((policyBytes + tagBytes) * 100) / 2048 + policyArns.length * 2));
}

export function assumeRole(ctx: ActionContext, caller: Caller, params: Params): readonly XmlNode[] {
  const v = new Validator(params);
  const roleArn = v.string('RoleArn', 'roleArn', { required: true, min: 20, max: 2048 })!;
  const sessionName = v.string('RoleSessionName', 'roleSessionName', {
    required: true,
    min: 2,
    max: 64,
    pattern: NAME_PATTERN,
    patternText: '[\\w+=,.@-]*',
  })!;
  const requestedDuration = v.integer('DurationSeconds', 'durationSeconds', 900, 43200);
  const externalId = v.string('ExternalId', 'externalId', { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*' });
  const sourceIdentity = v.string('SourceIdentity', 'sourceIdentity', { min: 2, max: 64, pattern: NAME_PATTERN, patternText: '[\\w+=,.@-]*' });
  const policy = v.string('Policy', 'policy', { min: 1, max: 2048 });
  const { serialNumber, tokenCode } = mfaParams(v);
  if (policy !== undefined) {
    try {
      JSON.parse(policy);
    } catch {
      throw new StsError(400, 'MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
    }
  }

  const role = ctx.state.roles.get(roleArn);
  // AWS cannot tell a missing role from a forbidden one without leaking, so both are AccessDenied.
  if (!role) throw stsErrors.notAuthorized(caller.arn, 'sts:AssumeRole', roleArn);
  if (role.throttleRemaining > 0) {
    role.throttleRemaining--;
    throw stsErrors.throttling();
  }
  if (!trusts(role, caller)) throw stsErrors.notAuthorized(caller.arn, 'sts:AssumeRole', roleArn);
  const mfaPresented = checkMfa(ctx, caller, serialNumber, tokenCode);
  const mfaAuthenticated = mfaPresented || (caller.session?.mfaAuthenticated ?? false);
  if (role.requireMfa && !mfaAuthenticated) throw stsErrors.notAuthorized(caller.arn, 'sts:AssumeRole', roleArn);
  if (role.externalId !== undefined && externalId !== role.externalId) {
    throw stsErrors.notAuthorized(caller.arn, 'sts:AssumeRole', roleArn);
  }

  const duration = requestedDuration ?? 3600;
  // Session credentials (role chaining, or GetSessionToken keys) may only assume a role for an hour.
  if ((caller.kind === 'assumed-role' || caller.kind === 'user-session') && duration > 3600) {
    throw stsErrors.validation(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (duration > role.maxSessionDuration) {
    throw stsErrors.validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }

  const policyArns = memberList(params, 'PolicyArns', 'arn');
  const packed = packedPolicySize(policy, policyArns, tagsOf(params));
  if (packed !== undefined && packed > 100) throw stsErrors.packedPolicyTooLarge(packed);

  const issuedAt = ctx.now();
  const session = ctx.state.issueSession({
    kind: 'assumed-role',
    issuedAt,
    expiration: new Date(issuedAt.getTime() + duration * 1000),
    account: role.account,
    // The path of the role is dropped from session ARNs, as on AWS.
    arn: `arn:aws:sts::${role.account}:assumed-role/${role.name}/${sessionName}`,
    userId: `${role.roleId}:${sessionName}`,
    user: caller.user,
    role,
    sessionName,
    mfaAuthenticated,
    // A source identity, once set, follows the session through role chaining.
    sourceIdentity: caller.session?.sourceIdentity ?? sourceIdentity,
  });
  const result: XmlNode[] = [];
  if (session.sourceIdentity !== undefined) result.push(['SourceIdentity', session.sourceIdentity]);
  result.push(
    [
      'AssumedRoleUser',
      [
        ['AssumedRoleId', session.userId],
        ['Arn', session.arn],
      ],
    ],
    credentialsXml(session),
  );
  if (packed !== undefined) result.push(['PackedPolicySize', String(packed)]);
  return result;
}

export function getSessionToken(ctx: ActionContext, caller: Caller, params: Params): readonly XmlNode[] {
  const v = new Validator(params);
  const requestedDuration = v.integer('DurationSeconds', 'durationSeconds', 900, 129600);
  const { serialNumber, tokenCode } = mfaParams(v);
  if (caller.kind !== 'user') throw stsErrors.accessDenied('Cannot call GetSessionToken with session credentials');
  const user: User = caller.user!;
  const mfaAuthenticated = checkMfa(ctx, caller, serialNumber, tokenCode);
  const issuedAt = ctx.now();
  const session = ctx.state.issueSession({
    kind: 'user-session',
    issuedAt,
    expiration: new Date(issuedAt.getTime() + (requestedDuration ?? 43200) * 1000),
    account: user.account,
    arn: user.arn,
    userId: user.userId,
    user,
    role: undefined,
    sessionName: undefined,
    mfaAuthenticated,
    sourceIdentity: undefined,
  });
  return [credentialsXml(session)];
}

export function getCallerIdentity(_ctx: ActionContext, caller: Caller): readonly XmlNode[] {
  return [
    ['UserId', caller.userId],
    ['Account', caller.account],
    ['Arn', caller.arn],
  ];
}

export type ActionHandler = (ctx: ActionContext, caller: Caller, params: Params) => readonly XmlNode[];

// A Map rather than an object literal so "constructor" and friends are not actions.
export const ACTIONS: ReadonlyMap<string, ActionHandler> = new Map<string, ActionHandler>([
  ['AssumeRole', assumeRole],
  ['GetSessionToken', getSessionToken],
  ['GetCallerIdentity', getCallerIdentity],
]);
