import { useSignedInUser } from '../auth/context.ts'
import { useDelegations } from '../delegations.ts'

/**
 * Whether the signed-in person may change the register: administrators and members of a
 * secretariat (server/SPEC.md REGISTER-2). The server decides; this only hides what it would
 * refuse.
 */
export function useMayManageRegister(): boolean {
  const user = useSignedInUser()
  const delegations = useDelegations()
  if (user.admin) return true
  return delegations.kind === 'ready' && delegations.delegations.some((d) => d.code === user.delegation && d.kind === 'secretariat')
}
