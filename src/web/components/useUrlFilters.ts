import { useState } from 'react';
import { useDebouncedCallback } from '@mantine/hooks';
import { useSearchParams } from 'react-router';

/**
 * A list page's filters, sort and page kept in the URL (shareable, kept by the back button). `parse` reads them
 * (ignoring unknown values); `defaultSort` is left out of the URL. Any change but the page's own goes back to
 * page 1. The search box's text is applied after a pause.
 */
export function useUrlFilters<F extends { q: string }>(parse: (params: URLSearchParams) => F, defaultSort: string) {
  const [params, setParams] = useSearchParams();
  const filters = parse(params);
  const [search, setSearch] = useState(filters.q);

  /** Sets (or, with '', removes) URL parameters. */
  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    if (next.get('sort') === defaultSort) next.delete('sort');
    setParams(next, { replace: true });
  };
  const applySearch = useDebouncedCallback((value: string) => update({ q: value.trim() }), 350);

  return {
    params,
    filters,
    update,
    /** The search box's text (ahead of the URL while typing). */
    search,
    onSearch: (value: string) => {
      setSearch(value);
      applySearch(value);
    },
    setPage: (page: number) => update({ page: page > 1 ? String(page) : '' }),
    /** Every filter off; the sort stays. */
    clear: () => {
      setSearch('');
      const next = new URLSearchParams();
      if (params.get('sort')) next.set('sort', params.get('sort') ?? '');
      setParams(next, { replace: true });
    },
  };
}
