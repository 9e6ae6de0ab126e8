/**
 * The OpenTelemetry semantic-convention names our spans carry (all from the stable set:
 * https://opentelemetry.io/docs/specs/semconv/), so a collector's dashboards read them as they read any service's.
 * Written out rather than imported: the package that exports them loads 700 KB of source, every name in the
 * conventions, into a process that uses nine (issue 19, memory). attributes.spec.ts holds them to the package.
 */
export const ATTR_SERVICE_NAME = 'service.name';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const ATTR_HTTP_ROUTE = 'http.route';
export const ATTR_URL_SCHEME = 'url.scheme';
export const ATTR_DB_SYSTEM_NAME = 'db.system.name';
export const ATTR_DB_OPERATION_NAME = 'db.operation.name';
export const ATTR_DB_QUERY_TEXT = 'db.query.text';
