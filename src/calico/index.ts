/** Calico model: selectors, CIDR math and IPPool validation. Pure functions, no I/O. */
export {
  addressIndex,
  cidrContains,
  cidrSize,
  cidrsOverlap,
  classifyV4,
  nthAddress,
  type ParsedCidr,
  parseCidr,
  SERVICE_CIDR,
  type V4Class,
} from './cidr.ts';
export {
  API_VERSION_CRD,
  API_VERSION_V3,
  type CalicoFieldError,
  calicoctlCreateFailure,
  DEFAULT_POOL_NAME,
  formatFieldError,
  formatValidationError,
  hasExplicitNodeSelector,
  type IPPool,
  ipPoolFieldErrors,
  normalizeIPPool,
  validateIPPool,
} from './ippool.ts';
export {
  evaluateSelector,
  findSatisfyingLabels,
  type ParsedSelector,
  parseSelector,
  type SelectorError,
  type SelectorNode,
  SelectorSyntaxError,
  selectorRequirements,
  selectorToString,
  selects,
} from './selector.ts';
export type { SelectorRequirement } from './selector-labels.ts';
