import { CrmError } from './adapter';
import { retryAfterMs } from './retry';

export type CallOptions = { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string; timeoutMs: number; label: string };

/**
 * One HTTP call to a CRM with a timeout. Answers the parsed JSON body of a 2xx; otherwise throws a
 * CrmError saying whether to retry. Messages name the call (`label`), never the URL or headers, so no
 * token can reach a log or an agent.
 */
export async function callCrm(o: CallOptions): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(o.url, { method: o.method, headers: o.headers, body: o.body, signal: AbortSignal.timeout(o.timeoutMs) });
  } catch (err) {
    const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new CrmError(timeout ? `${o.label}: no answer within ${Math.round(o.timeoutMs / 1000)} s` : `${o.label}: could not reach the CRM`, true);
  }
  const text = await res.text().catch(() => '');
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: some proxies answer HTML on 502 */
  }
  if (res.ok) return body;
  const said = body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' ? `: ${body.error.slice(0, 200)}` : '';
  if (res.status === 429) throw new CrmError(`${o.label}: rate limited by the CRM`, true, retryAfterMs(res.headers));
  if (res.status >= 500) throw new CrmError(`${o.label}: the CRM answered ${res.status}`, true, retryAfterMs(res.headers));
  if (res.status === 401) throw new CrmError(`${o.label}: the CRM refused the API token (401)`, false);
  throw new CrmError(`${o.label}: the CRM refused it (${res.status}${said})`, false);
}
