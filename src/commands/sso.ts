/**
 * `awsprof sso …`: IAM Identity Center (#9). A command group: each subcommand is a DefinedCommand whose spec.name is
 * its own word, listed in `subcommands` below (yargs shows them under `awsprof sso --help`; the fast path runs them
 * as `sso login` and so on). The command bodies load on demand, so this module costs nothing to `awsprof list`.
 */
import { UsageError } from '../errors.js';
import { createContext } from './context.js';
import type { DefinedCommand } from './spec.js';

export const ssoAdd: DefinedCommand = {
  spec: {
    name: 'add',
    positionals: ['<name>'],
    positionalHelp: { name: 'The sso-session name (letters, digits, _ . @ + = , : -)' },
    options: {
      'start-url': { type: 'string', describe: 'The AWS access portal URL, https://…/start (http only for 127.0.0.1 and localhost)' },
      region: { type: 'string', describe: 'The region of IAM Identity Center, e.g. eu-west-1' },
      scopes: { type: 'string', describe: 'Registration scopes, comma-separated', default: 'sso:account:access' },
    },
  },
  describe: 'Add or update an [sso-session NAME] section in the config',
  examples: [['$0 sso add work --start-url https://my-org.awsapps.com/start --region eu-west-1', '']],
  execute: async (args) => {
    const { runSsoAdd } = await import('./sso-add.js');
    if (args['start-url'] === undefined) throw new UsageError('sso add: --start-url is required', { hint: 'e.g. --start-url https://my-org.awsapps.com/start' });
    if (args.region === undefined) throw new UsageError('sso add: --region is required', { hint: 'the region of IAM Identity Center, e.g. --region eu-west-1' });
    await runSsoAdd(
      { name: String(args.name), startUrl: String(args['start-url']), region: String(args.region), scopes: String(args.scopes ?? 'sso:account:access') },
      createContext(args),
    );
    return 0;
  },
};

export const ssoLogin: DefinedCommand = {
  spec: {
    name: 'login',
    positionals: ['[session]'],
    positionalHelp: { session: "The sso-session (default: AWS_PROFILE's, or the only one)" },
    options: {
      browser: { type: 'boolean', default: true, describe: 'Open the verification page in a browser when there is a display (--no-browser: print it only)' },
      force: { type: 'boolean', default: false, describe: 'Log in again in the browser even when the saved login can be refreshed' },
    },
  },
  describe: 'Log in to IAM Identity Center and save the token where the AWS CLI and SDKs read it',
  examples: [
    ['$0 sso login', 'the only sso-session, or the one of AWS_PROFILE'],
    ['$0 sso login work --no-browser', 'print the URL and code only'],
  ],
  execute: async (args) => {
    const { runSsoLogin } = await import('./sso-login.js');
    await runSsoLogin({ session: args.session as string | undefined, browser: args.browser !== false, force: args.force === true }, createContext(args));
    return 0;
  },
};

export const ssoSync: DefinedCommand = {
  spec: {
    name: 'sync',
    positionals: ['[session]'],
    positionalHelp: { session: "The sso-session (default: AWS_PROFILE's, or the only one)" },
    options: {
      name: { type: 'string', describe: 'Profile name template: {account_name}, {account_id}, {role_name}, {session} (default {account_name}-{role_name})' },
      region: { type: 'string', describe: "region of the profiles (default: the session's sso_region; given, it also replaces a region set by hand)" },
      prune: { type: 'boolean', describe: 'Remove profiles an earlier sync of this session wrote whose account or role is gone' },
      'dry-run': { type: 'boolean', describe: 'Print the change as a diff; write nothing' },
      lowercase: { type: 'boolean', describe: 'Lowercase the generated names' },
    },
  },
  describe: 'Write one profile per account and role the login can use (one write; never touches profiles it did not generate)',
  examples: [
    ['$0 sso sync work', ''],
    ["$0 sso sync work --name '{account_name}.{role_name}' --prune --dry-run", ''],
  ],
  execute: async (args) => {
    const { runSsoSync } = await import('./sso-sync.js');
    await runSsoSync(
      {
        session: args.session as string | undefined,
        name: args.name as string | undefined,
        region: args.region as string | undefined,
        prune: args.prune === true,
        dryRun: args['dry-run'] === true,
        lowercase: args.lowercase === true,
      },
      createContext(args),
    );
    return 0;
  },
};

/** Register a new `awsprof sso WORD` by adding its DefinedCommand here. */
const SSO_SUBCOMMANDS: readonly DefinedCommand[] = [
  ssoAdd,
  ssoLogin,
  ssoSync,
];

export const sso: DefinedCommand = {
  spec: { name: 'sso', positionals: [], options: {} },
  describe: `IAM Identity Center (SSO): ${SSO_SUBCOMMANDS.map((command) => `sso ${command.spec.name}`).join(', ')}`,
  subcommands: SSO_SUBCOMMANDS,
  execute: async () => {
    throw new UsageError(`name an sso command: ${SSO_SUBCOMMANDS.map((command) => command.spec.name).join(', ')}`, { hint: 'see awsprof sso --help' });
  },
};
