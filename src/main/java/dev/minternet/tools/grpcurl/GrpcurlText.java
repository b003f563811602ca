package dev.minternet.tools.grpcurl;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What grpcurl's {@code describe} prints (its protoprint layout): element kind lines such as
 * {@code users.User is a message:}, then the element as proto source with fully qualified type
 * names ({@code .users.User}) and {@code rpc Get ( .users.GetUserRequest ) returns ( .users.User );}.
 * Descriptors learnt by reflection carry no comments, so none are printed.
 */
final class GrpcurlText {
    private GrpcurlText() {
    }

    static List<String> service(ServiceDescriptor s) {
        List<String> out = new ArrayList<>();
        out.add(s.getFullName() + " is a service:");
        out.add("service " + s.getName() + " {");
        for (MethodDescriptor m : s.getMethods()) {
            out.add("  " + rpc(m));
        }
        out.add("}");
        return out;
    }

    static List<String> method(MethodDescriptor m) {
        return List.of(m.getFullName() + " is a method:", rpc(m));
    }

    static String rpc(MethodDescriptor m) {
        return "rpc " + m.getName() + " ( " + (m.isClientStreaming() ? "stream " : "") + "." + m.getInputType().getFullName()
                + " ) returns ( " + (m.isServerStreaming() ? "stream " : "") + "." + m.getOutputType().getFullName() + " );";
    }

    static List<String> message(Descriptor d) {
        List<String> out = new ArrayList<>();
        out.add(d.getFullName() + " is a message:");
        body(d, "", out);
        return out;
    }

    private static void body(Descriptor d, String indent, List<String> out) {
        out.add(indent + "message " + d.getName() + " {");
        List<OneofDescriptor> printed = new ArrayList<>();
        for (FieldDescriptor f : d.getFields()) {
            OneofDescriptor o = f.getRealContainingOneof();
            if (o == null) {
                out.add(indent + "  " + field(f));
            } else if (!printed.contains(o)) {
                printed.add(o);
                out.add(indent + "  oneof " + o.getName() + " {");
                for (FieldDescriptor g : o.getFields()) {
                    out.add(indent + "    " + field(g));
                }
                out.add(indent + "  }");
            }
        }
        for (Descriptor n : d.getNestedTypes()) {
            body(n, indent + "  ", out);
        }
        out.add(indent + "}");
    }

    private static String field(FieldDescriptor f) {
        String type = switch (f.getType()) {
            case MESSAGE, GROUP -> "." + f.getMessageType().getFullName();
            case ENUM -> "." + f.getEnumType().getFullName();
            default -> f.getType().name().toLowerCase(Locale.ROOT);
        };
        return (f.isRepeated() ? "repeated " : "") + type + " " + f.getName() + " = " + f.getNumber() + ";";
    }

    /**
     * Splits {@code -d} text into the JSON objects it holds, one after another (whitespace between
     * them is skipped), as grpcurl's JSON request parser reads a stream of messages.
     */
    static List<String> jsonObjects(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = -1;
        boolean string = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (string) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    string = false;
                }
                continue;
            }
            if (c == '"') {
                string = true;
            } else if (c == '{') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if (c == '}') {
                if (--depth == 0) {
                    out.add(text.substring(start, i + 1));
                } else if (depth < 0) {
                    throw new IllegalArgumentException("invalid character '}' looking for beginning of value");
                }
            } else if (depth == 0 && !Character.isWhitespace(c)) {
                throw new IllegalArgumentException("invalid character '" + c + "' looking for beginning of value");
            }
        }
        if (depth != 0 || string) {
            throw new IllegalArgumentException("unexpected EOF");
        }
        return out;
    }
}
