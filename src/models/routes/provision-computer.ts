/** `provision-computer`: Brings a lost computer back (or a new one into being); the components it hosted return as empty shells under the same name. */
import { componentId, key } from '../ids.js';
import { needComputer, param, type Router } from '../router.js';
import type { ModelAction } from '../system-types.js';
import type { Route } from './route.js';

export const provisionComputer: Route = (r: Router, action: ModelAction): undefined => {
  const computerParam = param(action, 'computer');
  if (computerParam === undefined) {
    needComputer(r, action);
    return;
  }
  const name = r.computerName(computerParam);
  const id = componentId.computer(name);
  if (r.path(id) === undefined) r.store.add(id, 'absent');
  const sent = r.send(id, 'provision-computer');
  if (sent.to !== 'provisioned' || sent.from === 'provisioned') return;
  // The components the computer hosted come back as empty shells under the same name.
  for (const hosted of r.system.hosted.get(key(name)) ?? []) r.send(hosted, 'provision-computer');
  return;
};
