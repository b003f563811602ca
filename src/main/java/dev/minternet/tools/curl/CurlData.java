package dev.minternet.tools.curl;

import dev.minternet.tools.curl.CurlArgs.DataKind;
import dev.minternet.tools.curl.CurlArgs.DataPart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The request body curl's tool builds from {@code -d}, {@code --data-binary}, {@code
 * --data-raw}, {@code --data-urlencode} and {@code --json} (src/tool_getparam.c), and the query
 * {@code -G} and {@code --url-query} put in the URL (src/tool_operate.c with the URL API's
 * CURLU_APPENDQUERY).
 */
final class CurlData {
    private CurlData() {
    }

    /**
     * A {@code --data-urlencode} argument in curl's forms: {@code content}, {@code =content},
     * {@code name=content}, {@code @file}, {@code name@file}. The first '=' splits name from
     * content; only without one does '@' name a file (so {@code a@b=c} is the name "a@b").
     */
    static DataPart urlencodePart(String v) {
        int sep = v.indexOf('=');
        if (sep < 0) {
            sep = v.indexOf('@');
        }
        if (sep < 0) {
            return new DataPart(v, null, true, DataKind.URLENCODE, null);
        }
        String name = v.substring(0, sep);
        String rest = v.substring(sep + 1);
        return v.charAt(sep) == '@' ? new DataPart(null, rest, true, DataKind.URLENCODE, name)
                : new DataPart(rest, null, true, DataKind.URLENCODE, name);
    }

    /** How curl names a part in its "Couldn't read data from file" warning: the file, or --data-urlencode's whole argument. */
    static String display(DataPart p) {
        return p.kind() == DataKind.URLENCODE ? p.name() + "@" + p.file() : p.file();
    }

    /**
     * The parts joined as curl joins them: '&amp;' before each part but the first, none before a
     * {@code --json} part; {@code @file} read through {@code reader}, a file that cannot be read
     * giving an empty part and a call to {@code warn}.
     */
    static byte[] body(List<DataPart> parts, CurlArgs.FileReader reader, BiConsumer<String, IOException> warn) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            DataPart p = parts.get(i);
            if (i > 0 && p.kind() != DataKind.JSON) {
                body.write('&');
            }
            body.writeBytes(part(p, reader, warn));
        }
        return body.toByteArray();
    }

    /** One part's bytes. */
    static byte[] part(DataPart p, CurlArgs.FileReader reader, BiConsumer<String, IOException> warn) {
        byte[] content;
        if (p.file() == null) {
            content = p.text().getBytes(StandardCharsets.UTF_8);
        } else if (p.file().equals("-")) {
            content = new byte[0]; // standard input: a timeline types none
        } else {
            try {
                content = reader.read(p.file());
            } catch (IOException e) {
                warn.accept(display(p), e);
                content = null;
            }
        }
        if (p.kind() == DataKind.URLENCODE) {
            if (content == null || (p.file() != null && content.length == 0)) {
                return new byte[0]; // curl sends "" (without the name) for no data from the file
            }
            String enc = encode(content);
            return (p.name() == null || p.name().isEmpty() ? enc : p.name() + "=" + enc).getBytes(StandardCharsets.UTF_8);
        }
        if (content == null) {
            return new byte[0];
        }
        if (p.binary() || p.file() == null) {
            return content;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte x : content) {
            if (x != '\r' && x != '\n') {
                out.write(x); // -d @file: file2string drops carriage returns and newlines
            }
        }
        return out.toByteArray();
    }

    /**
     * curl_easy_escape (every byte but ALPHA, DIGIT and "-._~" as %XX, upper case) with the
     * tool's "%20" to '+' (RFC 1866, replace_url_encoded_space_by_plus).
     */
    static String encode(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** A {@code --url-query} argument as it goes in the query: {@code +text} as it is, else as --data-urlencode encodes it. */
    static String urlQuery(String v, CurlArgs.FileReader reader, BiConsumer<String, IOException> warn) {
        if (v.startsWith("+")) {
            return v.substring(1);
        }
        return new String(part(urlencodePart(v), reader, warn), StandardCharsets.UTF_8);
    }

    /** The files {@code --url-query name@file} arguments name. */
    static String urlQueryFile(String v) {
        if (v.startsWith("+")) {
            return null;
        }
        DataPart p = urlencodePart(v);
        return p.file() == null || p.file().equals("-") ? null : p.file();
    }

    /**
     * {@code url} with {@code query} appended as curl_url_set(CURLUPART_QUERY, CURLU_APPENDQUERY)
     * does: after '?' (a new query), or after '&amp;' unless the query is empty or ends with one;
     * the appended text's %XX escapes in lower case, as the URL API writes them. An empty query
     * changes nothing.
     */
    static CurlArgs.CurlUrl withQuery(CurlArgs.CurlUrl url, String query) {
        if (query.isEmpty()) {
            return url;
        }
        if (query.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new CurlArgs.CurlException(3, "URL using bad/illegal format or missing URL"); // the URL API refuses it
        }
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%' && i + 2 < query.length() && hex(query.charAt(i + 1)) && hex(query.charAt(i + 2))) {
                q.append('%').append(Character.toLowerCase(query.charAt(i + 1))).append(Character.toLowerCase(query.charAt(i + 2)));
                i += 2;
            } else {
                q.append(c);
            }
        }
        String t = url.target();
        int mark = t.indexOf('?');
        String target;
        if (mark < 0) {
            target = t + "?" + q;
        } else if (mark == t.length() - 1 || t.endsWith("&")) {
            target = t + q;
        } else {
            target = t + "&" + q;
        }
        return new CurlArgs.CurlUrl(url.scheme(), url.host(), url.port(), url.explicitPort(), target);
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** The Referer -L sends with {@code ;auto}: the URL it comes from, without credentials or fragment (transfer.c). */
    static String refererOf(CurlArgs.CurlUrl url) {
        return url.toString();
    }
}
