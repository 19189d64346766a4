/** Waiting on the app core's events in tests: the next one that matches, and the end of a sync that wrote sessions. */
import type { EventChannel, EventPayloads } from '../../src/shared/ipc/channels';
import type { AppCore } from '../../src/main/services/app-core';

export function nextEvent<E extends EventChannel>(
  core: Pick<AppCore, 'on'>,
  event: E,
  accept: (p: EventPayloads[E]) => boolean = () => true,
): Promise<EventPayloads[E]> {
  return new Promise((resolve) => {
    const off = core.on(event, (p) => {
      if (accept(p)) {
        off();
        resolve(p);
      }
    });
  });
}

/** The end of the next sync that updated sessions; `profileId` narrows it to that profile's account. */
export const syncedEvent = (core: AppCore, profileId?: string) =>
  nextEvent(
    core,
    'data:updated',
    (p) => p.datasets.includes('sessions') && (profileId === undefined || core.getStatus().account?.profileId === profileId),
  );
