export * from './user.service.ts';
export {
  countUsers,
  findUserById,
  findUserByEmail as findUserRowByEmail,
  incrementFailedLogins,
  revokeCredentialsOfUser,
  updateUser as updateUserRow,
} from './user.repository.ts';
