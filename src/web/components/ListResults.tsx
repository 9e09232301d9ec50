import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Page } from '../api/types.ts';
import { EmptyState } from './EmptyState.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { Loading } from './Loading.tsx';
import { Pager } from './Pager.tsx';

/**
 * A list page's results: loading, the error, "nothing matches" when filtered, `empty` (the first steps) when the
 * list has nothing at all, the items (`children`) and the pager.
 */
export function ListResults<T>({
  query,
  filtered,
  noMatch,
  empty,
  page,
  pageSize,
  onPage,
  children,
}: {
  query: UseQueryResult<Page<T>>;
  filtered: boolean;
  noMatch: { title: string; description: string };
  empty: ReactNode;
  page: number;
  /** Used when the server does not say. */
  pageSize: number;
  onPage: (page: number) => void;
  children: (items: T[]) => ReactNode;
}) {
  const items = query.data?.items ?? [];
  const total = query.data?.total ?? 0;
  return (
    <>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} /> : null}
      {query.data && items.length === 0 && filtered ? <EmptyState title={noMatch.title} description={noMatch.description} /> : null}
      {query.data && total === 0 && !filtered ? empty : null}
      {items.length > 0 ? children(items) : null}
      {query.data && total > 0 ? <Pager total={total} page={page} pageSize={query.data.pageSize || pageSize} onChange={onPage} /> : null}
    </>
  );
}
