/** `restore-encryption-key`: Restores a management server's encryption-key backup on a computer (D-RKEY). */
import { componentId, key } from '../ids.js';
import { needComputer, param, type Router } from '../router.js';
import type { ModelAction } from '../system-types.js';
import type { Route } from './route.js';

export const restoreEncryptionKey: Route = (r: Router, action: ModelAction): undefined => {
  const computer = needComputer(r, action);
  if (computer === undefined) return;
  const fromName = param(action, 'from') ?? computer;
  const owner = r.server(fromName);
  if (owner === undefined) {
    return r.reject(
      componentId.keyBackup(fromName),
      'step-precondition',
      'D-RKEY',
      `${fromName} is not a declared management server, so no key backup of it exists`,
    );
  }
  const ownerKind = owner.role === 'data-warehouse' ? 'dw' : 'ms';
  const target = r.server(computer);
  const id = target === undefined ? r.slot(ownerKind, computer) : (r.serverId(computer) as string);
  r.send(
    id,
    'restore-encryption-key',
    {
      keyUsable: r.path(componentId.keyBackup(owner.computer)) === 'usable',
      keyMatches: key(owner.computer) === key(computer),
      originalName: target !== undefined,
    },
    { key: `${owner.computer}’s backup (${r.path(componentId.keyBackup(owner.computer))})` },
  );
  return;
};
