/**
 * Servers on nodes, as a scenario's {@code services:} list starts them:
 * {@link dev.minternet.services.web.Services} (web, app and db servers, listening through
 * {@link dev.minternet.endpoint.Endpoints}) and {@link dev.minternet.services.web.Certificates}
 * (the world's server certificates by name, including the bad ones demos ask for).
 */
package dev.minternet.services.web;
