/**
 * A searchable single-select: the WAI-ARIA 1.2 combobox pattern (an editable input with role=combobox that
 * controls a listbox popup, list autocomplete, focus kept on the input and the active option named by
 * aria-activedescendant). The list is virtualised, so 400 organizations or 20,000 users cost only the rows
 * on screen, and it is filtered only while open: a closed combobox does no work when its items change.
 *
 * The first option ("All …") stands for no selection (`null`); it is listed while nothing has been typed.
 */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';

export interface ComboboxProps<T> {
  /** The accessible name of the input. */
  label: string;
  items: readonly T[];
  itemKey: (item: T) => string;
  itemLabel: (item: T) => string;
  /** The selected item's key, or null for the "all" option. */
  selectedKey: string | null;
  /** Shown in the input when closed (the caller knows the name of a selection not in `items`). */
  selectedLabel: string;
  /** The label of the option that clears the selection, e.g. "All organizations". */
  allLabel: string;
  onSelect: (key: string | null, item: T | null) => void;
  /** Called as the list opens: a caller may load its items only then. */
  onOpen?: () => void;
  testId?: string;
  className?: string;
}

const OPTION_HEIGHT = 30;
const OVERSCAN = 8;

type Row<T> = { key: string | null; label: string; item: T | null };

export function Combobox<T>({
  label,
  items,
  itemKey,
  itemLabel,
  selectedKey,
  selectedLabel,
  allLabel,
  onSelect,
  onOpen,
  testId,
  className,
}: ComboboxProps<T>) {
  const id = useId();
  const listId = `${id}-list`;
  const optionId = (index: number): string => `${id}-opt-${index}`;
  const [open, setOpen] = useState(false);
  // null: nothing typed since the list opened, so every option is listed and the input shows the selection.
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  // Lower-cased labels, built once per opening (or new items) rather than on every keystroke.
  const haystack = useMemo(
    () => (open ? items.map((item) => itemLabel(item).toLocaleLowerCase()) : []),
    [open, items, itemLabel],
  );
  const rows = useMemo((): Row<T>[] => {
    if (!open) return [];
    const needle = query?.trim().toLocaleLowerCase() ?? '';
    const all: Row<T>[] = needle === '' ? [{ key: null, label: allLabel, item: null }] : [];
    items.forEach((item, i) => {
      if (needle === '' || haystack[i]!.includes(needle))
        all.push({ key: itemKey(item), label: itemLabel(item), item });
    });
    return all;
  }, [open, query, items, haystack, itemKey, itemLabel, allLabel]);

  // The active option is always rendered, even before the list has scrolled to it: aria-activedescendant
  // must name an element that exists.
  const rangeExtractor = useCallback(
    (range: Range): number[] => {
      const indexes = defaultRangeExtractor(range);
      if (active < 0 || active >= range.count || indexes.includes(active)) return indexes;
      return [...indexes, active].sort((a, b) => a - b);
    },
    [active],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's API is read during render by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => OPTION_HEIGHT,
    overscan: OVERSCAN,
    rangeExtractor,
    useFlushSync: false,
  });

  // Keep the active option rendered (it is named by aria-activedescendant) and in view.
  useEffect(() => {
    if (open && active >= 0) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [open, active, virtualizer]);

  /** Opens on every option, with the current selection active (as a native select does). */
  const openList = (): void => {
    if (open) return;
    onOpen?.();
    setOpen(true);
    setQuery(null);
    const at = selectedKey === null ? -1 : items.findIndex((item) => itemKey(item) === selectedKey);
    setActive(at + 1); // row 0 is "All …"
  };

  const close = (): void => {
    setOpen(false);
    setQuery(null);
    setActive(-1);
  };

  const choose = (row: Row<T>): void => {
    close();
    if (row.key !== selectedKey) onSelect(row.key, row.item);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    const last = rows.length - 1;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) openList();
        else if (!e.altKey) setActive((a) => Math.min(a + 1, last));
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (!open) openList();
        else if (e.altKey) close();
        else setActive((a) => Math.max(a - 1, 0));
        break;
      case 'Home':
      case 'End':
        // While the list is open they move through it (the input's caret is not what the user is after).
        if (!open) return;
        e.preventDefault();
        setActive(e.key === 'Home' ? 0 : last);
        break;
      case 'PageDown':
      case 'PageUp': {
        if (!open) return;
        e.preventDefault();
        const page = Math.max(1, Math.floor((listRef.current?.clientHeight ?? 0) / OPTION_HEIGHT) - 1);
        setActive((a) => (e.key === 'PageDown' ? Math.min(a + page, last) : Math.max(a - page, 0)));
        break;
      }
      case 'Enter': {
        if (!open) return;
        e.preventDefault();
        const row = rows[active];
        if (row) choose(row);
        break;
      }
      case 'Escape':
        if (!open) return;
        e.preventDefault();
        close();
        break;
      case 'Tab':
        if (open) close();
        break;
    }
  };

  const shown = virtualizer.getVirtualItems();
  const activeRow = open ? rows[active] : undefined;

  return (
    <div className={`combobox${className ? ` ${className}` : ''}`} data-testid={testId}>
      <input
        ref={inputRef}
        type="text"
        role="combobox"
        aria-label={label}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeRow ? optionId(active) : undefined}
        autoComplete="off"
        spellCheck={false}
        value={open && query !== null ? query : selectedLabel}
        onChange={(e) => {
          if (!open) setOpen(true);
          setQuery(e.target.value);
          setActive(0);
        }}
        onClick={() => openList()}
        onFocus={(e) => e.target.select()}
        onBlur={close}
        onKeyDown={onKeyDown}
      />
      <div
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label={label}
        className="combobox-list"
        hidden={!open}
      >
        {open && rows.length === 0 ? (
          <div className="combobox-empty" role="presentation">
            No matches
          </div>
        ) : null}
        {open ? (
          <div className="combobox-sizer" role="presentation" style={{ height: virtualizer.getTotalSize() }}>
            {shown.map((v) => {
              const row = rows[v.index]!;
              const selected = row.key === selectedKey;
              return (
                <div
                  key={row.key ?? ''}
                  id={optionId(v.index)}
                  role="option"
                  aria-selected={selected}
                  aria-setsize={rows.length}
                  aria-posinset={v.index + 1}
                  className={`combobox-option${v.index === active ? ' active' : ''}`}
                  style={{ height: OPTION_HEIGHT, transform: `translateY(${v.start}px)` }}
                  // Keep focus in the input: the option is chosen on click, before any blur.
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => {
                    if (v.index !== active) setActive(v.index);
                  }}
                  onClick={() => choose(row)}
                >
                  {row.label}
                </div>
              );
            })}
          </div>
        ) : null}
      </div>
    </div>
  );
}
