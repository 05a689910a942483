// A static demo site for the widget: a fictional company's pages with the snippet, served by node:http.
// `{{SERVER}}`, `{{WORKSPACE}}` and `{{PLAYBOOK}}` in the HTML are replaced on the fly.
// strict.html is sent with a strict Content-Security-Policy header: only the Baton server may run
// scripts and take connections, and no inline script or style is allowed.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..', 'demo');
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** The CSP a host page needs for the widget: script-src and connect-src for the Baton server. */
export function strictCsp(serverUrl) {
  const ws = serverUrl.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    `script-src ${serverUrl}`,
    `connect-src ${serverUrl} ${ws}`,
    "style-src 'self'",
    "img-src 'self' https: data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The signed-in user of account.html. */
export const DEMO_USER_ID = 'demo-ada';

/**
 * What the site's server does for Baton's identity verification: HMAC-SHA256(identity secret, user id), hex.
 * @param {string} secret
 * @param {string} userId
 */
export const userHashOf = (secret, userId) => createHmac('sha256', secret).update(userId).digest('hex');

/**
 * `identitySecret` (the workspace's, which only the site's server may know) signs account.html's user; without
 * it the page identifies the user as their own claim (no hash).
 * @param {{ port?: number, host?: string, serverUrl: string, workspace: string, playbook: string, identitySecret?: () => Promise<string | undefined> }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveDemoSite({ port = 0, host = '127.0.0.1', serverUrl, workspace, playbook, identitySecret }) {
  const server = serverUrl.replace(/\/+$/, '');
  const fill = async (text) => {
    let out = text.replaceAll('{{SERVER}}', server).replaceAll('{{WORKSPACE}}', workspace).replaceAll('{{PLAYBOOK}}', playbook);
    if (out.includes('{{USER_HASH}}')) {
      const secret = await identitySecret?.().catch(() => undefined);
      out = out.replaceAll('{{USER_ID}}', DEMO_USER_ID).replaceAll('{{USER_HASH}}', secret ? userHashOf(secret, DEMO_USER_ID) : '');
    }
    return out;
  };
  const http = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(DEMO, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(DEMO + '/') || req.method !== 'GET') {
      res.writeHead(404).end('Not found');
      return;
    }
    try {
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const body = type.startsWith('text/html') ? await fill(await readFile(file, 'utf8')) : await readFile(file);
      const headers = { 'content-type': type, 'cache-control': 'no-store' };
      if (file.endsWith('strict.html')) headers['content-security-policy'] = strictCsp(server);
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('Not found');
    }
  });
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  const address = http.address();
  return {
    url: `http://${host}:${typeof address === 'object' && address ? address.port : port}`,
    close: () => new Promise((resolve) => { http.closeAllConnections(); http.close(() => resolve()); }),
  };
}

// `node scripts/demo-site.mjs <serverUrl> <workspace> <playbook> [port]` serves it on its own.
// (Compared by file name too: bundled into another script, import.meta.url would be that script's.)
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && /demo-site\.mjs$/.test(process.argv[1])) {
  const [serverUrl = 'http://127.0.0.1:1999', workspace = 'demo', playbook = 'live-chat', port = '8080'] = process.argv.slice(2);
  const site = await serveDemoSite({ port: Number(port), serverUrl, workspace, playbook });
  console.log(`Demo site: ${site.url}/  (strict CSP: ${site.url}/strict.html)`);
}
