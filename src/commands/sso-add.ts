import { setValueInText, findSectionStartOffsets } from '../ini/edit.js';
import { updateFiles } from '../files/transaction.js';
import { checkSsoSessionInput, ssoSessionHeader } from '../profiles/sso-session.js';
import { shown } from '../output.js';
import { type CommandContext, displayPath } from './context.js';
import { fileOptions } from './warnings.js';

export interface SsoAddInput {
  name: string;
  startUrl: string;
  region: string;
  /** Comma-separated, as `sso_registration_scopes` holds them. */
  scopes: string;
}

/**
 * Writes `[sso-session NAME]` with sso_start_url, sso_region and sso_registration_scopes, as `aws configure sso`
 * does; an existing section keeps its other keys and its place. Every flag is checked first: a bad one is exit 2
 * with nothing written.
 */
export async function runSsoAdd(input: SsoAddInput, context: CommandContext): Promise<void> {
  const session = checkSsoSessionInput(input);
  const header = ssoSessionHeader(session.name);
  let existed = false;
  const written = await updateFiles(
    { config: context.paths.config },
    ({ config }) => {
      existed = findSectionStartOffsets(config.text, header).length > 0;
      let text = config.text;
      text = setValueInText(text, { section: header, key: 'sso_start_url', value: session.startUrl });
      text = setValueInText(text, { section: header, key: 'sso_region', value: session.region });
      text = setValueInText(text, { section: header, key: 'sso_registration_scopes', value: session.scopes.join(',') });
      return { config: text };
    },
    fileOptions(context),
  );
  const file = displayPath(context.paths.config, context.env);
  const what = written.length === 0 ? 'is already up to date in' : existed ? 'updated in' : 'added to';
  context.out.stderr(shown`awsprof: [${header}] ${what} ${file}; next: awsprof sso login ${session.name}`);
}
