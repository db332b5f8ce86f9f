export { useEntityTitles } from './useEntityTitles';
