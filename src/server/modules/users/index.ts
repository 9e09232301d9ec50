export * from './user.service.ts';
export {
  countUsers,
  findUserById,
  findUserByEmail as findUserRowByEmail,
  incrementFailedLogins,
  recordMfaStep,
  revokeCredentialsOfUser,
  updateUser as updateUserRow,
  usersWithFacilityRole,
} from './user.repository.ts';
export { privilegedAccountFacts, PRIVILEGED_FACILITY_ROLES, type PrivilegedAccountFact } from './user-facts.ts';
