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
