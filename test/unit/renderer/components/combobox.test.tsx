import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Combobox } from '../../../../src/renderer/src/components/Combobox';

interface Item {
  id: string;
  name: string;
}
const key = (i: Item): string => i.id;
const label = (i: Item): string => i.name;
const FRUIT: Item[] = ['Apple', 'Apricot', 'Banana', 'Blueberry', 'Cherry'].map((name) => ({
  id: name.toLowerCase(),
  name,
}));

function Harness({ items = FRUIT, onSelect }: { items?: Item[]; onSelect?: (k: string | null) => void }) {
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <Combobox
      label="Fruit"
      testId="fruit"
      items={items}
      itemKey={key}
      itemLabel={label}
      selectedKey={selected}
      selectedLabel={items.find((i) => i.id === selected)?.name ?? 'All fruit'}
      allLabel="All fruit"
      onSelect={(k) => {
        setSelected(k);
        onSelect?.(k);
      }}
    />
  );
}

const input = (): HTMLInputElement => screen.getByRole('combobox', { name: 'Fruit' });
const optionNames = (): string[] => screen.queryAllByRole('option').map((o) => o.textContent ?? '');
const activeName = (): string | null => {
  const id = input().getAttribute('aria-activedescendant');
  return id ? (document.getElementById(id)?.textContent ?? null) : null;
};
const key_ = (k: string, init: Partial<KeyboardEventInit> = {}): void => {
  fireEvent.keyDown(input(), { key: k, ...init });
};

describe('Combobox', () => {
  it('is a named, collapsed combobox that controls its listbox', () => {
    render(<Harness />);
    const el = input();
    expect(el.getAttribute('aria-expanded')).toBe('false');
    expect(el.getAttribute('aria-autocomplete')).toBe('list');
    const list = document.getElementById(el.getAttribute('aria-controls') ?? '');
    expect(list?.getAttribute('role')).toBe('listbox');
    expect(list?.hidden).toBe(true);
    expect(el.value).toBe('All fruit');
    expect(el.hasAttribute('aria-activedescendant')).toBe(false);
  });

  it('opens with ArrowDown on the current selection and moves with Up/Down/Home/End', () => {
    render(<Harness />);
    key_('ArrowDown');
    expect(input().getAttribute('aria-expanded')).toBe('true');
    expect(optionNames()).toEqual(['All fruit', 'Apple', 'Apricot', 'Banana', 'Blueberry', 'Cherry']);
    expect(activeName()).toBe('All fruit');
    key_('ArrowDown');
    key_('ArrowDown');
    expect(activeName()).toBe('Apricot');
    key_('ArrowUp');
    expect(activeName()).toBe('Apple');
    key_('End');
    expect(activeName()).toBe('Cherry');
    key_('ArrowDown'); // stays on the last
    expect(activeName()).toBe('Cherry');
    key_('Home');
    expect(activeName()).toBe('All fruit');
    key_('ArrowUp'); // stays on the first
    expect(activeName()).toBe('All fruit');
  });

  it('selects with Enter, closes, shows the choice, and reopens on it', () => {
    const onSelect = vi.fn();
    render(<Harness onSelect={onSelect} />);
    key_('ArrowDown');
    key_('ArrowDown');
    key_('ArrowDown');
    key_('ArrowDown');
    key_('Enter');
    expect(onSelect).toHaveBeenCalledWith('banana');
    expect(input().getAttribute('aria-expanded')).toBe('false');
    expect(input().value).toBe('Banana');
    key_('ArrowDown');
    expect(activeName()).toBe('Banana');
    const selected = screen.getAllByRole('option').filter((o) => o.getAttribute('aria-selected') === 'true');
    expect(selected.map((o) => o.textContent)).toEqual(['Banana']);
  });

  it('filters as you type (case-insensitive, anywhere in the name), the first match active', () => {
    const onSelect = vi.fn();
    render(<Harness onSelect={onSelect} />);
    fireEvent.change(input(), { target: { value: 'AP' } });
    expect(input().getAttribute('aria-expanded')).toBe('true');
    expect(optionNames()).toEqual(['Apple', 'Apricot']);
    expect(activeName()).toBe('Apple');
    fireEvent.change(input(), { target: { value: 'berr' } });
    expect(optionNames()).toEqual(['Blueberry']);
    key_('Enter');
    expect(onSelect).toHaveBeenCalledWith('blueberry');
    fireEvent.change(input(), { target: { value: 'zzz' } });
    expect(optionNames()).toEqual([]);
    expect(screen.getByText('No matches')).toBeTruthy();
    expect(input().hasAttribute('aria-activedescendant')).toBe(false);
  });

  it('Escape closes without choosing and restores the selection’s name', () => {
    const onSelect = vi.fn();
    render(<Harness onSelect={onSelect} />);
    fireEvent.change(input(), { target: { value: 'Che' } });
    key_('Escape');
    expect(input().getAttribute('aria-expanded')).toBe('false');
    expect(input().value).toBe('All fruit');
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('chooses an option by click and closes on blur', () => {
    const onSelect = vi.fn();
    render(<Harness onSelect={onSelect} />);
    fireEvent.click(input());
    fireEvent.click(screen.getByRole('option', { name: 'Cherry' }));
    expect(onSelect).toHaveBeenCalledWith('cherry');
    expect(input().value).toBe('Cherry');
    fireEvent.click(input());
    expect(input().getAttribute('aria-expanded')).toBe('true');
    fireEvent.blur(input());
    expect(input().getAttribute('aria-expanded')).toBe('false');
  });

  it('renders only a window of a 20,000-item list, and keeps the active option rendered', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ id: `u${i}`, name: `User ${i}` }));
    render(<Harness items={many} />);
    key_('ArrowDown');
    const rendered = screen.getAllByRole('option');
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0]?.getAttribute('aria-setsize')).toBe('20001');
    key_('End');
    expect(activeName()).toBe('User 19999');
    expect(screen.getByRole('option', { name: 'User 19999' }).getAttribute('aria-posinset')).toBe('20001');
    expect(screen.getAllByRole('option').length).toBeLessThan(60);
  });
});
