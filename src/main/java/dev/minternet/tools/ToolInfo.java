package dev.minternet.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A tool's version and help, as the real one prints them (iputils 20221126, iproute2 6.1.0,
 * tcpdump 4.99.3, net-tools 2.10, OpenBSD netcat, BIND 9.18, OpenSSL 3.0 of Debian 12; the texts
 * under {@code resources/dev/minternet/tools/info} are theirs, checked against the real tools by
 * {@code ToolInfoOracleTest}): the option asks for it anywhere on the line, the tool prints it and
 * exits with the real one's status, whatever else the line holds.
 */
public final class ToolInfo {
    /** What to print and the status to exit with. */
    public record Info(String text, int status) {
    }

    private ToolInfo() {
    }

    /** The version or help {@code args} ask {@code tool} for, else null. */
    public static Info answer(String tool, List<String> args) {
        switch (tool) {
            case "ping", "ping6" -> {
                return has(args, "-V") ? text("ping_-V", 0) : has(args, "-h") ? text("ping_-h", 2) : null;
            }
            case "ss" -> {
                return has(args, "-V", "--version") ? text("ss_-V", 0) : has(args, "-h", "--help") ? text("ss_-h", 0) : null;
            }
            case "ip" -> {
                return has(args, "-V", "-Version") ? text("ip_-V", 0)
                        : !args.isEmpty() && args.get(0).equals("help") ? text("ip_help", 255) : null;
            }
            case "dig" -> {
                return has(args, "-v") ? new Info("DiG " + Dig.VERSION + "\n", 0) : has(args, "-h") ? text("dig_-h", 0) : null;
            }
            case "host" -> {
                return has(args, "-V") ? new Info("host " + Dig.VERSION + "\n", 0) : null;
            }
            case "tcpdump" -> {
                return has(args, "--version") ? text("tcpdump_--version", 0) : has(args, "-h", "--help") ? text("tcpdump_-h", 0)
                        : null;
            }
            case "openssl" -> {
                return !args.isEmpty() && args.get(0).equals("version") && args.size() == 1 ? text("openssl_version", 0) : null;
            }
            case "netstat" -> {
                return has(args, "-V", "--version") ? text("netstat_-V", 0) : has(args, "-h", "--help") ? text("netstat_-h", 0)
                        : null;
            }
            case "nc" -> {
                return has(args, "-h") ? text("nc_-h", 0) : null;
            }
            case "telnet" -> {
                return has(args, "-V", "--version") ? text("telnet_--version", 0) : has(args, "-?", "--help") ? text("telnet_--help", 0)
                        : null;
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean has(List<String> args, String... words) {
        for (String a : args) {
            for (String w : words) {
                if (a.equals(w)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Info text(String name, int status) {
        try (InputStream in = ToolInfo.class.getResourceAsStream("/dev/minternet/tools/info/" + name + ".txt")) {
            return new Info(new String(in.readAllBytes(), StandardCharsets.UTF_8), status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
