import type { User } from '@cybertacotruck/contracts';
import type { UserRecord } from './users.repository';

export const presentUser = (u: UserRecord): User => ({
  id: u.id,
  role: u.role,
  name: u.name,
  phone: u.phone,
  email: u.email,
  createdAt: u.createdAt.toISOString(),
});
