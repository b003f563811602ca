package dev.minternet.http.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The client side of server reflection: one ServerReflectionInfo call on a channel, one request
 * at a time, each answer handed to its callback. File descriptors come back as the server sent
 * them and are linked here ({@link FileDescriptor#buildFrom}): what a grpcurl knows of a service
 * it learnt from the wire.
 */
public final class ReflectionClient {
    /** A failed request: the reflection error, or the call's status when the call itself ended. */
    public interface Failure {
        void failed(GrpcStatus status, String message);
    }

    private record Pending(DynamicMessage request, Consumer<DynamicMessage> ok, Failure fail) {
    }

    private final String host;
    private final ClientCall call;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private GrpcStatus endStatus;
    private String endMessage;

    /** Opens the reflection call on {@code channel}; {@code host} goes into each request. */
    public ReflectionClient(GrpcChannel channel, String host, long timeoutNs) {
        this.host = host;
        this.call = channel.call(Reflection.SERVICE.findMethodByName("ServerReflectionInfo"), timeoutNs, new ClientCall.Listener() {
            @Override
            public void onMessage(DynamicMessage m) {
                Pending p = pending.poll();
                if (p != null) {
                    p.ok.accept(m);
                }
            }

            @Override
            public void onClose(GrpcStatus status, String message, Http2Headers trailers) {
                endStatus = status;
                endMessage = message;
                for (Pending p : List.copyOf(pending)) {
                    p.fail.failed(status, message);
                }
                pending.clear();
            }
        });
    }

    /** The names of the services the server offers, as it lists them. */
    public void listServices(Consumer<List<String>> ok, Failure fail) {
        ask("list_services", "", r -> {
            if (!error(r, fail)) {
                ok.accept(Reflection.serviceNames(r));
            }
        }, fail);
    }

    /** The file that defines {@code symbol} (a service, method or message by full name), linked. */
    public void fileContainingSymbol(String symbol, Consumer<FileDescriptor> ok, Failure fail) {
        ask("file_containing_symbol", symbol, r -> {
            if (error(r, fail)) {
                return;
            }
            FieldDescriptor f = Reflection.RESPONSE.findFieldByName("file_descriptor_response");
            DynamicMessage files = (DynamicMessage) r.getField(f);
            List<?> protos = (List<?>) files.getField(files.getDescriptorForType().findFieldByName("file_descriptor_proto"));
            if (protos.isEmpty()) {
                fail.failed(GrpcStatus.INTERNAL, "no file descriptor in the answer");
                return;
            }
            try {
                ok.accept(ProtoFile.build(FileDescriptorProto.parseFrom((ByteString) protos.get(0))));
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                fail.failed(GrpcStatus.INTERNAL, "bad file descriptor: " + e.getMessage());
            }
        }, fail);
    }

    /** Ends the reflection call (half-close; the server answers OK). */
    public void close() {
        call.halfClose();
    }

    private void ask(String field, String value, Consumer<DynamicMessage> ok, Failure fail) {
        if (endStatus != null) {
            fail.failed(endStatus, endMessage);
            return;
        }
        DynamicMessage req = DynamicMessage.newBuilder(Reflection.REQUEST)
                .setField(Reflection.REQUEST.findFieldByName("host"), host)
                .setField(Reflection.REQUEST.findFieldByName(field), value).build();
        pending.add(new Pending(req, ok, fail));
        call.send(req);
    }

    /** True (and the failure reported) when {@code r} is an error_response. */
    private static boolean error(DynamicMessage r, Failure fail) {
        FieldDescriptor e = Reflection.RESPONSE.findFieldByName("error_response");
        if (!r.hasField(e)) {
            return false;
        }
        DynamicMessage err = (DynamicMessage) r.getField(e);
        int code = (Integer) err.getField(err.getDescriptorForType().findFieldByName("error_code"));
        String msg = (String) err.getField(err.getDescriptorForType().findFieldByName("error_message"));
        fail.failed(GrpcStatus.of(code), msg);
        return true;
    }
}
