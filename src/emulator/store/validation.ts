/**
 * Object-name validation with the apiserver's messages (k8s.io/apimachinery/pkg/util/validation).
 * Returns the cause message, or undefined when the name is valid.
 */

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function subdomainError(name: string): string | undefined {
  if (name.length > 253) return `Invalid value: "${name}": must be no more than 253 characters`;
  if (!DNS1123_SUBDOMAIN.test(name))
    return `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
  return undefined;
}

function labelError(name: string): string | undefined {
  if (name.length > 63) return `Invalid value: "${name}": must be no more than 63 characters`;
  if (!DNS1123_LABEL.test(name))
    return `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
  return undefined;
}

function dns1035Error(name: string): string | undefined {
  if (name.length > 63) return `Invalid value: "${name}": must be no more than 63 characters`;
  if (!DNS1035_LABEL.test(name))
    return `Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`;
  return undefined;
}

/** Namespaces need an RFC 1123 label, Services an RFC 1035 label, RBAC objects any path segment, the rest a subdomain. */
export function validateObjectName(kind: string, group: string, name: string): string | undefined {
  if (kind === 'Namespace') return labelError(name);
  if (kind === 'Service' && group === '') return dns1035Error(name);
  if (group === 'rbac.authorization.k8s.io') {
    if (name === '.' || name === '..' || /[/%]/.test(name))
      return `Invalid value: "${name}": may not contain '/' or '%' and may not be '.' or '..'`;
    return undefined;
  }
  return subdomainError(name);
}
