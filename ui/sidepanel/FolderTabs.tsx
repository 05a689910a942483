import { INBOX_FOLDERS as FOLDERS, type Folders, type InboxFolder } from '../../models/inbox';
import { texts } from '../../models/i18n';

/** Folder tabs; the accessible name is what they show, the folder then its count ("Unassigned 3"). */
export function FolderTabs({ folders, current, onChange }: { folders: Folders; current: InboxFolder; onChange: (f: InboxFolder) => void }) {
  const t = texts().panel;
  const onKeyDown = (e: KeyboardEvent) => {
    const i = FOLDERS.indexOf(current);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = FOLDERS[(i + step + FOLDERS.length) % FOLDERS.length]!;
    onChange(next);
    (e.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-folder="${next}"]`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={t.folders} onKeyDown={onKeyDown}>
      {FOLDERS.map((id) => {
        const count = folders[id].length;
        return (
          <button
            key={id}
            type="button"
            role="tab"
            data-folder={id}
            aria-selected={current === id}
            tabIndex={current === id ? 0 : -1}
            class={`tab${current === id ? ' current' : ''}`}
            onClick={() => onChange(id)}
          >
            <span>{t.folderNames[id]}</span> <span class="count">{count}</span>
          </button>
        );
      })}
    </div>
  );
}
