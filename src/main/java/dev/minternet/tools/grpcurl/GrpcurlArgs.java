package dev.minternet.tools.grpcurl;

import java.util.ArrayList;
import java.util.List;

/**
 * grpcurl's command line, the part a timeline uses (Go flag syntax: {@code -flag}, {@code --flag},
 * {@code -flag value} or {@code -flag=value}): {@code -plaintext} (h2c with prior knowledge),
 * {@code -insecure} (TLS without verifying the server), {@code -d DATA} (JSON request messages, one
 * after another; {@code @} reads them from standard input, a line each), {@code -max-time SECS}
 * (the whole operation's deadline), {@code -v}, {@code -authority NAME}; then an address
 * {@code host:port} and {@code list [SERVICE]}, {@code describe [SYMBOL]} or a method
 * {@code package.Service/Method}. Bad input throws IllegalArgumentException with grpcurl's words.
 */
record GrpcurlArgs(boolean plaintext, boolean insecure, String data, long maxTimeNs, boolean verbose, String authority,
        String host, int port, String verb, String symbol) {

    static GrpcurlArgs parse(List<String> argv) {
        boolean plaintext = false;
        boolean insecure = false;
        boolean verbose = false;
        String data = null;
        String authority = null;
        long maxTime = 0;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!a.startsWith("-") || a.equals("-") || !rest.isEmpty()) {
                rest.add(a);
                continue;
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
                case "d" -> data = value != null ? value : next(argv, ++i, flag);
                case "authority" -> authority = value != null ? value : next(argv, ++i, flag);
                case "max-time" -> maxTime = seconds(value != null ? value : next(argv, ++i, flag));
                default -> throw new IllegalArgumentException("flag provided but not defined: -" + flag);
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("Too few arguments.");
        }
        String address = rest.get(0);
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address " + address + ": missing port in address (give host:port)");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address " + address + ": invalid port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("address " + address + ": invalid port");
        }
        if (rest.size() < 2) {
            throw new IllegalArgumentException("Too few arguments.");
        }
        String verb = rest.get(1);
        String symbol = rest.size() > 2 ? rest.get(2) : null;
        if (verb.equals("list") || verb.equals("describe")) {
            if (rest.size() > 3) {
                throw new IllegalArgumentException("Too many arguments.");
            }
            if (data != null) {
                throw new IllegalArgumentException("The -d argument is not used with 'list' or 'describe' verb.");
            }
        } else {
            if (rest.size() > 2) {
                throw new IllegalArgumentException("Too many arguments.");
            }
            symbol = verb;
            verb = "invoke";
        }
        return new GrpcurlArgs(plaintext, insecure, data, maxTime, verbose, authority, address.substring(0, colon), port, verb,
                symbol);
    }

    private static boolean bool(String value, String flag) {
        if (value == null || value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("invalid boolean value \"" + value + "\" for -" + flag);
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
            if (s < 0 || s > 1e6 || Double.isNaN(s)) {
                throw new NumberFormatException();
            }
            return Math.round(s * 1e9);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + v + "\" for flag -max-time: parse error");
        }
    }

    /** The :authority: -authority, else the address as typed. */
    String authorityOrAddress() {
        return authority != null ? authority : host + ":" + port;
    }
}
