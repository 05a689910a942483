import * as v from 'valibot';
import { Id } from './playbook';
import { name, str } from './bounds';
import { AgentPublic } from './workspace';

/*
 * Onboarding (issue 17): an admin invites an agent with a one-time link instead of handing over a credential,
 * re-issues an agent's credential, and the setup key recovers a lost admin. Rules: party/workspace/invites.ts.
 */

/** How long an invite can be redeemed. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** An invite code: `inv_<inviteId>_<secret>`. The id finds the stored invite, the secret is checked by hash. */
export const INVITE_CODE = /^inv_([a-f0-9]{16})_([A-Za-z0-9_-]{24,64})$/;

/* The admin frames (InviteCreate, InvitePublic, OnboardingFrame…) live in workspace.ts, in its unions. */

// ---- HTTP ----------------------------------------------------------------------------------------

/** POST /parties/workspace/<ws>/invite: the invitee redeems the code (once). */
export const RedeemRequest = v.strictObject({ code: str(200) });
/** The credential made for the invitee: it travels only in this answer. */
export const RedeemResponse = v.strictObject({ workspace: str(200), agent: AgentPublic, credential: str(200) });
export type RedeemResponse = v.InferOutput<typeof RedeemResponse>;

/**
 * POST /parties/workspace/<ws>/recover with header `x-baton-setup-key`: a new credential for an admin. The
 * agent with this email (made admin, credential re-issued), else a new admin named `name`.
 */
export const RecoverRequest = v.strictObject({ email: v.pipe(str(254), v.email()), name: v.optional(v.pipe(name(100), v.minLength(1))) });
export const RecoverResponse = v.strictObject({ agent: AgentPublic, credential: str(200), created: v.boolean() });
export type RecoverResponse = v.InferOutput<typeof RecoverResponse>;

// ---- the invite link -----------------------------------------------------------------------------

/** The page on the server an invite link opens (public/invite.html); the code rides in the fragment, which browsers never send to any server. */
export const INVITE_PAGE = '/invite.html';

export type InviteLink = { server: string; workspace: string; code: string };

/** `https://baton.example.com/invite.html#w=<workspace>&c=<code>`. */
export function inviteLink(server: string, workspace: string, code: string): string {
  return `${server.replace(/\/+$/, '')}${INVITE_PAGE}#${new URLSearchParams({ w: workspace, c: code }).toString()}`;
}

/** Reads a pasted invite link back (surrounding spaces and quotes forgiven); null when it is not one. */
export function parseInviteLink(text: string): InviteLink | null {
  let url: URL;
  try {
    url = new URL(text.trim().replace(/^[<"']+|[>"']+$/g, ''));
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.pathname !== INVITE_PAGE) return null;
  const params = new URLSearchParams(url.hash.slice(1));
  const workspace = params.get('w') ?? '';
  const code = params.get('c') ?? '';
  if (!v.is(Id, workspace) || !INVITE_CODE.test(code)) return null;
  return { server: url.origin, workspace, code };
}
