/**
 * The type of a route: the logic of one plan action, run on a `Router`.
 */
import type { Router } from '../router.js';
import type { ModelAction } from '../system-types.js';

/**
 * Routes one action to the machines it concerns. Returns nothing; `undefined` as the return
 * type lets each branch end with `return r.reject(…)`.
 */
export type Route = (r: Router, action: ModelAction) => undefined;
