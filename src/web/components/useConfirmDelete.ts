import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';

/**
 * The item waiting for a confirmed delete (or removal) and the request that does it. `modal` holds the
 * ConfirmModal's state props (opened, loading, error, onConfirm, onClose); the caller adds the texts.
 * Closing the modal forgets the item and a failed attempt.
 */
export function useConfirmDelete<T>(remove: (item: T) => Promise<unknown>, onDone: (item: T) => void) {
  const [target, setTarget] = useState<T | null>(null);
  const mutation = useMutation({
    mutationFn: remove,
    onSuccess: (_, item) => {
      onDone(item);
      setTarget(null);
    },
  });
  return {
    /** The item asked about, or null. */
    target,
    /** Opens the confirmation for an item. */
    ask: setTarget,
    mutation,
    modal: {
      opened: target !== null,
      loading: mutation.isPending,
      error: mutation.error,
      onConfirm: () => {
        if (target !== null) mutation.mutate(target);
      },
      onClose: () => {
        setTarget(null);
        mutation.reset();
      },
    },
  };
}
