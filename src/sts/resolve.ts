import type { AwsFilePaths } from '../files/paths.js';
import { AwsprofError } from '../errors.js';
import { translateStsError } from './errors.js';

/** Resolves a profile to keys with the SDK's own fromIni (roles, SSO, credential_process), for `use --env`. */
export async function resolveProfileCredentials(profile: string, paths: AwsFilePaths) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { fromIni } = await import('@aws-sdk/credential-providers');
  const { promptForMfaCode } = await import('../commands/terminal.js');
  try {
    const identity = await fromIni({
      profile,
      filepath: paths.credentials,
      configFilepath: paths.config,
      ignoreCache: true,
      mfaCodeProvider: (serial) => promptForMfaCode(serial, profile),
    })();
    return {
      accessKeyId: identity.accessKeyId,
      secretAccessKey: identity.secretAccessKey,
      sessionToken: identity.sessionToken,
      expiration: identity.expiration,
    };
  } catch (error) {
    if (error instanceof AwsprofError) throw error;
    throw translateStsError(error, { sourceProfile: profile });
  }
}
