import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  SearchIndexStatus,
  searchIndexStatusApiRef,
  SearchIndexTypeStatus,
} from '../../api/SearchIndexStatusApi';

/**
 * The search index status, asked again every `pollIntervalMs` while some
 * type is still being built, and no more once every type is ready.
 */
export function useSearchIndexStatus(pollIntervalMs = 5000): {
  status?: SearchIndexStatus;
  error?: Error;
  loading: boolean;
} {
  const api = useApi(searchIndexStatusApiRef);
  const [state, setState] = useState<{
    status?: SearchIndexStatus;
    error?: Error;
    loading: boolean;
  }>({ loading: true });

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const status = await api.getIndexStatus();
        if (cancelled) {
          return;
        }
        setState({ status, loading: false });
        if (!status.ready) {
          timer = setTimeout(poll, pollIntervalMs);
        }
      } catch (error) {
        if (!cancelled) {
          setState({ error: error as Error, loading: false });
        }
      }
    };
    poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, pollIntervalMs]);

  return state;
}

/**
 * The types among `types` (all when empty, as on the "All" tab) whose index
 * is still being built.
 */
export function buildingTypes(
  status: SearchIndexStatus | undefined,
  types: string[],
): SearchIndexTypeStatus[] {
  return (status?.types ?? []).filter(
    t =>
      t.status === 'building' && (types.length === 0 || types.includes(t.type)),
  );
}
