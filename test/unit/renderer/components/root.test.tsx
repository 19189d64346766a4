import { act, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoot } from '../../../../src/renderer/src/root';
import { deferred, installFakeApi } from '../fake-api';

const container = () => document.getElementById('root')!;
const rendered = () => container().querySelector('[data-testid="card-sessions"]') !== null;

afterEach(() => container().remove());

describe('renderRoot', () => {
  it('waits for the first answer before the first render, then renders at once', async () => {
    installFakeApi();
    document.body.insertAdjacentHTML('beforeend', '<div id="root"></div>');
    const answer = deferred<void>();
    const evaluated = vi.fn();
    const done = renderRoot(true, answer.promise, evaluated);
    await waitFor(() => expect(evaluated).toHaveBeenCalledOnce());
    // Well within the wait: nothing drawn yet, so the panels will not mount as skeletons first.
    await new Promise((r) => setTimeout(r, 30));
    expect(rendered()).toBe(false);
    await act(async () => {
      answer.resolve();
      await done;
    });
    await waitFor(() => expect(rendered()).toBe(true));
  });

  it('renders after a short wait when the first answer is slow', async () => {
    installFakeApi();
    document.body.insertAdjacentHTML('beforeend', '<div id="root"></div>');
    await act(async () => {
      await renderRoot(true, new Promise<void>(() => {}), () => {});
    });
    await waitFor(() => expect(rendered()).toBe(true));
  });
});
