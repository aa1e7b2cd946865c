/**
 * Tabs as the ARIA pattern has them: one tab stop for the list (arrow keys, Home and End move
 * between tabs and select), each tab naming and controlling its panel. Only the selected panel's
 * content is rendered, so each object's drafts start fresh when it is opened.
 */
import { type KeyboardEvent, type ReactNode, useId, useRef } from 'react';

export interface TabsProps {
  /** The tab list's accessible name, e.g. "Zoho CRM objects". */
  label: string;
  tabs: readonly { id: string; label: string }[];
  selected: string;
  onSelect(id: string): void;
  children: ReactNode;
}

export function Tabs({ label, tabs, selected, onSelect, children }: TabsProps) {
  const base = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const tabId = (id: string) => `${base}-tab-${id}`;
  const panelId = (id: string) => `${base}-panel-${id}`;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((t) => t.id === selected);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + tabs.length) % tabs.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : null;
    const next = to === null ? undefined : tabs[to];
    if (!next) return;
    e.preventDefault();
    onSelect(next.id);
    listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(next.id))}`)?.focus();
  };

  return (
    <div className="tabs">
      <div ref={listRef} className="tabs__list" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((t) => {
          const on = t.id === selected;
          return (
            <button
              key={t.id}
              id={tabId(t.id)}
              type="button"
              role="tab"
              className={on ? 'tabs__tab tabs__tab--selected' : 'tabs__tab'}
              aria-selected={on}
              aria-controls={panelId(t.id)}
              tabIndex={on ? 0 : -1}
              onClick={() => onSelect(t.id)}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      {tabs.map((t) => (
        <div
          key={t.id}
          id={panelId(t.id)}
          className="tabs__panel"
          role="tabpanel"
          aria-labelledby={tabId(t.id)}
          hidden={t.id !== selected}
        >
          {t.id === selected && children}
        </div>
      ))}
    </div>
  );
}
