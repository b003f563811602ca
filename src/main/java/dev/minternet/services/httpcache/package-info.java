/**
 * A shared HTTP cache (RFC 9111), one class used by the API gateway's cached routes and by CDN
 * edges: {@link dev.minternet.services.httpcache.HttpCache} (storage by method, URI and the
 * request fields the response's {@code Vary} names; freshness, {@code Age}, revalidation,
 * {@code stale-while-revalidate}, a byte-bounded LRU) over {@link
 * dev.minternet.services.httpcache.CacheControl} (the directives). See docs/cache.md.
 */
package dev.minternet.services.httpcache;
