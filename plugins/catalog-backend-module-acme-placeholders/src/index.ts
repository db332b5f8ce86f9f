/**
 * Catalog placeholders of the portal: `$portal: /path` links to a page of
 * the portal itself, and `$text` that works next to `file` locations.
 *
 * @packageDocumentation
 */

export {
  default,
  portalPlaceholderResolver,
  textPlaceholderResolver,
} from './module';
