import * as v from 'valibot';
import { atMost, name, ServerId, str } from './bounds';
import { Email, Phone } from './details';
import { says } from './problems';
import { DetailLimits, isSafeName } from './text-checks';

/*
 * Who the visitor says they are (the site's `Baton('identify', …)`), and whether the site vouched for it with
 * `userHash = HMAC-SHA256(identity secret, id)` (hex). Everything here comes from a web page: bounded, checked.
 */

/** Longest user id a site may pass (its own account id, e-mail, uuid…). */
export const USER_ID_MAX = 200;
/** The anonymous visitor id the widget keeps in the browser's storage, per workspace. */
export const VisitorId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/, says({ code: 'invalid-value' })));
export const UserId = v.pipe(v.string(), v.trim(), v.minLength(1, says({ code: 'required' })), v.maxLength(USER_ID_MAX, atMost(USER_ID_MAX)), v.check(isSafeName, says({ code: 'name-chars' })));
/** HMAC-SHA256 in hex: 64 hex digits (either case). */
export const UserHash = v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{64}$/, says({ code: 'user-hash' })));

/** What `Baton('identify', …)` passes: every field optional; `userHash` needs `id`. */
export const Identity = v.strictObject({
  id: v.optional(UserId),
  name: v.optional(name(DetailLimits.name)),
  email: v.optional(Email),
  phone: v.optional(Phone),
  company: v.optional(name(DetailLimits.orgName)),
  userHash: v.optional(UserHash),
});
export type Identity = v.InferOutput<typeof Identity>;

/**
 * What a conversation keeps of its visitor's identify and shows agents. `verified`: the site's hash matched, so
 * `id` is the site's account and the fields fill the details; otherwise everything is the visitor's own claim.
 */
export const VisitorIdentity = v.strictObject({
  verified: v.boolean(),
  id: v.optional(str(USER_ID_MAX)),
  name: v.optional(name(DetailLimits.name)),
  email: v.optional(str(DetailLimits.email)),
  phone: v.optional(str(DetailLimits.phone)),
  company: v.optional(name(DetailLimits.orgName)),
});
export type VisitorIdentity = v.InferOutput<typeof VisitorIdentity>;

// POST /parties/workspace/<ws>/identify   IdentifyRequest → IdentifyResult (the widget, with the chat's visitor token)
export const IdentifyRequest = v.strictObject({
  conversationId: ServerId,
  visitorToken: str(2_000),
  identity: Identity,
});
export type IdentifyRequest = v.InferOutput<typeof IdentifyRequest>;
export const IdentifyResult = v.strictObject({ ok: v.literal(true), verified: v.boolean() });
export type IdentifyResult = v.InferOutput<typeof IdentifyResult>;

/** The workspace's identity verification settings, as admins see them (`identity` frame). */
export const IdentitySettings = v.strictObject({
  /** The HMAC key sites sign their user ids with: 64 hex digits (32 random bytes). Admins only. */
  secret: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  /** Identify calls without a valid `userHash` are refused. */
  requireVerification: v.boolean(),
});
export type IdentitySettings = v.InferOutput<typeof IdentitySettings>;
