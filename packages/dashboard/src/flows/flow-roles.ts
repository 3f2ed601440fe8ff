import type { Role } from '../api/api-client.js';

/** Owners and admins change flows; managers read them. */
export const editsFlows = (role: Role | undefined): boolean => role === 'owner' || role === 'admin';
