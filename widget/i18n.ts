import { OFFLINE_ASK } from '../protocol/offline-ask';
import { englishBotStrings, type BotStrings } from './interpreter';
import type { CaptureField } from './validate-field';

export type Strings = BotStrings & {
  openChat: string;
  minimize: string;
  mute: string;
  unmute: string;
  message: string;
  send: string;
  joined: (agent: string) => string;
  reassigned: (agent: string) => string;
  unassigned: string;
  typing: (name: string) => string;
  ended: string;
  closedByAgent: string;
  newChat: string;
  reconnecting: string;
  seen: string;
  sending: string;
  notSent: string;
  /** Why a message was not sent: the chat is full, or too many messages in a minute. */
  full: string;
  tooFast: string;
  /** Shown instead of a message that could not be drawn. */
  broken: string;
  retry: string;
  skip: string;
  unread: (n: number) => string;
  unavailable: string;
  placeholder: Record<CaptureField | 'chat', string>;
  /** The visitor's place in line. */
  position: (n: number) => string;
  /** Routing's pick did not reply in time: the next agent is being found. */
  noReply: string;
  /** Typing preview is on. */
  preview: string;
  /** Missed, with the visitor's email known. */
  emailYou: (email: string) => string;
  /** Outside business hours: `back(day, time)`, or closed with no opening in sight. */
  back: (day: string, time: string) => string;
  closedNow: string;
  today: string;
  tomorrow: string;
  /** The header's button for "Email me this chat" (the rest of its texts come with it, extras-i18n.ts). */
  emailChat: string;
};

const en: Strings = {
  ...englishBotStrings,
  openChat: 'Open chat',
  minimize: 'Minimize chat',
  mute: 'Mute sounds',
  unmute: 'Unmute sounds',
  message: 'Message',
  send: 'Send',
  joined: (agent) => `${agent} joined the chat`,
  reassigned: (agent) => `You're now chatting with ${agent}`,
  unassigned: 'Waiting for the next available agent…',
  typing: (name) => `${name} is typing…`,
  ended: 'The chat has ended.',
  closedByAgent: 'The agent closed the chat',
  newChat: 'Start a new chat',
  reconnecting: 'Reconnecting…',
  seen: 'Seen',
  sending: 'Sending…',
  notSent: 'Not sent',
  full: 'This chat is full. Start a new chat to write more.',
  tooFast: 'Too many messages. Wait a minute, then send it again.',
  broken: 'This item could not be shown',
  retry: 'Try again',
  skip: 'Skip',
  unread: (n) => `${n} unread`,
  unavailable: 'Chat is unavailable right now. Please try again later.',
  placeholder: { chat: 'Write a message…', text: 'Type your answer…', name: 'Your name', email: 'you@example.com', phone: '+1 555 0100', company: 'Your company' },
  position: (n) => `You are number ${n} in line`,
  noReply: 'Sorry for the wait. Finding another agent for you…',
  preview: 'The team may see what you type before you send it.',
  emailYou: (email) => `No one could answer in time. We'll email you at ${email}.`,
  back: (day, time) => `We're back ${day} at ${time}.`,
  closedNow: "We're closed right now.",
  today: 'today',
  tomorrow: 'tomorrow',
  emailChat: 'Email me this chat',
};

const fr: Strings = {
  required: 'Merci de remplir ce champ',
  email: 'Saisissez une adresse e-mail valide',
  phone: 'Saisissez un numéro de téléphone valide',
  tooLong: (max) => `${max} caractères au maximum`,
  ask: OFFLINE_ASK.fr,
  sendFailed: "Nous n'avons pas pu envoyer vos coordonnées. Veuillez réessayer.",
  openChat: 'Ouvrir le chat',
  minimize: 'Réduire le chat',
  mute: 'Couper les sons',
  unmute: 'Réactiver les sons',
  message: 'Message',
  send: 'Envoyer',
  joined: (agent) => `${agent} a rejoint la conversation`,
  reassigned: (agent) => `Vous discutez maintenant avec ${agent}`,
  unassigned: 'En attente du prochain agent disponible…',
  typing: (name) => `${name} écrit…`,
  ended: 'La conversation est terminée.',
  closedByAgent: "L'agent a clôturé la conversation",
  newChat: 'Démarrer une nouvelle conversation',
  reconnecting: 'Reconnexion…',
  seen: 'Vu',
  sending: 'Envoi…',
  notSent: 'Non envoyé',
  full: 'Cette conversation est pleine. Démarrez-en une nouvelle pour continuer.',
  tooFast: 'Trop de messages. Attendez une minute, puis renvoyez-le.',
  broken: 'Cet élément ne peut pas être affiché',
  retry: 'Réessayer',
  skip: 'Passer',
  unread: (n) => `${n} non lu${n > 1 ? 's' : ''}`,
  unavailable: 'Le chat est indisponible pour le moment. Réessayez plus tard.',
  placeholder: { chat: 'Écrivez un message…', text: 'Votre réponse…', name: 'Votre nom', email: 'vous@exemple.fr', phone: '+33 6 12 34 56 78', company: 'Votre entreprise' },
  position: (n) => `Vous êtes numéro ${n} dans la file`,
  noReply: "Désolés pour l'attente. Nous cherchons un autre agent…",
  preview: "L'équipe peut voir ce que vous écrivez avant l'envoi.",
  emailYou: (email) => `Personne n'a pu répondre à temps. Nous vous écrirons à ${email}.`,
  back: (day, time) => `Nous serons de retour ${day} à ${time}.`,
  closedNow: 'Nous sommes fermés pour le moment.',
  today: "aujourd'hui",
  tomorrow: 'demain',
  emailChat: 'Recevoir cette conversation par e-mail',
};

/** `data-lang` wins, then the browser's language; anything but French is English. */
export function pickLanguage(override: string | undefined, browser: string | undefined): 'en' | 'fr' {
  return /^fr\b/i.test(override || browser || '') ? 'fr' : 'en';
}

export const strings = (lang: 'en' | 'fr'): Strings => (lang === 'fr' ? fr : en);
