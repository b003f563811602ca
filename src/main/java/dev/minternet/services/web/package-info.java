/**
 * Servers on nodes, as a scenario's {@code services:} list starts them:
 * {@link dev.minternet.services.web.Services} (web, app and db servers),
 * {@link dev.minternet.services.web.Endpoints} (HTTP on a TCP port, in clear text or over TLS
 * with certificates chosen by SNI) and {@link dev.minternet.services.web.Certificates} (the
 * world's server certificates by name, including the bad ones demos ask for).
 */
package dev.minternet.services.web;
