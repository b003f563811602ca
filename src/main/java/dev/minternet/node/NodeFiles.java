package dev.minternet.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's small file area, in memory: the logs and configs its services write (an API gateway's
 * access log under {@code /var/log}) for the node's {@code cat} and {@code tail} to read. Nothing
 * here touches the host's disk; paths are plain absolute names, not a directory tree. A relative
 * name is under the node's shell's working directory, root's home {@value #HOME} ({@code curl -c
 * jar.txt} writes {@code /root/jar.txt}, which {@code cat jar.txt} reads).
 *
 * <p>Each file keeps at most {@link #MAX_BYTES}: when an append would pass it, whole lines are
 * dropped from the front first, as if logrotate had moved the old part away (modelled: there is no
 * {@code access.log.1}).
 */
public final class NodeFiles {
    /** Where a relative name is: the working directory of the node's shell (root's home). */
    public static final String HOME = "/root";

    /** The most a file keeps (1 MiB). */
    public static final int MAX_BYTES = 1 << 20;

    private final Map<String, StringBuilder> files = new TreeMap<>();

    /** The file area of {@code node}, created on first use. */
    public static NodeFiles of(Node node) {
        NodeFiles f = node.service(NodeFiles.class);
        if (f == null) {
            f = new NodeFiles();
            node.attach(NodeFiles.class, f);
        }
        return f;
    }

    /** Appends {@code text} to the file at {@code path}, creating it. */
    public void append(String given, String text) {
        String path = absolute(given);
        checkPath(path);
        StringBuilder sb = files.computeIfAbsent(path, p -> new StringBuilder());
        sb.append(text);
        if (sb.length() > MAX_BYTES) {
            int cut = sb.length() - MAX_BYTES;
            int nl = sb.indexOf("\n", cut - 1);
            sb.delete(0, nl < 0 ? sb.length() : nl + 1);
        }
    }

    /** Replaces the file's content. */
    public void write(String given, String text) {
        String path = absolute(given);
        checkPath(path);
        files.put(path, new StringBuilder());
        append(path, text);
    }

    /** The file's content, or null when there is no such file. */
    public String read(String path) {
        StringBuilder sb = files.get(absolute(path));
        return sb == null ? null : sb.toString();
    }

    /** The file's size in bytes (UTF-8), or -1 when there is no such file. */
    public long size(String path) {
        String s = read(path);
        return s == null ? -1 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Every path, sorted. */
    public List<String> paths() {
        return new ArrayList<>(files.keySet());
    }

    /** {@code path} as an absolute name: a relative one is under {@link #HOME}. */
    public static String absolute(String path) {
        return path == null || path.isEmpty() || path.startsWith("/") ? path : HOME + "/" + path;
    }

    private static void checkPath(String path) {
        if (path == null || !path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("a file path is absolute and names a file, e.g. /var/log/gateway/access.log: " + path);
        }
    }
}
