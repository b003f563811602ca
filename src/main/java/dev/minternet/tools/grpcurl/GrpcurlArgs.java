package dev.minternet.tools.grpcurl;

import java.util.ArrayList;
import java.util.List;

/**
 * grpcurl's command line as v1.8.9's main reads it (Go flag syntax: {@code -flag}, {@code --flag},
 * {@code -flag value} or {@code -flag=value}, flags end at the first other word or {@code --}):
 * {@code -plaintext} (h2c with prior knowledge), {@code -insecure} (TLS without verifying the
 * server), {@code -d DATA} (JSON request messages, one after another; {@code @} reads them from
 * standard input, a line each), {@code -max-time SECS} (the whole operation's deadline), {@code
 * -v}, {@code -authority NAME}, {@code -version}; then an address {@code host:port} (optional
 * before {@code list} and {@code describe}, which then have nothing to read from) and {@code list
 * [SERVICE]}, {@code describe [SYMBOL]} or a method {@code package.Service/Method}. A usage mistake
 * throws IllegalArgumentException with grpcurl's words (status 2); what grpcurl only warns about
 * is in {@link #warnings}; an address Go's dialer cannot split is {@link #addressError}, which
 * grpcurl reports when it dials (status 1).
 */
record GrpcurlArgs(boolean plaintext, boolean insecure, String data, long maxTimeNs, boolean verbose, String authority,
        String host, int port, String verb, String symbol, boolean version, List<String> warnings, String address,
        String addressError) {

    /** What {@code grpcurl -version} prints (on standard error, status 0). */
    static final String VERSION = "grpcurl v1.8.9";

    static GrpcurlArgs parse(List<String> argv) {
        boolean plaintext = false;
        boolean insecure = false;
        boolean verbose = false;
        boolean version = false;
        String data = null;
        String authority = null;
        long maxTime = 0;
        int i = 0;
        for (; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!a.startsWith("-") || a.equals("-")) {
                break;
            }
            if (a.equals("--")) {
                i++;
                break;
            }
            String flag = a.startsWith("--") ? a.substring(2) : a.substring(1);
            String value = null;
            int eq = flag.indexOf('=');
            if (eq >= 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            switch (flag) {
                case "plaintext" -> plaintext = bool(value, flag);
                case "insecure" -> insecure = bool(value, flag);
                case "v" -> verbose = bool(value, flag);
                case "version" -> version = bool(value, flag);
                case "d" -> data = value != null ? value : next(argv, ++i, flag);
                case "authority" -> authority = value != null ? value : next(argv, ++i, flag);
                case "max-time" -> maxTime = seconds(value != null ? value : next(argv, ++i, flag));
                default -> throw new IllegalArgumentException("flag provided but not defined: -" + flag);
            }
        }
        List<String> rest = argv.subList(i, argv.size());
        if (version) {
            return new GrpcurlArgs(plaintext, insecure, data, maxTime, verbose, authority, null, 0, "version", null, true,
                    List.of(), null, null);
        }
        if (maxTime < 0) {
            throw new IllegalArgumentException("The -max-time argument must not be negative.");
        }
        if (insecure && plaintext) {
            throw new IllegalArgumentException("The -insecure argument can only be used with TLS.");
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("Too few arguments.");
        }
        int k = 0;
        String target = null;
        if (!rest.get(0).equals("list") && !rest.get(0).equals("describe")) {
            target = rest.get(k++);
        }
        if (k >= rest.size()) {
            throw new IllegalArgumentException("Too few arguments.");
        }
        String verb = rest.get(k);
        String symbol = null;
        List<String> warnings = new ArrayList<>();
        if (verb.equals("list") || verb.equals("describe")) {
            k++;
            if (data != null && !data.isEmpty()) {
                warnings.add("Warning: The -d argument is not used with 'list' or 'describe' verb.");
            }
            if (k < rest.size()) {
                symbol = rest.get(k++);
            }
        } else {
            symbol = verb;
            verb = "invoke";
            k++;
        }
        if (k < rest.size()) {
            throw new IllegalArgumentException("Too many arguments.");
        }
        if (target == null) {
            throw new IllegalArgumentException(verb.equals("invoke") ? "No host:port specified."
                    : "No host:port specified, no protoset specified, and no proto sources specified.");
        }
        String host = target;
        int port = 0;
        String error = null;
        int colon = target.lastIndexOf(':');
        if (colon < 0) {
            error = "dial tcp: address " + target + ": missing port in address";
        } else if (target.indexOf(':') != colon && !target.startsWith("[")) {
            error = "dial tcp: address " + target + ": too many colons in address";
        } else {
            host = target.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String p = target.substring(colon + 1);
            if (p.matches("\\d+")) {
                port = p.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(p);
                if (port > 65535) {
                    error = "dial tcp: address " + p + ": invalid port";
                }
            } else if (!p.isEmpty()) {
                Integer named = dev.minternet.tools.Services.byName(p, "tcp"); // Go reads /etc/services too
                if (named == null) {
                    error = "dial tcp: lookup tcp/" + p + ": unknown port";
                } else {
                    port = named;
                }
            }
        }
        return new GrpcurlArgs(plaintext, insecure, data, maxTime, verbose, authority, host, port, verb, symbol, false,
                List.copyOf(warnings), target, error);
    }

    private static boolean bool(String value, String flag) {
        if (value == null || value.equals("true") || value.equals("1") || value.equals("t") || value.equals("T")
                || value.equals("TRUE") || value.equals("True")) {
            return true;
        }
        if (value.equals("false") || value.equals("0") || value.equals("f") || value.equals("F") || value.equals("FALSE")
                || value.equals("False")) {
            return false;
        }
        throw new IllegalArgumentException("invalid boolean value \"" + value + "\" for -" + flag + ": parse error");
    }

    private static String next(List<String> argv, int i, String flag) {
        if (i >= argv.size()) {
            throw new IllegalArgumentException("flag needs an argument: -" + flag);
        }
        return argv.get(i);
    }

    private static long seconds(String v) {
        try {
            double s = Double.parseDouble(v);
            if (s > 1e6 || Double.isNaN(s)) {
                throw new NumberFormatException();
            }
            return Math.round(s * 1e9);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + v + "\" for flag -max-time: parse error");
        }
    }

    /**
     * The name TLS sends and checks: grpc-go takes it from the authority, which -authority
     * overrides (grpcurl passes it as grpc.WithAuthority), without its port.
     */
    String tlsName() {
        if (authority == null) {
            return host;
        }
        int colon = authority.lastIndexOf(':');
        String h = colon > 0 && authority.indexOf(':') == colon ? authority.substring(0, colon) : authority;
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** The :authority: -authority, else the address as typed. */
    String authorityOrAddress() {
        return authority != null ? authority : address;
    }
}
