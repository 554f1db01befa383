import { useEffect, useState } from 'react';

let loaded = false;

/**
 * False until the page has loaded and the browser is idle (or 3 s after the load event at most),
 * then true for good: for work the first screen does not need — the bell's unread count, say —
 * so it does not compete with the page's own requests and rendering on a phone's first load.
 */
export function useAfterLoad(): boolean {
  const [ready, setReady] = useState(loaded);
  useEffect(() => {
    if (ready) return;
    let idle: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      loaded = true;
      setReady(true);
    };
    const schedule = () => {
      if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(done, { timeout: 3000 });
      else timer = setTimeout(done, 500);
    };
    if (document.readyState === 'complete') schedule();
    else window.addEventListener('load', schedule, { once: true });
    return () => {
      window.removeEventListener('load', schedule);
      if (idle !== undefined) cancelIdleCallback(idle);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [ready]);
  return ready;
}
