import { useEffect, useState } from 'react';
import { isAbort } from '../api.js';

/**
 * Runs `fn(signal)` whenever `deps` (primitives) change and returns {loading, data, error}
 * for the current deps: an answer to older deps is never shown as current.
 * A change of deps (or unmount) aborts the call in flight. Pass `enabled=false` to wait;
 * `keepPrevious` keeps the last data on screen while the next call runs.
 */
export function useAsync(fn, deps, enabled = true, keepPrevious = false) {
  const key = JSON.stringify(deps);
  const [state, setState] = useState({ key: null, loading: false, data: null, error: null });

  useEffect(() => {
    if (!enabled) return undefined;
    const ctrl = new AbortController();
    let alive = true;
    setState((s) => ({ key, loading: true, data: keepPrevious ? s.data : null, error: null }));
    Promise.resolve()
      .then(() => fn(ctrl.signal))
      .then(
        (data) => alive && setState({ key, loading: false, data, error: null }),
        (error) => {
          if (!alive || isAbort(error)) return;
          setState({ key, loading: false, data: null, error });
        },
      );
    return () => {
      alive = false;
      ctrl.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, key]);

  if (!enabled) return { loading: false, data: null, error: null };
  if (state.key !== key || state.loading) {
    return { loading: true, data: keepPrevious ? state.data : null, error: null };
  }
  return { loading: false, data: state.data, error: state.error };
}
