package dev.minternet.http.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.List;
import java.util.Map;

/**
 * gRPC server reflection, v1alpha (grpc/doc/server-reflection.md): one bidirectional call,
 * {@code ServerReflectionInfo}, in which the client asks and the server answers one response per
 * request: the services it offers ({@code list_services}), or the serialized
 * {@code FileDescriptorProto} of the file that defines a symbol or has a name, or an
 * {@code error_response} with NOT_FOUND. The messages are the ones of the shipped
 * {@code reflection.proto}, built as DynamicMessages.
 */
final class Reflection {
    /** The reflection file's descriptors, read once. */
    static final FileDescriptor FILE = ProtoFile.builtin(ProtoFile.REFLECTION);
    static final ServiceDescriptor SERVICE = FILE.findServiceByName("ServerReflection");
    static final Descriptor REQUEST = FILE.findMessageTypeByName("ServerReflectionRequest");
    static final Descriptor RESPONSE = FILE.findMessageTypeByName("ServerReflectionResponse");

    private final GrpcServer server;

    Reflection(GrpcServer server) {
        this.server = server;
    }

    void register() {
        server.add(SERVICE, Map.of("ServerReflectionInfo", call -> call.listen(new ServerCall.Listener() {
            @Override
            public void onMessage(DynamicMessage m) {
                call.send(answer(m));
            }

            @Override
            public void onHalfClose() {
                call.close(GrpcStatus.OK, "");
            }
        })));
    }

    /** The response to one request. */
    DynamicMessage answer(DynamicMessage req) {
        DynamicMessage.Builder r = DynamicMessage.newBuilder(RESPONSE)
                .setField(field(RESPONSE, "valid_host"), req.getField(field(REQUEST, "host")))
                .setField(field(RESPONSE, "original_request"), req);
        FieldDescriptor which = req.getOneofFieldDescriptor(REQUEST.getOneofs().get(0));
        String arg = which == null || which.getType() != FieldDescriptor.Type.STRING ? "" : (String) req.getField(which);
        String name = which == null ? "" : which.getName();
        switch (name) {
            case "list_services" -> {
                Descriptor list = type(RESPONSE, "list_services_response");
                Descriptor one = type(list, "service");
                DynamicMessage.Builder l = DynamicMessage.newBuilder(list);
                for (String s : server.services().keySet()) {
                    l.addRepeatedField(field(list, "service"), DynamicMessage.newBuilder(one).setField(field(one, "name"), s).build());
                }
                r.setField(field(RESPONSE, "list_services_response"), l.build());
            }
            case "file_containing_symbol", "file_by_filename" -> {
                FileDescriptor f = name.equals("file_by_filename") ? byName(arg) : containing(arg);
                if (f == null) {
                    return error(r, GrpcStatus.NOT_FOUND, name.equals("file_by_filename") ? "file not found: " + arg
                            : "symbol not found: " + arg);
                }
                Descriptor fd = type(RESPONSE, "file_descriptor_response");
                r.setField(field(RESPONSE, "file_descriptor_response"), DynamicMessage.newBuilder(fd)
                        .addRepeatedField(field(fd, "file_descriptor_proto"), ByteString.copyFrom(f.toProto().toByteArray())).build());
            }
            default -> {
                return error(r, GrpcStatus.UNIMPLEMENTED, "not supported: " + (name.isEmpty() ? "empty request" : name));
            }
        }
        return r.build();
    }

    private DynamicMessage error(DynamicMessage.Builder r, GrpcStatus status, String message) {
        Descriptor e = type(RESPONSE, "error_response");
        r.setField(field(RESPONSE, "error_response"), DynamicMessage.newBuilder(e)
                .setField(field(e, "error_code"), status.code()).setField(field(e, "error_message"), message).build());
        return r.build();
    }

    private FileDescriptor byName(String name) {
        for (FileDescriptor f : server.files()) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The file defining a service, method or message by full name. */
    private FileDescriptor containing(String symbol) {
        for (FileDescriptor f : server.files()) {
            String pkg = f.getPackage().isEmpty() ? "" : f.getPackage() + ".";
            if (!symbol.startsWith(pkg)) {
                continue;
            }
            String local = symbol.substring(pkg.length());
            int dot = local.indexOf('.');
            String top = dot < 0 ? local : local.substring(0, dot);
            ServiceDescriptor s = f.findServiceByName(top);
            if (s != null && (dot < 0 || s.findMethodByName(local.substring(dot + 1)) != null)) {
                return f;
            }
            if (dot < 0 && f.findMessageTypeByName(top) != null) {
                return f;
            }
        }
        return null;
    }

    static FieldDescriptor field(Descriptor d, String name) {
        return d.findFieldByName(name);
    }

    static Descriptor type(Descriptor d, String name) {
        return d.findFieldByName(name).getMessageType();
    }

    /** The names a list_services response carries. */
    static List<String> serviceNames(DynamicMessage response) {
        Descriptor list = type(RESPONSE, "list_services_response");
        DynamicMessage l = (DynamicMessage) response.getField(field(RESPONSE, "list_services_response"));
        Descriptor one = type(list, "service");
        return ((List<?>) l.getField(field(list, "service"))).stream()
                .map(o -> (String) ((DynamicMessage) o).getField(field(one, "name"))).toList();
    }
}
