package dev.minternet.http.grpc;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the proto3 subset Minternet's own {@code .proto} files use into a protobuf-java
 * {@link FileDescriptor}, so that the checked-in file is the one definition of the messages (the
 * one tshark is given too) and no protoc runs at build time. The subset: {@code syntax},
 * {@code package}, {@code option} (skipped), messages with scalar, message-typed and
 * {@code repeated} fields and {@code oneof} groups, and services whose methods may {@code stream}
 * either side. Type names are left as written; protobuf-java resolves them in the package's scope,
 * as protoc does. Comments ({@code //} and block) are skipped. Anything else is an error naming the
 * line, which is a defect in a shipped file, not user input.
 */
public final class ProtoFile {
    private static final Map<String, FieldDescriptorProto.Type> SCALARS = Map.ofEntries(
            Map.entry("double", FieldDescriptorProto.Type.TYPE_DOUBLE),
            Map.entry("float", FieldDescriptorProto.Type.TYPE_FLOAT),
            Map.entry("int64", FieldDescriptorProto.Type.TYPE_INT64),
            Map.entry("uint64", FieldDescriptorProto.Type.TYPE_UINT64),
            Map.entry("int32", FieldDescriptorProto.Type.TYPE_INT32),
            Map.entry("fixed64", FieldDescriptorProto.Type.TYPE_FIXED64),
            Map.entry("fixed32", FieldDescriptorProto.Type.TYPE_FIXED32),
            Map.entry("bool", FieldDescriptorProto.Type.TYPE_BOOL),
            Map.entry("string", FieldDescriptorProto.Type.TYPE_STRING),
            Map.entry("bytes", FieldDescriptorProto.Type.TYPE_BYTES),
            Map.entry("uint32", FieldDescriptorProto.Type.TYPE_UINT32),
            Map.entry("sfixed32", FieldDescriptorProto.Type.TYPE_SFIXED32),
            Map.entry("sfixed64", FieldDescriptorProto.Type.TYPE_SFIXED64),
            Map.entry("sint32", FieldDescriptorProto.Type.TYPE_SINT32),
            Map.entry("sint64", FieldDescriptorProto.Type.TYPE_SINT64));

    /** The users service of the {@code grpc} service type ({@code proto/users.proto}). */
    public static final String USERS = "users.proto";
    /** Server reflection ({@code proto/grpc/reflection/v1alpha/reflection.proto}). */
    public static final String REFLECTION = "grpc/reflection/v1alpha/reflection.proto";

    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();
    private final String name;
    private int pos;

    private ProtoFile(String name, String text) {
        this.name = name;
        tokenize(text);
    }

    /** Reads a shipped file under {@code /proto/} on the class path. */
    public static FileDescriptor builtin(String path) {
        try (InputStream in = ProtoFile.class.getResourceAsStream("/proto/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no built-in proto " + path);
            }
            return build(parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code text} as the file {@code name}. */
    public static FileDescriptorProto parse(String name, String text) {
        return new ProtoFile(name, text).file();
    }

    /** Links a parsed file (no imports) into descriptors. */
    public static FileDescriptor build(FileDescriptorProto p) {
        try {
            return FileDescriptor.buildFrom(p, new FileDescriptor[0]);
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException(p.getName() + ": " + e.getMessage(), e);
        }
    }

    private FileDescriptorProto file() {
        FileDescriptorProto.Builder f = FileDescriptorProto.newBuilder().setName(name);
        while (pos < tokens.size()) {
            String t = next();
            switch (t) {
                case "syntax" -> {
                    expect("=");
                    String s = unquote(next());
                    if (!s.equals("proto3")) {
                        throw error("only proto3 is read");
                    }
                    f.setSyntax(s);
                    expect(";");
                }
                case "package" -> {
                    f.setPackage(next());
                    expect(";");
                }
                case "option" -> skipStatement();
                case "message" -> f.addMessageType(message());
                case "service" -> f.addService(service());
                case ";" -> {
                }
                default -> throw error("unexpected '" + t + "'");
            }
        }
        return f.build();
    }

    private DescriptorProto message() {
        DescriptorProto.Builder m = DescriptorProto.newBuilder().setName(next());
        expect("{");
        for (String t = next(); !t.equals("}"); t = next()) {
            switch (t) {
                case "option" -> skipStatement();
                case "message" -> m.addNestedType(message());
                case "oneof" -> {
                    int index = m.getOneofDeclCount();
                    m.addOneofDecl(OneofDescriptorProto.newBuilder().setName(next()));
                    expect("{");
                    for (String u = next(); !u.equals("}"); u = next()) {
                        m.addField(field(u, FieldDescriptorProto.Label.LABEL_OPTIONAL).setOneofIndex(index));
                    }
                }
                case "repeated" -> m.addField(field(next(), FieldDescriptorProto.Label.LABEL_REPEATED));
                case ";" -> {
                }
                default -> m.addField(field(t, FieldDescriptorProto.Label.LABEL_OPTIONAL));
            }
        }
        return m.build();
    }

    /** {@code TYPE name = NUMBER;}, the type already read. */
    private FieldDescriptorProto.Builder field(String type, FieldDescriptorProto.Label label) {
        FieldDescriptorProto.Builder f = FieldDescriptorProto.newBuilder().setLabel(label).setName(next());
        FieldDescriptorProto.Type scalar = SCALARS.get(type);
        if (scalar != null) {
            f.setType(scalar);
        } else {
            f.setTypeName(type); // a message (or enum) type, resolved when the file is built
        }
        expect("=");
        String n = next();
        try {
            f.setNumber(Integer.parseInt(n));
        } catch (NumberFormatException e) {
            throw error("field number '" + n + "'");
        }
        f.setJsonName(jsonName(f.getName()));
        expect(";");
        return f;
    }

    private ServiceDescriptorProto service() {
        ServiceDescriptorProto.Builder s = ServiceDescriptorProto.newBuilder().setName(next());
        expect("{");
        for (String t = next(); !t.equals("}"); t = next()) {
            if (t.equals("option")) {
                skipStatement();
                continue;
            }
            if (!t.equals("rpc")) {
                throw error("expected rpc, got '" + t + "'");
            }
            MethodDescriptorProto.Builder m = MethodDescriptorProto.newBuilder().setName(next());
            expect("(");
            String in = next();
            if (in.equals("stream")) {
                m.setClientStreaming(true);
                in = next();
            }
            m.setInputType(in);
            expect(")");
            expect("returns");
            expect("(");
            String out = next();
            if (out.equals("stream")) {
                m.setServerStreaming(true);
                out = next();
            }
            m.setOutputType(out);
            expect(")");
            String end = next();
            if (end.equals("{")) {
                expect("}");
            } else if (!end.equals(";")) {
                throw error("expected ; after rpc " + m.getName());
            }
            s.addMethod(m);
        }
        return s.build();
    }

    /** protoc's json_name: lowerCamelCase of the field name ({@code page_size} is {@code pageSize}). */
    static String jsonName(String field) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : field.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    private void skipStatement() {
        while (!next().equals(";")) {
            // option values are not modelled
        }
    }

    private String next() {
        if (pos >= tokens.size()) {
            throw new IllegalArgumentException(name + ": unexpected end of file");
        }
        return tokens.get(pos++);
    }

    private void expect(String t) {
        String got = next();
        if (!got.equals(t)) {
            pos--;
            throw error("expected '" + t + "', got '" + got + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        int line = lines.get(Math.max(0, Math.min(pos, lines.size()) - 1));
        return new IllegalArgumentException(name + ":" + line + ": " + what);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'')) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private void tokenize(String text) {
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (int k = i; k < end; k++) {
                    if (text.charAt(k) == '\n') {
                        line++;
                    }
                }
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = text.indexOf(c, i + 1);
                end = end < 0 ? n : end + 1;
                add(text.substring(i, end), line);
                i = end;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_' || text.charAt(j) == '.')) {
                    j++;
                }
                add(text.substring(i, j), line);
                i = j;
            } else {
                add(String.valueOf(c), line);
                i++;
            }
        }
    }

    private void add(String token, int line) {
        tokens.add(token);
        lines.add(line);
    }
}
