// No valibot here: the widget imports this file and stays small.

/**
 * What the bot asks for each missing contact field in the offline flow, by language. The widget says these,
 * and the server knows them, so an offline transcript's bot lines can be checked too (see `botTexts`).
 */
export const OFFLINE_ASK = {
  en: { name: 'What is your name?', email: 'What is your email address?', phone: 'What is your phone number?', company: 'Which company are you with?' },
  fr: { name: 'Quel est votre nom ?', email: 'Quelle est votre adresse e-mail ?', phone: 'Quel est votre numéro de téléphone ?', company: 'Pour quelle entreprise travaillez-vous ?' },
} as const satisfies Record<string, Record<'name' | 'email' | 'phone' | 'company', string>>;
