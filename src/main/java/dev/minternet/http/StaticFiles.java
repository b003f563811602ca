package dev.minternet.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Serves the files of a folder: {@code Content-Type} from the extension, a strong {@code ETag}
 * from the content's SHA-256, {@code Last-Modified} at the simulated date the handler was made,
 * {@code Cache-Control} as configured, {@code index.html} for folders, 404 otherwise. Conditional
 * requests (If-None-Match, If-Modified-Since) are answered by the {@link HttpServer}.
 *
 * <p>Symbolic links are never followed below the root, as nginx serves with {@code
 * disable_symlinks on}: a request whose path meets a link (the file itself or a folder on the
 * way) gets 403 Forbidden, so a link planted in a scenario's site cannot serve a host file
 * (DESIGN.md decision 10).
 *
 * <p>Files are read once and kept (a world's web root is small and never changes during a run).
 */
final class StaticFiles implements HttpHandler {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("wasm", "application/wasm"));
    private static final String DEFAULT_TYPE = "application/octet-stream";

    private final Path root;
    private final Instant lastModified;
    private final String cacheControl;
    private final Map<Path, Response> cache = new HashMap<>();

    /**
     * @param root the folder to serve
     * @param lastModified the simulated date the files count as modified
     * @param cacheControl the Cache-Control value to send, or null for none
     */
    public StaticFiles(Path root, Instant lastModified, String cacheControl) {
        this.root = root.toAbsolutePath().normalize();
        this.lastModified = lastModified;
        this.cacheControl = cacheControl;
    }

    /** The Content-Type for a file name, by extension. */
    public static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return DEFAULT_TYPE;
        }
        return TYPES.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT_TYPE);
    }

    /** A strong entity tag from the content: the first 16 bytes of its SHA-256, quoted. */
    public static String etag(byte[] content) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void handle(Request request, Consumer<Response> reply) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            reply.accept(Response.text(405, "405 Method Not Allowed\n").withHeader("Allow", "GET, HEAD"));
            return;
        }
        reply.accept(lookup(request.path()));
    }

    private Response lookup(String urlPath) {
        String rel = decode(urlPath);
        if (rel == null) {
            return Response.text(400, "400 Bad Request\n");
        }
        while (rel.startsWith("/")) {
            rel = rel.substring(1);
        }
        Path p = root.resolve(rel).normalize();
        if (!p.startsWith(root)) {
            return Response.notFound();
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            p = p.resolve("index.html");
        }
        Response cached = cache.get(p);
        if (cached != null) {
            return cached;
        }
        if (meetsLink(p)) {
            return Response.text(403, "403 Forbidden\n");
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return Response.notFound();
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            content = in.readAllBytes();
        } catch (IOException e) {
            return Response.text(500, "500 Internal Server Error\n");
        }
        Headers h = Headers.of("Content-Type", contentType(p.getFileName().toString()),
                "ETag", etag(content),
                "Last-Modified", HttpDates.format(lastModified));
        if (cacheControl != null) {
            h = h.with("Cache-Control", cacheControl);
        }
        Response r = new Response(200, h, content);
        cache.put(p, r);
        return r;
    }

    /** Whether a folder between the root and {@code p}, or {@code p} itself, is a symbolic link. */
    private boolean meetsLink(Path p) {
        Path q = root;
        for (Path part : root.relativize(p)) {
            q = q.resolve(part);
            if (Files.isSymbolicLink(q)) {
                return true;
            }
        }
        return false;
    }

    /** Percent-decodes a path; null when malformed or when it would smuggle a NUL or backslash. */
    private static String decode(String s) {
        try {
            String d = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (d.indexOf('\0') >= 0 || d.indexOf('\\') >= 0) {
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
