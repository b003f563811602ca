/**
 * gRPC (grpc/doc/PROTOCOL-HTTP2.md) over Netty's HTTP/2 codec with protobuf-java messages.
 *
 * <pre>
 *  GrpcServer / ServerCall     calls by :path, length-prefixed messages, grpc-status trailers,
 *  GrpcChannel / ClientCall    grpc-timeout deadlines on simulator timers, Trailers-Only errors
 *  Reflection                  grpc.reflection.v1alpha.ServerReflection for grpcurl list/describe
 *  ProtoFile                   the shipped .proto files (src/main/resources/proto) read at run time
 *                              into descriptors: no protoc at build time; DynamicMessage everywhere
 *  NettyBridge (http)          Http2FrameCodec + Http2MultiplexHandler, one child channel a call
 * </pre>
 *
 * Modelled rather than real: no message compression (grpc-encoding other than identity is
 * refused with UNIMPLEMENTED), no keepalive pings, no retries; reflection v1alpha only.
 */
package dev.minternet.http.grpc;
