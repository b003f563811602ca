/**
 * A chat server over WebSockets (RFC 6455, {@code http.ws}): rooms under {@code /room/NAME},
 * join and leave announcements, every message broadcast to every member of its room.
 */
package dev.minternet.services.chat;
