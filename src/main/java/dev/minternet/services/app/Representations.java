package dev.minternet.services.app;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.minternet.http.grpc.ProtoFile;
import dev.minternet.services.db.QueryResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The same users in three media types, chosen by the request's {@code Accept} (proactive
 * negotiation, RFC 9110 12.5.1): {@code application/json} (the default, and the server's first
 * preference on a tie), {@code application/xml} and {@code application/x-protobuf} (the
 * {@code users.User} message of the shipped users.proto, which the gRPC service speaks too; a list
 * is a sequence of length-delimited messages, as protobuf-java's {@code writeDelimitedTo} writes
 * them). None acceptable: 406.
 */
public final class Representations {
    public static final String JSON = "application/json";
    public static final String XML = "application/xml";
    public static final String PROTOBUF = "application/x-protobuf";
    /** The server's order of preference. */
    public static final List<String> TYPES = List.of(JSON, XML, PROTOBUF);

    /** The users.User message, read when protobuf is first asked for (protobuf's descriptors are slow to load). */
    private static final class Proto {
        static final Descriptor USER = ProtoFile.builtin(ProtoFile.USERS).findMessageTypeByName("User");
    }

    private Representations() {
    }

    /**
     * The media type to answer with for {@code accept} (null or blank: JSON), or null when none
     * of {@link #TYPES} is acceptable: each type takes the q of the most specific range that
     * matches it (type/subtype over type/* over *&#47;*), the highest q wins, ties go to the
     * server's order; q=0 means "not acceptable".
     */
    public static String choose(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        String best = null;
        double bestQ = 0;
        for (String type : TYPES) {
            double q = quality(accept, type);
            if (q > bestQ) {
                best = type;
                bestQ = q;
            }
        }
        return best;
    }

    private static double quality(String accept, String type) {
        int bestSpecificity = -1;
        double q = 0;
        String major = type.substring(0, type.indexOf('/'));
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String r = parts[0].strip().toLowerCase(Locale.ROOT);
            int specificity = r.equals(type) ? 2 : r.equals(major + "/*") ? 1 : r.equals("*/*") ? 0 : -1;
            if (specificity <= bestSpecificity) {
                continue;
            }
            double rq = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        rq = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        rq = 0;
                    }
                    if (!(rq >= 0 && rq <= 1)) {
                        rq = 0;
                    }
                }
            }
            bestSpecificity = specificity;
            q = rq;
        }
        return q;
    }

    /** The rows of {@code r} (id, name, email) as {@code type}: one user when {@code single}, else the list. */
    public static byte[] render(QueryResult r, String type, boolean single) {
        List<List<String>> rows = r.rows();
        return switch (type) {
            case XML -> xml(rows, single).getBytes(StandardCharsets.UTF_8);
            case PROTOBUF -> protobuf(rows, single);
            default -> (single ? ApiServer.rowsJson(r).replaceAll("^\\[|\\]$", "") : ApiServer.rowsJson(r)).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String xml(List<List<String>> rows, boolean single) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if (!single) {
            sb.append("<users>");
        }
        for (List<String> row : rows) {
            sb.append("<user><id>").append(esc(row.get(0))).append("</id><name>").append(esc(row.get(1))).append("</name><email>")
                    .append(esc(row.get(2))).append("</email></user>");
        }
        if (!single) {
            sb.append("</users>");
        }
        return sb.append('\n').toString();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static byte[] protobuf(List<List<String>> rows, boolean single) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (List<String> row : rows) {
                DynamicMessage.Builder b = DynamicMessage.newBuilder(Proto.USER);
                b.setField(Proto.USER.findFieldByName("id"), Long.parseLong(row.get(0)));
                b.setField(Proto.USER.findFieldByName("name"), row.get(1) == null ? "" : row.get(1));
                b.setField(Proto.USER.findFieldByName("email"), row.get(2) == null ? "" : row.get(2));
                if (single) {
                    b.build().writeTo(out);
                } else {
                    b.build().writeDelimitedTo(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
