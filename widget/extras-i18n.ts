/**
 * Texts of the on-demand chunk (rating, "Email me this chat"): they travel with it, not in the chat bundle.
 * The email field's errors are the contact form's (the chat bundle's table gives them).
 */
export type ExtraStrings = {
  emailChat: string;
  yourEmail: string;
  send: string;
  cancel: string;
  close: string;
  sending: string;
  /** "Email me this chat" answered ok: to this address, or to the one the chat already has (not known here). */
  sentTo: (email: string) => string;
  sentKnown: string;
  /** The room's problem codes: `email-needed`, `transcript-limit`, `email-off`; anything else (offline…): `failed`. */
  needEmail: string;
  limit: string;
  off: string;
  failed: string;
  rate: string;
  /** The five options, 1 (worst) to 5, and each one's accessible name. */
  scores: readonly [string, string, string, string, string];
  score: (n: number, text: string) => string;
  comment: string;
  skip: string;
  pickScore: string;
  thanks: string;
  rateFailed: string;
};

const en: ExtraStrings = {
  emailChat: 'Email me this chat',
  yourEmail: 'Your email',
  send: 'Send',
  cancel: 'Cancel',
  close: 'Close',
  sending: 'Sending…',
  sentTo: (email) => `Sent. A copy of this chat is on its way to ${email}.`,
  sentKnown: 'Sent. A copy of this chat is on its way to your email.',
  needEmail: 'Enter your email address and we will send you this chat.',
  limit: 'You have reached the limit for emailing this chat. Please try again later.',
  off: 'Sorry, this chat cannot be sent by email here.',
  failed: 'It could not be sent right now. Try again.',
  rate: 'Rate this chat',
  scores: ['Very poor', 'Poor', 'Okay', 'Good', 'Excellent'],
  score: (n, text) => `${text}, ${n} of 5`,
  comment: 'Comment (optional)',
  skip: 'Skip',
  pickScore: 'Choose a rating first',
  thanks: 'Thank you for your rating!',
  rateFailed: 'Your rating could not be sent. Try again.',
};

const fr: ExtraStrings = {
  emailChat: 'Recevoir cette conversation par e-mail',
  yourEmail: 'Votre e-mail',
  send: 'Envoyer',
  cancel: 'Annuler',
  close: 'Fermer',
  sending: 'Envoi…',
  sentTo: (email) => `Envoyé. Une copie de cette conversation part vers ${email}.`,
  sentKnown: 'Envoyé. Une copie de cette conversation part vers votre e-mail.',
  needEmail: 'Saisissez votre adresse e-mail pour recevoir cette conversation.',
  limit: "Vous avez atteint la limite d'envois de cette conversation. Réessayez plus tard.",
  off: "Désolés, cette conversation ne peut pas être envoyée par e-mail ici.",
  failed: "L'envoi n'a pas pu se faire pour le moment. Réessayez.",
  rate: 'Notez cette conversation',
  scores: ['Très mauvais', 'Mauvais', 'Correct', 'Bien', 'Excellent'],
  score: (n, text) => `${text}, ${n} sur 5`,
  comment: 'Commentaire (facultatif)',
  skip: 'Passer',
  pickScore: "Choisissez d'abord une note",
  thanks: 'Merci pour votre note !',
  rateFailed: "Votre note n'a pas pu être envoyée. Réessayez.",
};

export const extraStrings = (lang: string): ExtraStrings => (lang === 'fr' ? fr : en);

/** What the visitor is told about the room's answer to "Email me this chat" (problem code first, then error code). */
export function transcriptText(answer: { code: string; problem?: string | undefined }, s: ExtraStrings): string {
  const code = answer.problem ?? answer.code;
  return code === 'email-needed' ? s.needEmail : code === 'transcript-limit' || code === 'rate-limited' ? s.limit : code === 'email-off' ? s.off : s.failed;
}
