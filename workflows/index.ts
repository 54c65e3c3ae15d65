/** Every workflow the worker registers (the bundle entry point). */
export { replacementClaim } from './replacement-claim';
