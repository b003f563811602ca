/**
 * A CDN's edge: {@link dev.minternet.services.cdn.CdnEdge}, a caching reverse proxy in front of
 * an origin (or of a shield edge) using the shared cache of {@code services.httpcache}, with
 * purge by URL. See docs/cache.md.
 */
package dev.minternet.services.cdn;
