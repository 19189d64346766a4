/**
 * A component in a chunk of its own (code splitting), loaded by `preload()` or by its first render. Unlike
 * `React.lazy`, once its chunk has loaded it renders at once: `React.lazy` suspends on its first render even
 * then, and React holds back the reveal of a suspended boundary by up to 300 ms (its fallback throttle), so a
 * panel whose code was long there would still show late. Render it inside a `<Suspense>` for the first load.
 */
import { use, type ComponentType } from 'react';

export type LazyComponent<P extends object> = ComponentType<P> & { preload(): Promise<ComponentType<P>> };

export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = (): Promise<ComponentType<P>> =>
    (loading ??= load().then((component) => (loaded = component)));
  function Lazy(props: P) {
    const Loaded = loaded ?? use(preload());
    return <Loaded {...props} />;
  }
  return Object.assign(Lazy, { preload });
}
