import { useSignal } from '@preact/signals';
import type { AgentPublic, ConversationView } from '../../protocol';
import { displayName, missedAtOf } from '../../models/inbox';
import type { OpenChat } from '../../models/panel-model';
import { refusalText } from '../../models/protocol-text';
import { shortTime, texts } from '../../models/i18n';
import { BlockDialog } from './BlockDialog';
import { ConfirmDialog } from './ConfirmDialog';
import { MenuButton } from './MenuButton';
import { chatExportFile } from '../../models/chat-export';
import { downloadText } from '../download';

type Props = {
  chat: OpenChat;
  view: ConversationView;
  me: AgentPublic | null;
  agents: AgentPublic[];
  onBack: () => void;
  onNotice: (text: string) => void;
  /** Reassigns the chat (`to` an agent's id and `name` theirs; null: Unassigned); rejects with the room's refusal. */
  onReassign: (to: string | null, name: string | null) => Promise<unknown>;
  /** Blocks the chat's visitor with a reason (`block`); rejects with the room's refusal. Absent: no Block visitor. */
  onBlock?: (reason: string) => Promise<unknown>;
};

/** The site vouched for who the visitor is (identity verification). */
export const isVerified = (view: ConversationView) => view.verified === true || view.identity?.verified === true;

/** `Verified` by the visitor's name; its accessible name says what it means. */
export function VerifiedBadge() {
  const t = texts().panel;
  return (
    <span class="badge verified" role="img" aria-label={t.verifiedLabel} title={t.verifiedLabel}>
      <span aria-hidden="true">✓ {t.verified}</span>
    </span>
  );
}

export function ChatHeader({ chat, view, me, agents, onBack, onNotice, onReassign, onBlock }: Props) {
  const t = texts().panel;
  const confirming = useSignal(false);
  const blocking = useSignal(false);
  const closed = view.status === 'closed' || view.status === 'missed';
  // A missed chat is taken for follow-up the same way (the Missed folder).
  const claimable = view.status === 'waiting' || view.status === 'unassigned' || view.status === 'missed';
  // In the panel's language: "… was faster" naming the winner, or what the refusal's code means.
  const report = (e: unknown) => onNotice(refusalText(e));
  const targets = agents
    .filter((a) => !a.revoked && a.id !== view.assignee?.id)
    .map((a) => ({ label: a.id === me?.id ? `${a.name} (${t.you})` : a.name, onSelect: () => onReassign(a.id, a.name).catch(report) }));
  if (view.assignee) targets.push({ label: t.toUnassigned, onSelect: () => onReassign(null, null).catch(report) });
  // What this agent holds of the chat, as a file (the same format as the options page's export).
  const exportChat = (format: 'json' | 'csv') => {
    const file = chatExportFile({ view, entries: chat.client.entries.peek(), details: chat.client.details.peek(), trail: chat.client.trail.peek() }, format, Date.now());
    downloadText(document, file.filename, file.content, file.type);
  };

  return (
    <header class="chat-header">
      <button type="button" class="icon-btn back" aria-label={t.back} onClick={onBack}>
        ←
      </button>
      <div class="chat-title">
        <h2 tabIndex={-1}>
          {displayName(view)}
          {isVerified(view) ? <VerifiedBadge /> : null}
        </h2>
        <span class="muted">
          {view.status === 'missed'
            ? t.missedAt(shortTime(missedAtOf(view)))
            : closed && view.closedAt
              ? t.closedAt(shortTime(view.closedAt))
              : view.assignee
                ? t.assignedTo(view.assignee.name)
                : t.statuses[view.status]}
        </span>
      </div>
      <div class="chat-actions">
        {claimable ? (
          <button type="button" class="btn primary" onClick={() => chat.client.claim().catch(report)}>
            {t.assignToMe}
          </button>
        ) : null}
        {!closed && view.status !== 'bot' ? <MenuButton label={t.reassign} items={targets} /> : null}
        <MenuButton label={t.visitorActions} class="btn icon" items={[...(onBlock ? [{ label: t.blockVisitor, onSelect: () => (blocking.value = true) }] : []), ...(['json', 'csv'] as const).map((format) => ({ label: format === 'json' ? t.exportJson : t.exportCsv, onSelect: () => exportChat(format) }))]}>
          ⋯
        </MenuButton>
        {view.status !== 'closed' ? (
          <button type="button" class="btn" onClick={() => (confirming.value = true)}>
            {t.closeConversation}
          </button>
        ) : null}
      </div>
      {confirming.value ? (
        <ConfirmDialog
          title={t.confirmCloseTitle}
          body={t.confirmCloseBody}
          confirm={t.confirmClose}
          onCancel={() => (confirming.value = false)}
          onConfirm={() => {
            confirming.value = false;
            chat.client.closeConversation().catch(report);
          }}
        />
      ) : null}
      {blocking.value && onBlock ? (
        <BlockDialog
          visitor={displayName(view)}
          onCancel={() => (blocking.value = false)}
          onBlock={async (reason) => {
            try {
              await onBlock(reason);
            } catch (e) {
              throw new Error(refusalText(e));
            }
            blocking.value = false;
            onNotice(t.blocked(displayName(view)));
          }}
        />
      ) : null}
    </header>
  );
}
