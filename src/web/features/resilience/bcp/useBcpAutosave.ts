import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../../api/client.ts';
import type { BcpContent } from '../../../../shared/resilience/bcp.ts';
import type { BcpVersionDto } from '../../../../shared/contracts/resilience-bcp.contract.ts';
import { bcpPath, bcpVersionKey, sameContent, useBcpChanged } from './bcp.ts';

export type BcpSaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error' | 'conflict';

const DEBOUNCE_MS = 1200;

/**
 * The draft's content as edited here, saved a moment after the last change (and when leaving the page) with the whole
 * content and the version it was based on. A CONFLICT (someone else saved first) stops saving and offers the latest.
 * `flush` saves now and resolves with the version on the server (for submit).
 */
export function useBcpAutosave(v: BcpVersionDto, editable: boolean) {
  const qc = useQueryClient();
  const changed = useBcpChanged();
  const [content, setContent] = useState<BcpContent>(v.content);
  const [state, setState] = useState<BcpSaveState>('idle');
  const [error, setError] = useState<unknown>(null);
  const draft = useRef(v.content);
  const saved = useRef(v.content);
  const known = useRef(v.version);
  const saving = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const timer = useRef<number | null>(null);
  const stopped = useRef(false);

  // The version changed on the server (a workflow step, another editor): take it over unless there are unsaved edits.
  useEffect(() => {
    if (v.version === known.current || saving.current) return;
    if (sameContent(draft.current, saved.current)) {
      draft.current = v.content;
      saved.current = v.content;
      known.current = v.version;
      setContent(v.content);
    }
  }, [v]);

  const persist = (): Promise<void> => {
    if (saving.current) {
      again.current = true;
      return saving.current;
    }
    if (stopped.current || !editable) return Promise.resolve();
    const body = draft.current;
    if (sameContent(body, saved.current)) {
      setState((s) => (s === 'dirty' ? 'saved' : s));
      return Promise.resolve();
    }
    setState('saving');
    const run = (async () => {
      try {
        const res = await api.put<BcpVersionDto>(bcpPath.content(v.id), { content: body, expectedVersion: known.current });
        saved.current = body;
        known.current = res.version;
        qc.setQueryData(bcpVersionKey(v.id), { ...res, content: res.content });
        setError(null);
        saving.current = null;
        changed();
        if (again.current || !sameContent(draft.current, saved.current)) {
          again.current = false;
          setState('dirty');
          await persist();
        } else setState('saved');
      } catch (e) {
        saving.current = null;
        again.current = false;
        if (isApiError(e) && e.code === 'CONFLICT') {
          stopped.current = true;
          setState('conflict');
        } else {
          setError(e);
          setState('error');
        }
      }
    })();
    saving.current = run;
    return run;
  };

  const schedule = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = null;
      void persist();
    }, DEBOUNCE_MS);
  };

  // Save what is left when the page is left.
  useEffect(
    () => () => {
      if (timer.current !== null) {
        window.clearTimeout(timer.current);
        timer.current = null;
        void persist();
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- flush once on leaving the page
    [],
  );

  /** Applies an edit (a function of the latest content, so quick edits never overwrite each other). */
  const update = (edit: (c: BcpContent) => BcpContent) => {
    if (!editable || stopped.current) return;
    const next = edit(draft.current);
    draft.current = next;
    setContent(next);
    setState('dirty');
    schedule();
  };

  const flush = async (): Promise<number> => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    await persist();
    while (saving.current) await saving.current;
    return known.current;
  };

  /** Drops the local edits and loads the latest version from the server. */
  const reload = async () => {
    const fresh = await qc.fetchQuery({ queryKey: bcpVersionKey(v.id), queryFn: () => api.get<BcpVersionDto>(bcpPath.version(v.id)), staleTime: 0 });
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    stopped.current = false;
    draft.current = fresh.content;
    saved.current = fresh.content;
    known.current = fresh.version;
    setContent(fresh.content);
    setError(null);
    setState('idle');
  };

  const retry = () => {
    setError(null);
    void persist();
  };

  return { content, state, error, update, flush, reload, retry, version: () => known.current };
}
