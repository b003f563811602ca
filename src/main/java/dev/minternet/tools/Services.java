package dev.minternet.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Port numbers by their service names, as {@code getservbyport(3)} reads them from Debian's
 * {@code /etc/services} (netbase 6.4, the TCP and UDP lines, in the resource {@code services.txt});
 * other ports have no name ({@code *} in nc's words, the number in tcpdump's).
 */
public final class Services {
    private Services() {
    }

    private static final Map<Integer, String> TCP = new HashMap<>();
    private static final Map<Integer, String> UDP = new HashMap<>();

    static {
        try (InputStream in = Services.class.getResourceAsStream("services.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length == 2) {
                    int slash = f[0].indexOf('/');
                    int port = Integer.parseInt(f[0].substring(0, slash));
                    (f[0].endsWith("/udp") ? UDP : TCP).putIfAbsent(port, f[1]); // the first line names a port
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The service name of {@code port} for "tcp" or "udp", or null when it has none. */
    static String byPort(int port, String proto) {
        return ("udp".equals(proto) ? UDP : TCP).get(port);
    }

    /** The port of a service name for "tcp" or "udp" ({@code getservbyname(3)}), or null when there is none. */
    public static Integer byName(String name, String proto) {
        for (Map.Entry<Integer, String> e : ("udp".equals(proto) ? UDP : TCP).entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * netcat-openbsd's line for a connection made (or, for UDP, a socket connected):
     * {@code Connection to b (198.18.0.2) 5001 port [tcp/*] succeeded!}; the address in
     * parentheses only when the host was given as a name, the service name unless {@code -n}.
     */
    static String ncSucceeded(String host, String ip, int port, String proto, boolean numeric) {
        return "Connection to " + ncWhere(host, ip) + " " + port + " port [" + proto + "/" + service(port, proto, numeric) + "] succeeded!";
    }

    /** netcat-openbsd's "HOST (ADDR)" of its connect lines: the address only when the host was given as a name. */
    static String ncWhere(String host, String ip) {
        return host + (host.equals(ip) ? "" : " (" + ip + ")");
    }

    private static String service(int port, String proto, boolean numeric) {
        String sv = numeric ? null : byPort(port, proto);
        return sv == null ? "*" : sv;
    }
}
