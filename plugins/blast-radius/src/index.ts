/**
 * The "Used by" entity card: what depends on an entity directly and through
 * the APIs it provides, with owners (and on-call where PagerDuty is
 * connected).
 *
 * @packageDocumentation
 */

export { blastRadiusPlugin as default } from './plugin';
export {
  UsedByCard,
  findDependents,
  type Dependent,
} from './components/UsedByCard';
