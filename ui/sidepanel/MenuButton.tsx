import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export type MenuItem = { label: string; onSelect: () => void; disabled?: boolean };

/** A button that opens a menu (ARIA menu button): arrows move, Escape closes, focus returns. */
export function MenuButton({ label, items, children, class: cls }: { label: string; items: MenuItem[]; children?: ComponentChildren; class?: string }) {
  const open = useSignal(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open.value) return;
    menu.current?.querySelector<HTMLElement>('[role=menuitem]:not([disabled])')?.focus();
    const away = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && e.target !== button.current) open.value = false;
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open.value]);

  const close = () => {
    open.value = false;
    button.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const list = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([disabled])') ?? [])];
    const i = list.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') close();
    else if (e.key === 'ArrowDown') list[(i + 1) % list.length]?.focus();
    else if (e.key === 'ArrowUp') list[(i - 1 + list.length) % list.length]?.focus();
    else return;
    e.preventDefault();
  };

  return (
    <div class="menu-wrap">
      <button ref={button} type="button" class={cls ?? 'btn'} aria-haspopup="menu" aria-expanded={open.value} aria-label={label} onClick={() => (open.value = !open.value)}>
        {children ?? label}
      </button>
      {open.value ? (
        <div ref={menu} role="menu" class="menu" aria-label={label} onKeyDown={onKeyDown}>
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              disabled={item.disabled}
              onClick={() => {
                close();
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
