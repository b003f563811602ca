package dev.minternet.tools.curl;

import dev.minternet.tools.curl.CurlArgs.CurlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * curl's {@code -F}/{@code --form}: a multipart/form-data body (RFC 7578) as curl 8.5 builds it
 * (src/tool_formparse.c parses the argument, lib/mime.c writes the parts). {@code name=value},
 * {@code name=@file} (a file part: filename="..." and a Content-Type guessed from the name, else
 * application/octet-stream), {@code name=<file} (the file's content as the value), each with
 * {@code ;type=} and {@code ;filename=}; the boundary is 24 dashes and 22 random letters and
 * digits (MIME_BOUNDARY_DASHES, MIME_RAND_BOUNDARY_CHARS, Curl_rand_alnum), drawn here from the
 * node's seeded stream.
 *
 * <p>Not modelled: several files in one part ({@code @a,b}, a multipart/mixed), {@code
 * ;headers=} and {@code ;encoder=} (skipped with curl's "skip unknown form field" warning),
 * {@code (} and {@code )} nesting, and curl's Expect: 100-continue for bodies over 1 MiB.
 */
final class CurlForm {
    private CurlForm() {
    }

    /**
     * One -F part: its name (null for none), a literal value or a file ({@code attach}: '@', sent
     * as a file with a filename; else '<', its content as the value), the filename and type given.
     */
    record Part(String name, String value, String file, boolean attach, String filename, String type) {
        /** The filename the part announces: ;filename=, else the file's own name for '@'. */
        String announcedName() {
            if (filename != null) {
                return filename;
            }
            return attach ? base(file) : null;
        }
    }

    /** The extensions lib/mime.c knows (Curl_mime_contenttype). */
    private static final String[][] TYPES = {{".gif", "image/gif"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"},
        {".png", "image/png"}, {".svg", "image/svg+xml"}, {".txt", "text/plain"}, {".htm", "text/html"},
        {".html", "text/html"}, {".pdf", "application/pdf"}, {".xml", "application/xml"}};

    /**
     * Parses {@code v} as tool_formparse.c does; {@code warnings} gets curl's warnings. No '='
     * is curl's "Illegally formatted input field" and "option -F: is badly used here" (exit 2).
     */
    static Part parse(String option, String v, List<String> warnings) {
        int eq = v.indexOf('=');
        if (eq < 0) {
            throw new CurlException(2, "option " + option + ": is badly used here", List.of("Illegally formatted input field"), true);
        }
        String name = eq > 0 ? v.substring(0, eq) : null;
        String rest = v.substring(eq + 1);
        char kind = rest.isEmpty() ? 0 : rest.charAt(0);
        if (kind == '@' || kind == '<') {
            rest = rest.substring(1);
        }
        String[] out = new String[3]; // data, type, filename
        params(rest, out, warnings);
        if (kind == '@') {
            return new Part(name, null, out[0], true, out[2], out[1]);
        }
        if (kind == '<') {
            return new Part(name, null, out[0], false, null, out[1]);
        }
        return new Part(name, out[0], null, false, out[2], out[1]);
    }

    /** get_param_part: the data word (quoted or up to ';'), then ;type= and ;filename= (others skipped with a warning). */
    private static void params(String s, String[] out, List<String> warnings) {
        int[] at = {0};
        out[0] = word(s, at);
        while (at[0] < s.length() && s.charAt(at[0]) == ';') {
            at[0]++;
            while (at[0] < s.length() && Character.isWhitespace(s.charAt(at[0]))) {
                at[0]++;
            }
            String rest = s.substring(at[0]);
            if (rest.regionMatches(true, 0, "type=", 0, 5)) {
                at[0] += 5;
                int end = s.indexOf(';', at[0]);
                end = end < 0 ? s.length() : end;
                out[1] = s.substring(at[0], end).strip();
                at[0] = end;
            } else if (rest.regionMatches(true, 0, "filename=", 0, 9)) {
                at[0] += 9;
                out[2] = word(s, at);
            } else {
                int end = s.indexOf(';', at[0]);
                end = end < 0 ? s.length() : end;
                warnings.add("skip unknown form field: " + s.substring(at[0], end));
                at[0] = end;
            }
        }
    }

    /** A word: "quoted" (backslash escapes '"' and '\') or up to the next ';'. */
    private static String word(String s, int[] at) {
        int i = at[0];
        if (i < s.length() && s.charAt(i) == '"') {
            StringBuilder sb = new StringBuilder();
            i++;
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                    c = s.charAt(++i);
                }
                sb.append(c);
                i++;
            }
            i = Math.min(i + 1, s.length());
            while (i < s.length() && s.charAt(i) != ';') {
                i++; // tool_formparse.c warns "Trailing data after quoted form parameter" and drops it
            }
            at[0] = i;
            return sb.toString();
        }
        int end = s.indexOf(';', i);
        end = end < 0 ? s.length() : end;
        at[0] = end;
        return s.substring(i, end);
    }

    /** "------------------------" and 22 letters and digits, as Curl_rand_alnum draws them. */
    static String boundary(SplittableRandom r) {
        String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder("-".repeat(24));
        for (int i = 0; i < 22; i++) {
            sb.append(alnum.charAt(r.nextInt(alnum.length())));
        }
        return sb.toString();
    }

    /**
     * The multipart body: for each part "--boundary", its Content-Disposition (name and filename
     * with '"', CR and LF as %22, %0D, %0A, as lib/mime.c escapes them for a form), its
     * Content-Type when it has one, a blank line, the content; then "--boundary--".
     * A file that cannot be read is curl's error 26.
     */
    static byte[] body(List<Part> parts, String boundary, CurlArgs.FileReader reader) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            byte[] content;
            if (p.file() != null) {
                try {
                    content = reader.read(p.file());
                } catch (IOException e) {
                    throw new CurlException(26, "Failed to open/read local data from file/application");
                }
            } else {
                content = p.value().getBytes(StandardCharsets.UTF_8);
            }
            StringBuilder h = new StringBuilder("--").append(boundary).append("\r\n").append("Content-Disposition: form-data");
            if (p.name() != null) {
                h.append("; name=\"").append(escape(p.name())).append('"');
            }
            String fn = p.announcedName();
            if (fn != null) {
                h.append("; filename=\"").append(escape(fn)).append('"');
            }
            h.append("\r\n");
            String type = contentType(p);
            if (type != null) {
                h.append("Content-Type: ").append(type).append("\r\n");
            }
            h.append("\r\n");
            out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * Curl_mime_prepare_headers: ;type= as given; else a file's type from its filename, then its
     * path, else application/octet-stream when it has a filename; a guessed text/plain is left
     * out for a part without a filename.
     */
    static String contentType(Part p) {
        if (p.type() != null) {
            return p.type();
        }
        String fn = p.announcedName();
        String t = guess(fn);
        if (p.file() != null) {
            if (t == null) {
                t = guess(p.file());
            }
            if (t == null && fn != null) {
                t = "application/octet-stream";
            }
        }
        if (t != null && t.equals("text/plain") && fn == null) {
            return null;
        }
        return t;
    }

    private static String guess(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        for (String[] t : TYPES) {
            if (n.endsWith(t[0])) {
                return t[1];
            }
        }
        return null;
    }

    private static String escape(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** A path's last name (after the last '/' or '\'). */
    static String base(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
