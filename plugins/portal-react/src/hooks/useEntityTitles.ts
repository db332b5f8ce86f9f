import { useApiHolder } from '@backstage/frontend-plugin-api';
import {
  entityPresentationApiRef,
  entityPresentationSnapshot,
} from '@backstage/plugin-catalog-react';
import { useCallback } from 'react';
import useAsync from 'react-use/esm/useAsync';

/**
 * The titles people read for entity refs (a group's display name, an
 * entity's `metadata.title`, else its name), from the catalog's entity
 * presentation API. For chart labels and sorting, where a string is needed
 * rather than an `EntityRefLink`. Until the titles arrive, the short form of
 * the ref is returned.
 *
 * @public
 */
export function useEntityTitles(refs: string[]): (ref: string) => string {
  const presentation = useApiHolder().get(entityPresentationApiRef);
  const key = [...new Set(refs)].sort().join('\n');
  const { value: titles } = useAsync(async () => {
    const entries = await Promise.all(
      key
        .split('\n')
        .filter(Boolean)
        .map(async ref => {
          try {
            const snapshot = presentation
              ? await presentation.forEntity(ref).promise
              : entityPresentationSnapshot(ref);
            return [ref, snapshot.primaryTitle] as const;
          } catch {
            return [ref, entityPresentationSnapshot(ref).primaryTitle] as const;
          }
        }),
    );
    return new Map(entries);
  }, [presentation, key]);
  return useCallback(
    (ref: string) =>
      titles?.get(ref) ??
      entityPresentationSnapshot(ref, undefined, presentation).primaryTitle,
    [titles, presentation],
  );
}
