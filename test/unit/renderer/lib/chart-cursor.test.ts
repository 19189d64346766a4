import { describe, expect, it } from 'vitest';
import { moveCursor } from '../../../../src/renderer/src/lib/chart-cursor';

describe('moveCursor', () => {
  it('starts at the first item going forward and at the last going back', () => {
    expect(moveCursor('ArrowRight', null, 5)).toBe(0);
    expect(moveCursor('ArrowDown', null, 5)).toBe(0);
    expect(moveCursor('ArrowLeft', null, 5)).toBe(4);
    expect(moveCursor('ArrowUp', null, 5)).toBe(4);
  });

  it('steps one item and stops at the ends', () => {
    expect(moveCursor('ArrowRight', 2, 5)).toBe(3);
    expect(moveCursor('ArrowLeft', 2, 5)).toBe(1);
    expect(moveCursor('ArrowDown', 4, 5)).toBe(4);
    expect(moveCursor('ArrowUp', 0, 5)).toBe(0);
  });

  it('jumps with Home and End, clears with Escape, and ignores other keys', () => {
    expect(moveCursor('Home', 3, 5)).toBe(0);
    expect(moveCursor('End', 1, 5)).toBe(4);
    expect(moveCursor('Escape', 3, 5)).toBeNull();
    expect(moveCursor('Tab', 3, 5)).toBeUndefined();
    expect(moveCursor('a', null, 5)).toBeUndefined();
  });

  it('has nowhere to go in an empty chart', () => {
    expect(moveCursor('ArrowRight', null, 0)).toBeUndefined();
    expect(moveCursor('Escape', null, 0)).toBeNull();
  });
});
