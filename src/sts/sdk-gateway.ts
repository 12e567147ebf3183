import { AwsprofError } from '../errors.js';
import { translateStsError } from './errors.js';
import type { AssumeRoleRequest, CallerIdentity, ResolvedCredentials, StsConnection, StsGateway, TemporaryCredentials } from './types.js';

/**
 * The only module that loads the AWS SDK, and only when a command calls it: `use` (but for --env), `list`, `get` and
 * `set` never do.
 * Source credentials come from the SDK's own providers (fromIni and friends), so static keys, role chains,
 * credential_process, SSO and web identity all work exactly as in every other SDK-based tool.
 */
const CONNECT_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;

async function loadSdk() {
  // The SDK warns on stderr about future Node versions on every run; awsprof's stderr is for awsprof's messages.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [sts, providers] = await Promise.all([import('@aws-sdk/client-sts'), import('@aws-sdk/credential-providers')]);
  return { sts, providers };
}

type Sdk = Awaited<ReturnType<typeof loadSdk>>;
type AwsCredentialIdentityProvider = ReturnType<Sdk['providers']['fromIni']>;

function clientConfig(connection: StsConnection) {
  return {
    region: connection.region,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  };
}

function profileProvider(sdk: Sdk, profile: string, connection: StsConnection): AwsCredentialIdentityProvider {
  return sdk.providers.fromIni({
    profile,
    filepath: connection.paths.credentials,
    configFilepath: connection.paths.config,
    ignoreCache: true,
    mfaCodeProvider: connection.mfaCodeProvider,
    // Role chains in the source resolve through the same endpoint and region as our own call.
    clientConfig: clientConfig(connection),
  });
}

function sourceProvider(sdk: Sdk, request: AssumeRoleRequest, connection: StsConnection): AwsCredentialIdentityProvider {
  const source = request.source;
  if (source.kind === 'profile') return profileProvider(sdk, source.profile, connection);
  switch (source.value) {
    case 'Environment':
      return sdk.providers.fromEnv();
    case 'Ec2InstanceMetadata':
      return sdk.providers.fromInstanceMetadata({ timeout: 1000, maxRetries: 1 });
    case 'EcsContainer':
      return sdk.providers.fromContainerMetadata({ timeout: 1000, maxRetries: 1 });
    default:
      throw translateStsError(
        { name: 'CredentialsProviderError', message: `unsupported credential_source ${source.value} (use Environment, Ec2InstanceMetadata or EcsContainer)` },
        { sourceProfile: source.profile },
      );
  }
}

export const sdkStsGateway: StsGateway = {
  async assumeRole(request: AssumeRoleRequest, connection: StsConnection): Promise<TemporaryCredentials> {
    const sdk = await loadSdk();
    const sourceProfile = request.source.profile;
    const client = new sdk.sts.STSClient({ ...clientConfig(connection), credentials: sourceProvider(sdk, request, connection) });
    try {
      const response = await client.send(
        new sdk.sts.AssumeRoleCommand({
          RoleArn: request.roleArn,
          RoleSessionName: request.sessionName,
          DurationSeconds: request.durationSeconds,
          SerialNumber: request.mfaSerial,
          TokenCode: request.tokenCode,
          ExternalId: request.externalId,
          PolicyArns: request.policyArns.length ? request.policyArns.map((arn) => ({ arn })) : undefined,
          Policy: request.policy,
          SourceIdentity: request.sourceIdentity,
        }),
      );
      const credentials = response.Credentials;
      if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken || !credentials.Expiration) {
        throw translateStsError({ name: 'InvalidResponse', message: 'STS returned no credentials' }, {});
      }
      return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
        expiration: credentials.Expiration,
        assumedRoleArn: response.AssumedRoleUser?.Arn ?? request.roleArn,
      };
    } catch (error) {
      // Our own errors (an MFA prompt with no terminal, say) pass through with their hints.
      if (error instanceof AwsprofError) throw error;
      throw translateStsError(error, {
        roleArn: request.roleArn,
        sourceProfile,
        sourceIsManaged: request.source.kind === 'profile' && request.source.managed === true,
        endpoint: connection.endpoint,
      });
    } finally {
      client.destroy();
    }
  },

  async getCallerIdentity({ profile, managed }: { profile: string; managed?: boolean }, connection: StsConnection): Promise<CallerIdentity> {
    const sdk = await loadSdk();
    const client = new sdk.sts.STSClient({ ...clientConfig(connection), credentials: profileProvider(sdk, profile, connection) });
    try {
      const response = await client.send(new sdk.sts.GetCallerIdentityCommand({}));
      return { account: response.Account ?? '', arn: response.Arn ?? '', userId: response.UserId ?? '' };
    } catch (error) {
      if (error instanceof AwsprofError) throw error;
      throw translateStsError(error, { sourceProfile: profile, sourceIsManaged: managed, endpoint: connection.endpoint });
    } finally {
      client.destroy();
    }
  },

  async resolveCredentials({ profile, managed }: { profile: string; managed?: boolean }, connection: StsConnection): Promise<ResolvedCredentials> {
    const sdk = await loadSdk();
    try {
      const identity = await profileProvider(sdk, profile, connection)();
      return {
        accessKeyId: identity.accessKeyId,
        secretAccessKey: identity.secretAccessKey,
        sessionToken: identity.sessionToken,
        expiration: identity.expiration,
      };
    } catch (error) {
      if (error instanceof AwsprofError) throw error;
      throw translateStsError(error, { sourceProfile: profile, sourceIsManaged: managed, endpoint: connection.endpoint });
    }
  },
};
