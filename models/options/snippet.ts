/** The origin the widget is served from, from what an admin types in `Server` ("127.0.0.1:1999", "https://x.partykit.dev/"). */
export function serverOrigin(input: string): string {
  const raw = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `${isLocal(raw) ? 'http' : 'https'}://${raw}`;
  const url = new URL(withScheme); // throws TypeError on nonsense; callers validate first
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`Unsupported scheme ${url.protocol}`);
  return url.origin;
}

const isLocal = (hostPort: string) => /^(localhost|127\.|\[::1\]|0\.0\.0\.0)/i.test(hostPort);

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The `Baton` queue: calls made before widget.js has arrived wait in `Baton.q`, and the chat bundle replays them
 * (the JavaScript API, README "The JavaScript API"). It must come before the widget's script tag.
 */
export const BATON_QUEUE_LINE = '<script>window.Baton=window.Baton||function(){(Baton.q=Baton.q||[]).push(arguments)}</script>';

/** What a site owner pastes into their page: the `Baton` queue line, then the widget's script tag. */
export function widgetSnippet(server: string, workspaceId: string, playbookId: string): string {
  const origin = serverOrigin(server);
  return `${BATON_QUEUE_LINE}\n<script async src="${attr(origin)}/widget.js" data-workspace="${attr(workspaceId)}" data-playbook="${attr(playbookId)}"></script>`;
}
