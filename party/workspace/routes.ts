/** The workspace room's HTTP routes, by method and first path segment. */
export type Route = 'GET widget' | 'POST conversations' | 'POST offline' | 'POST identify' | 'GET records' | 'POST session' | 'POST setup' | 'POST internal' | 'POST email' | 'GET email';

const ROUTES: ReadonlySet<string> = new Set<Route>(['GET widget', 'POST conversations', 'POST offline', 'POST identify', 'GET records', 'POST session', 'POST setup', 'POST internal', 'POST email', 'GET email']);

/**
 * Public calls arrive as `/parties/workspace/<id>/<route>[/<arg>]`, room-to-room calls through a stub as
 * `/<route>`. Answers the route (null when unknown) and its argument (the widget's playbook id).
 */
export function routeOf(method: string, url: string): { route: Route | null; arg: string } {
  const parts = new URL(url).pathname.split('/').filter(Boolean);
  const path = parts[0] === 'parties' ? parts.slice(3) : parts;
  const route = `${method} ${path[0] ?? ''}`;
  return { route: ROUTES.has(route) ? (route as Route) : null, arg: decodeURIComponentSafe(path[1] ?? '') };
}

function decodeURIComponentSafe(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
