/**
 * idp: the Acme developer portal from the terminal.
 *
 * @packageDocumentation
 */
export { main } from './cli';
export type { CliContext } from './commands/types';
