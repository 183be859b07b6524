/**
 * What every Printhub API surface shares: API keys, request limits and decompression, JSON, CORS,
 * credential extraction and response helpers. Each surface answers errors in its own product's style; the
 * types here only report what went wrong, as typed exceptions a surface maps to its native answer.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.printhub.http;
