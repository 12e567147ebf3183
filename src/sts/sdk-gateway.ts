import { AwsprofError } from '../errors.js';
import { assertUsableAnswer, credentialsFromAnswer } from './answer.js';
import type { ConsoleCredentialsGateway } from './types.js';
import { translateStsError } from './errors.js';
import { answerGuardPlugin, type CallTrace, type HttpSettings, requestHandlerOptions, resolveHttpSettings, withDeadline, withQuietSdk } from './http.js';
import type { AssumeRoleRequest, CallerIdentity, ResolvedCredentials, SessionCredentials, SessionTokenRequest, StsConnection, StsGateway, TemporaryCredentials } from './types.js';

/**
 * The only module that loads the AWS SDK, and only when a command calls it: `use` (but for --env), `list`, `get` and
 * `set` never do.
 * Source credentials come from the SDK's own providers (fromIni and friends), so static keys, role chains,
 * credential_process, SSO and web identity all work exactly as in every other SDK-based tool.
 */
async function loadSdk() {
  // The SDK warns on stderr about future Node versions on every run; awsprof's stderr is for awsprof's messages.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [sts, providers] = await Promise.all([import('@aws-sdk/client-sts'), import('@aws-sdk/credential-providers')]);
  return { sts, providers };
}

type Sdk = Awaited<ReturnType<typeof loadSdk>>;
type AwsCredentialIdentityProvider = ReturnType<Sdk['providers']['fromIni']>;

/** One call to AWS: its HTTP rules, what it saw on the wire, and the MFA prompt with the deadline's clock stopped. */
interface Call {
  connection: StsConnection;
  settings: HttpSettings;
  trace: CallTrace;
  signal: AbortSignal;
  mfaCodeProvider: (serial: string) => Promise<string>;
}

function clientConfig(call: Call) {
  return {
    region: call.connection.region,
    ...(call.connection.endpoint ? { endpoint: call.connection.endpoint } : {}),
    maxAttempts: call.settings.maxAttempts,
    requestHandler: requestHandlerOptions(call.settings),
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  };
}

/** Runs one gateway operation under the HTTP rules; every failure comes out as an AwsprofError naming the endpoint. */
async function runCall<T>(connection: StsConnection, context: Parameters<typeof translateStsError>[1], work: (call: Call) => Promise<T>): Promise<T> {
  const settings = resolveHttpSettings(process.env);
  const trace: CallTrace = {};
  try {
    return await withQuietSdk(() =>
      withDeadline(settings.deadlineMs, (signal, pause) =>
        work({ connection, settings, trace, signal, mfaCodeProvider: (serial) => pause(() => connection.mfaCodeProvider(serial)) }),
      ),
    );
  } catch (error) {
    // Our own errors (an MFA prompt with no terminal, a bad answer) pass through with their hints.
    if (error instanceof AwsprofError) throw error;
    throw translateStsError(error, { ...context, endpoint: trace.endpoint ?? connection.endpoint, trace, settings });
  }
}

function newClient(sdk: Sdk, call: Call, credentials: AwsCredentialIdentityProvider) {
  const client = new sdk.sts.STSClient({ ...clientConfig(call), credentials });
  client.middlewareStack.use(answerGuardPlugin(call.trace, call.settings));
  return client;
}

function profileProvider(sdk: Sdk, profile: string, call: Call): AwsCredentialIdentityProvider {
  return sdk.providers.fromIni({
    profile,
    filepath: call.connection.paths.credentials,
    configFilepath: call.connection.paths.config,
    ignoreCache: true,
    mfaCodeProvider: call.mfaCodeProvider,
    // Role chains in the source resolve through the same endpoint and HTTP rules as our own call, and the same region
    // through the SDK's contextual client (our STS client). No region here: fromSSO would take it over the profile's
    // sso_region and ask the portal of the wrong region (#9).
    clientConfig: { ...clientConfig(call), region: undefined },
    clientPlugins: [answerGuardPlugin(call.trace, call.settings)],
  });
}

function sourceProvider(sdk: Sdk, request: AssumeRoleRequest, call: Call): AwsCredentialIdentityProvider {
  const source = request.source;
  if (source.kind === 'profile') return profileProvider(sdk, source.profile, call);
  if (source.kind === 'credentials') {
    const keys = source.credentials;
    return async () => ({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken: keys.sessionToken, expiration: keys.expiration });
  }
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
    const context = {
      roleArn: request.roleArn,
      sourceProfile: request.source.profile,
      sourceIsManaged: request.source.kind === 'profile' && request.source.managed === true,
    };
    return runCall(connection, context, async (call) => {
      const client = newClient(sdk, call, sourceProvider(sdk, request, call));
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
          { abortSignal: call.signal },
        );
        const assumedRoleArn = response.AssumedRoleUser?.Arn ?? request.roleArn;
        return { ...credentialsFromAnswer(call.trace.endpoint, response.Credentials, assumedRoleArn), assumedRoleArn };
      } finally {
        client.destroy();
      }
    });
  },

  async getSessionToken(request: SessionTokenRequest, connection: StsConnection): Promise<SessionCredentials> {
    const sdk = await loadSdk();
    return runCall(connection, { sourceProfile: request.profile }, async (call) => {
      const client = newClient(sdk, call, profileProvider(sdk, request.profile, call));
      try {
        const response = await client.send(
          new sdk.sts.GetSessionTokenCommand({ DurationSeconds: request.durationSeconds, SerialNumber: request.mfaSerial, TokenCode: request.tokenCode }),
          { abortSignal: call.signal },
        );
        return credentialsFromAnswer(call.trace.endpoint, response.Credentials);
      } finally {
        client.destroy();
      }
    });
  },

  async getCallerIdentity({ profile, managed }: { profile: string; managed?: boolean }, connection: StsConnection): Promise<CallerIdentity> {
    const sdk = await loadSdk();
    return runCall(connection, { sourceProfile: profile, sourceIsManaged: managed }, async (call) => {
      const client = newClient(sdk, call, profileProvider(sdk, profile, call));
      try {
        const response = await client.send(new sdk.sts.GetCallerIdentityCommand({}), { abortSignal: call.signal });
        const identity = { account: response.Account ?? '', arn: response.Arn ?? '', userId: response.UserId ?? '' };
        // Shown on the terminal and in --json output: the same check as for values written to a file.
        assertUsableAnswer('STS', call.trace.endpoint, { Account: identity.account || undefined, Arn: identity.arn || undefined, UserId: identity.userId || undefined });
        return identity;
      } finally {
        client.destroy();
      }
    });
  },

  async resolveCredentials({ profile, managed }: { profile: string; managed?: boolean }, connection: StsConnection): Promise<ResolvedCredentials> {
    const sdk = await loadSdk();
    return runCall(connection, { sourceProfile: profile, sourceIsManaged: managed }, async (call) => {
      const identity = await profileProvider(sdk, profile, call)();
      // Exported into the shell by `use --env`: one line each, like everything written.
      assertUsableAnswer('credentials', call.trace.endpoint ?? `profile ${profile}`, {
        AccessKeyId: identity.accessKeyId,
        SecretAccessKey: identity.secretAccessKey,
        SessionToken: identity.sessionToken,
      });
      return {
        accessKeyId: identity.accessKeyId,
        secretAccessKey: identity.secretAccessKey,
        sessionToken: identity.sessionToken,
        expiration: identity.expiration,
      };
    });
  },
};

export const sdkConsoleCredentialsGateway: ConsoleCredentialsGateway = {
  async resolveConsoleCredentials({ profile, managed }, federation, connection) {
    const sdk = await loadSdk();
    return runCall(connection, { sourceProfile: profile, sourceIsManaged: managed }, async (call) => {
      const provider = profileProvider(sdk, profile, call);
      const identity = await provider();
      if (identity.sessionToken) {
        assertUsableAnswer('credentials', call.trace.endpoint ?? `profile ${profile}`, {
          AccessKeyId: identity.accessKeyId,
          SecretAccessKey: identity.secretAccessKey,
          SessionToken: identity.sessionToken,
        });
        return { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey, sessionToken: identity.sessionToken, expiration: identity.expiration };
      }
      // Long-term keys: the federation endpoint takes temporary credentials only (aws-vault and granted do the same).
      const client = newClient(sdk, call, async () => identity);
      try {
        const response = await client.send(
          new sdk.sts.GetFederationTokenCommand({ Name: federation.name, Policy: federation.policy, DurationSeconds: federation.durationSeconds }),
          { abortSignal: call.signal },
        );
        const federatedUserArn = response.FederatedUser?.Arn;
        return { ...credentialsFromAnswer(call.trace.endpoint, response.Credentials, federatedUserArn), federatedUserArn };
      } finally {
        client.destroy();
      }
    });
  },
};
