import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { setFlash } from '../../lib/flash.ts';
import { ME_KEY, SETUP_STATUS_KEY } from '../session/session.ts';

/** Ends the session, forgets every cached answer and returns to the login screen. */
export function useLogout() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post<Ok>('/auth/logout'),
    onSettled: () => {
      setFlash('loggedOut');
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] && q.queryKey[0] !== SETUP_STATUS_KEY[0] });
      qc.setQueryData(ME_KEY, null);
      void navigate('/login', { replace: true });
    },
  });
}
