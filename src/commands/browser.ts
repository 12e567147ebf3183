
/** The system's URL opener, or undefined where none can show a page (a Linux session without a display). */
export function browserOpener(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { command: string; args: string[] } | undefined {
  if (platform === 'darwin') return { command: 'open', args: [] };
  // `start` would read `&` in the URL as a command separator; the URL protocol handler takes it whole.
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler'] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return { command: 'xdg-open', args: [] };
}

/** How long to wait for the opener's verdict; one still running after it is taken to have opened the page. */
const OPENER_WAIT_MS = 5_000;

/**
 * Opens `url` in the browser; false when it could not (no opener, the opener failed). The URL is an argument of the
 * opener process, visible to the user's other processes while it runs: the one place it goes (docs/security.md).
 */
export async function openInBrowser(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const opener = browserOpener(platform, env);
  if (!opener) return false;
  // Loaded here: node:child_process costs every command ~6 ms to load, and only this one needs it.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(opener.command, [...opener.args, url], { env, stdio: 'ignore', detached: platform !== 'win32' });
    const timer = setTimeout(() => {
      child.unref();
      resolve(true);
    }, OPENER_WAIT_MS);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
