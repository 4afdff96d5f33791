/** `manual`: a step the models know nothing about; it changes no component. */
import type { Route } from './route.js';

export const manual: Route = (): undefined => undefined;
