/**
 * gRPC services: {@link dev.minternet.services.grpc.UsersService}, the users table over gRPC
 * (unary, server-streaming, client-streaming and bidirectional calls) with server reflection.
 */
package dev.minternet.services.grpc;
