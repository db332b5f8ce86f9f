export {
  parsePrometheusText,
  type PromFamily,
  type PromSample,
} from './parsePrometheusText';
