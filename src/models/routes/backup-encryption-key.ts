/** `backup-encryption-key`: Backs up the encryption key of a management server installed by Setup. */
import type { Route } from './route.js';
import { serverServiceRoute } from './server-service.js';

export const backupEncryptionKey: Route = serverServiceRoute;
