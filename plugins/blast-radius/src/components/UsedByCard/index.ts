export { UsedByCard } from './UsedByCard';
export { findDependents, type Dependent } from './dependents';
export { DependentOnCall } from './DependentOnCall';
