import { richTextToPlain, type Card, type ContactField, type CrmItem, type RoutingMode } from '../../protocol';

/** The page's words this summary uses (the options page's string table has them; models import no ui). */
export type SummaryWords = {
  card: { fields: Record<'text' | ContactField, string>; crm: Record<CrmItem, string> };
  liveChat: { waitTime: string; seconds: (s: number) => string; routingModes: Record<RoutingMode, string> };
};

const clip = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** One line describing a card in the list, so the admin recognises it without opening it. */
export function cardSummary(card: Card, t: SummaryWords): string {
  switch (card.type) {
    case 'message':
      return clip(richTextToPlain(card.text));
    case 'question':
      return clip(`${richTextToPlain(card.text)} [${card.buttons.map((b) => b.label).join(' | ')}]`);
    case 'capture':
      return clip(`${richTextToPlain(card.text)} → ${t.card.fields[card.field]}`);
    case 'branch':
      return clip(`${card.on}: ${card.cases.map((c) => `${c.equals} → ${c.next}`).join(', ')}${card.otherwise ? `, … → ${card.otherwise}` : ''}`);
    case 'live-chat':
      // Automatic routing is said too ("Round robin"); Manual, the seed's way, goes without saying.
      return clip(`${t.liveChat.waitTime}: ${t.liveChat.seconds(card.waitSeconds)}${card.routing && card.routing !== 'manual' ? ` · ${t.liveChat.routingModes[card.routing]}` : ''} · ${richTextToPlain(card.onlineMessage)}`);
    case 'create':
      return clip(card.items.map((i) => t.card.crm[i]).join(', '));
    case 'end':
      return clip(card.text ? richTextToPlain(card.text) : '');
    default:
      return card satisfies never;
  }
}
