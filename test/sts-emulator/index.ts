export { startStsEmulator } from './server.js';
export type {
  AnswerOverride,
  RequestLogEntry,
  RoleInfo,
  SessionInfo,
  StsEmulator,
  StsEmulatorOptions,
  UserInfo,
} from './server.js';
export type { MfaConfig, RoleConfig, UserConfig } from './state.js';
export { StsError, stsErrors } from './errors.js';
export { signRequest, toAmzDate } from './sigv4.js';
export type { RawRequest, SignOptions } from './sigv4.js';
export { totp, verifyTotp, generateTotpSecret } from './totp.js';
export type { SsoEmulator } from './sso.js';
export type { OidcSettings } from './sso-oidc.js';
export { generateSsoAccounts, reservedRoleArn } from './sso-state.js';
export type { SsoAccountConfig, SsoThrottle } from './sso-state.js';
