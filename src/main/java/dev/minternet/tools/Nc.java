package dev.minternet.tools;

import dev.minternet.files.FilePolicy;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.transport.tcp.CongestionAlgorithm;
import dev.minternet.transport.tcp.TcpConfig;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpError;
import dev.minternet.transport.tcp.TcpHandler;
import dev.minternet.transport.tcp.TcpListener;
import dev.minternet.units.Units;
import dev.minternet.wire.Ip4;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * nc (netcat) over simulated TCP, in the OpenBSD style, with the data source given as an option
 * because a timeline has no stdin ({@code -u} hands the command line to {@link NcUdp}):
 *
 * <pre>
 * nc -l [-k] [-v] [-d | -o file] port              listen; print (or save, or discard) what arrives
 * nc [-v] [-z] [-C cc] [-w secs] [-b bytes | -f file | -m text] host port [port...]
 * </pre>
 *
 * Several ports, service names and ranges may follow the host ({@code nc -zv host 80 443 20-25}),
 * tried in turn ({@link PortRange}).
 *
 * The client sends its data, then shuts down its sending side (like {@code nc -N}) and prints
 * what the server sends back until the server closes. Without {@code -b}, {@code -f}, {@code -m},
 * {@code -z} or {@code -d} it sends what is typed on the terminal, line by line as OpenBSD nc
 * reads its standard input ({@code -C}: each line ends in CRLF, as HTTP by hand wants; Ctrl-D
 * half-closes with {@code -N}, else nc waits for the server to close). {@code -b} sends that many zero bytes
 * (units allowed: 10MB, 1GiB); {@code -f} a file; {@code -m} a line of text. {@code -v} reports
 * the connection and, at the end, bytes, duration, throughput and the SHA-256 of what was sent or
 * received, so a scenario can compare both ends. {@code -C newreno|cubic} picks the congestion control
 * (a Minternet extension; {@code -C} before anything else is OpenBSD's CRLF).
 */
public final class Nc implements Tool {
    @Override
    public String name() {
        return "nc";
    }

    @Override
    public String synopsis() {
        return "nc [-46lkvzdNC] [-b bytes | -f file | -m text] [-o file] [-C cc] [-w secs] [host] port[-port]...  (-u: UDP)";
    }

    /** TCP mode's flags (-4 and -6: getaddrinfo's family). */
    private static final String FLAGS = "lkvzdnN46";

    /** Option letters that take a value, in TCP or UDP mode. */
    private static final String VALUE_LETTERS = "bfmoCwspe";

    /**
     * Whether {@code argv[i]} ends in OpenBSD nc's -C (send CRLF): a flag cluster ending in C that
     * no congestion control follows ({@code -C newreno|cubic} is a Minternet extension).
     */
    private static boolean crlfFlag(List<String> argv, int i) {
        String t = argv.get(i);
        if (t.length() < 2 || t.charAt(0) != '-' || !t.endsWith("C") || !t.chars().skip(1).allMatch(c -> c == 'C' || FLAGS.indexOf(c) >= 0)) {
            return false;
        }
        if (i + 1 >= argv.size()) {
            return true;
        }
        try {
            CongestionAlgorithm.parse(argv.get(i + 1));
            return false;
        } catch (IllegalArgumentException notOne) {
            return true;
        }
    }

    /** Whether {@code argv} has OpenBSD nc's -C (send CRLF). */
    static boolean crlf(List<String> argv) {
        for (int i = 0; i < argv.size(); i++) {
            if (crlfFlag(argv, i)) {
                return true;
            }
        }
        return false;
    }

    /** {@code argv} without the CRLF -C (the option parser reads -C as taking a congestion control). */
    static List<String> withoutCrlf(List<String> argv) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String t = argv.get(i);
            if (crlfFlag(argv, i)) {
                if (t.length() > 2) {
                    out.add(t.substring(0, t.length() - 1));
                }
                continue;
            }
            out.add(t);
        }
        return out;
    }

    @Override
    public void start(Node node, List<String> given, Terminal term) {
        boolean crlf = crlf(given);
        List<String> argv = withoutCrlf(given);
        if (udpMode(argv)) {
            new NcUdp().start(node, argv, term);
            return;
        }
        try {
            Args a = new Args(argv, "bfmoCwsp", FLAGS);
            TcpConfig cfg = node.tcp().defaults().copy();
            if (a.has('C')) {
                cfg.congestionControl(CongestionAlgorithm.parse(a.str('C', "")));
            }
            if (a.has('l')) {
                int port = port(a.has('p') ? a.str('p', "") : single(a.operands, "port"));
                new Server(node, term, a, port, cfg).begin();
            } else {
                int[] list = ports(a);
                String host = a.operands.get(0);
                Client probe = new Client(node, term, a, host, list[0], cfg, List.of(), 0, crlf, null); // its options refused now
                Typed typed = probe.interactive ? new Typed() : null;
                if (typed != null) {
                    term.onInput(typed::accept); // nc reads its input from the start, while the name is looked up
                }
                // getaddrinfo (AF_UNSPEC, or -4/-6): every address in its order, each tried in turn
                Names.getaddrinfo(node, host, family(argv), addrs -> {
                    if (list.length == 1) {
                        new Client(node, term, a, host, list[0], cfg, addrs, 0, crlf, typed).begin();
                    } else {
                        scan(node, term, a, host, list, cfg, addrs);
                    }
                });
            }
        } catch (FileProblem | PortRange.BadPort e) {
            term.println("nc: " + e.getMessage());
            term.exit(1);
        } catch (IllegalArgumentException e) {
            term.println("nc: " + e.getMessage());
            term.println("usage: " + synopsis());
            term.exit(1);
        }
    }

    @Override
    public void validate(List<String> given) {
        List<String> argv = withoutCrlf(given);
        if (udpMode(argv)) {
            new NcUdp().validate(argv);
            return;
        }
        Args a = new Args(argv, "bfmoCwsp", FLAGS);
        if (a.has('C')) {
            CongestionAlgorithm.parse(a.str('C', ""));
        }
        if (a.has('l')) {
            port(a.has('p') ? a.str('p', "") : single(a.operands, "port"));
        } else {
            ports(a);
        }
    }

    /** -4 or -6, the last given winning as in OpenBSD nc's option loop (0: neither, AF_UNSPEC). */
    static int family(List<String> argv) {
        int f = 0;
        for (String t : argv) {
            if (t.length() > 1 && t.charAt(0) == '-' && t.chars().skip(1).allMatch(c -> FLAGS.indexOf(c) >= 0)) {
                for (char c : t.substring(1).toCharArray()) {
                    f = c == '4' ? 4 : c == '6' ? 6 : f;
                }
            }
        }
        return f;
    }

    /** The ports after the host: numbers, service names and ranges, in order ({@link PortRange#ports}). */
    static int[] ports(Args a) {
        if (a.operands.isEmpty()) {
            throw new IllegalArgumentException("missing destination host and port");
        }
        return PortRange.ports(a.operands.subList(1, a.operands.size()), "tcp");
    }

    /**
     * One connection to each of {@code ports} in turn, as nc tries them: each reports as a
     * single one would; the status is 0 when any succeeded.
     */
    private static void scan(Node node, Terminal term, Args a, String host, int[] ports, TcpConfig cfg, List<Names.Addr> addrs) {
        if (addrs.isEmpty()) {
            new Client(node, term, a, host, ports[0], cfg, addrs, 0, false, null).begin(); // getaddrinfo fails once, and nc stops
            return;
        }
        PortRange.each(node, term, ports, (t, port) -> new Client(node, t, a, host, port, cfg, addrs, 0, false, null).begin());
    }

    @Override
    public List<FileArg> files(List<String> argv) {
        if (udpMode(argv)) {
            return List.of();
        }
        try {
            Args a = new Args(argv, "bfmoCwsp", FLAGS);
            List<FileArg> out = new ArrayList<>();
            if (a.has('f')) {
                out.add(new FileArg("-f", a.str('f', ""), false));
            }
            if (a.has('o')) {
                out.add(new FileArg("-o", a.str('o', ""), true));
            }
            return out;
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** A file nc cannot read: reported without the usage line, as nc does. */
    private static final class FileProblem extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        FileProblem(String message) {
            super(message);
        }
    }

    /** Whether {@code -u} appears among the flags (alone or in a cluster such as -ul). */
    static boolean udpMode(List<String> argv) {
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--")) {
                return false;
            }
            if (a.length() < 2 || a.charAt(0) != '-' || Character.isDigit(a.charAt(1))) {
                continue;
            }
            for (int k = 1; k < a.length(); k++) {
                char c = a.charAt(k);
                if (c == 'u') {
                    return true;
                }
                if (VALUE_LETTERS.indexOf(c) >= 0) {
                    if (k == a.length() - 1) {
                        i++; // the value is the next word
                    }
                    break;
                }
            }
        }
        return false;
    }

    private static String single(List<String> ops, String what) {
        if (ops.size() != 1) {
            throw new IllegalArgumentException("missing " + what);
        }
        return ops.get(0);
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port number invalid: " + s);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rate(long bytes, long ns) {
        double s = ns / 1e9;
        return String.format(Locale.ROOT, "%d bytes in %.3f s (%.2f Mbit/s)", bytes, s, s > 0 ? bytes * 8 / s / 1e6 : 0.0);
    }

    /**
     * How many handshaken connections wait for {@code nc -l -k} while it serves one: netcat
     * listens with a backlog of 1, and Linux's accept queue holds backlog + 1.
     */
    static final int ACCEPT_QUEUE = 2;

    /** {@code nc -l}: accepts connections, prints or saves what arrives. */
    private static final class Server implements TcpListener.AcceptHandler {
        final Node node;
        final Terminal term;
        final boolean keep;
        final boolean verbose;
        final boolean discard;
        final String outFile;
        final int port;
        final TcpConfig cfg;
        TcpListener listener;
        boolean busy;
        boolean done;
        /** Connections the kernel accepted while nc -k was serving another, oldest first. */
        final ArrayDeque<TcpConnection> waiting = new ArrayDeque<>();

        Server(Node node, Terminal term, Args a, int port, TcpConfig cfg) {
            this.node = node;
            this.term = term;
            this.keep = a.has('k');
            this.verbose = a.has('v');
            this.discard = a.has('d');
            this.outFile = a.has('o') ? a.str('o', "") : null;
            this.port = port;
            this.cfg = cfg;
        }

        void begin() {
            try {
                listener = node.tcp().listen(0, port, 1, cfg, this);
            } catch (IllegalStateException e) {
                term.println("nc: " + e.getMessage());
                term.exit(1);
                return;
            }
            if (verbose) {
                term.println("Listening on 0.0.0.0 " + port);
            }
            term.onInterrupt(() -> finish(0));
        }

        @Override
        public void onAccept(TcpConnection c) {
            if (busy) {
                if (!keep || waiting.size() >= ACCEPT_QUEUE) {
                    c.abort(); // without -k, nc serves one connection; with it, a full accept queue
                    return;
                }
                // -k: the kernel completed the handshake and holds the connection (and what it
                // sends, up to the receive window) until nc's next accept()
                Waiting w = new Waiting();
                c.setHandler(w);
                waiting.add(c);
                return;
            }
            serve(c);
        }

        void serve(TcpConnection c) {
            busy = true;
            if (verbose) {
                term.println("Connection received on " + Ip4.str(c.remoteAddress()) + " " + c.remotePort());
            }
            Session s = new Session(c);
            c.setHandler(s);
            if (c.available() > 0) {
                s.onReadable(c);
            }
        }

        /** With -k, the next connection in the accept queue once the last one ended. */
        void next() {
            while (!waiting.isEmpty()) {
                TcpConnection c = waiting.poll();
                Waiting w = (Waiting) c.handler();
                if (w.closed) {
                    continue; // reset or gone before nc accepted it
                }
                serve(c);
                if (w.peerClosed) {
                    ((Session) c.handler()).onPeerClosed(c);
                }
                return;
            }
        }

        /** A connection in the accept queue: nothing reads it yet. */
        final class Waiting implements TcpHandler {
            boolean peerClosed;
            boolean closed;

            @Override
            public void onPeerClosed(TcpConnection c) {
                peerClosed = true;
            }

            @Override
            public void onClosed(TcpConnection c, TcpError error) {
                closed = true;
            }
        }

        void finish(int code) {
            if (!done) {
                done = true;
                listener.close();
                waiting.forEach(TcpConnection::abort); // the queue dies with the listening socket
                waiting.clear();
                term.exit(code);
            }
        }

        final class Session extends Receiver {
            final long start = node.sim().now();
            final MessageDigest digest = sha256();
            OutputStream file;

            Session(TcpConnection c) {
                super(term);
                if (outFile != null) {
                    try {
                        file = term.files().create(outFile, false); // under the output folder
                    } catch (IOException e) {
                        term.println("nc: " + outFile + ": " + FilePolicy.reason(e));
                        c.abort();
                    }
                }
            }

            @Override
            void consume(byte[] b, int n) {
                digest.update(b, 0, n);
                if (file != null) {
                    try {
                        file.write(b, 0, n);
                    } catch (IOException e) {
                        term.println("nc: " + e.getMessage());
                    }
                } else if (!discard) {
                    printer.write(b, 0, n);
                }
            }

            @Override
            public void onClosed(TcpConnection c, TcpError error) {
                printer.flush(); // nc wrote the bytes as they came: a last line without its newline is on the screen too
                if (file != null) {
                    try {
                        file.close();
                    } catch (IOException e) {
                        term.println("nc: " + e.getMessage());
                    }
                }
                if (error != null && error != TcpError.ABORTED) {
                    term.println("nc: " + error.message());
                }
                if (verbose) {
                    term.println("received " + rate(received, node.sim().now() - start) + ", sha256 "
                            + HexFormat.of().formatHex(digest.digest()));
                }
                busy = false;
                if (!keep) {
                    finish(error == null ? 0 : 1);
                } else {
                    next();
                }
            }
        }
    }

    /**
     * What both ends of a TCP nc do with what arrives: read all there is, count it and hand it on;
     * at the peer's FIN, read the rest, flush the last line and close.
     */
    private abstract static class Receiver implements TcpHandler {
        final byte[] buf = new byte[64 * 1024];
        final LinePrinter printer;
        long received;

        Receiver(Terminal term) {
            this.printer = new LinePrinter(term);
        }

        /** Takes the {@code n} bytes just read into {@code b}. */
        abstract void consume(byte[] b, int n);

        @Override
        public void onReadable(TcpConnection c) {
            int n;
            while ((n = c.read(buf, 0, buf.length)) > 0) {
                received += n;
                consume(buf, n);
            }
        }

        @Override
        public void onPeerClosed(TcpConnection c) {
            onReadable(c);
            printer.flush();
            c.close();
        }
    }

    /**
     * What is typed on nc's terminal, kept from the start (before any connection): the client
     * trying an address gets all of it, then each line typed while it is the current one.
     */
    private static final class Typed {
        final List<String> lines = new java.util.ArrayList<>();
        boolean eof;
        Client client;

        void accept(String line) {
            if (line == null) {
                eof = true;
            } else {
                lines.add(line);
            }
            if (client != null) {
                client.typed(line);
            }
        }

        void attach(Client c) {
            client = c;
            for (String l : lines) {
                c.typed(l);
            }
            if (eof) {
                c.typed(null);
            }
        }
    }

    /** {@code nc host port}: connects, sends, half-closes, prints the answer. */
    private static final class Client extends Receiver {
        static final byte[] ZEROS = new byte[64 * 1024];
        final Node node;
        final Terminal term;
        final boolean verbose;
        final boolean scan;
        /** -n: no service names. */
        final boolean numeric;
        final String host;
        final int port;
        final TcpConfig cfg;
        final long timeoutNs;
        final MessageDigest digest = sha256();
        byte[] data;
        long zeros;
        long total;
        long sent;
        long start;
        /** When the connection was made, or Long.MIN_VALUE before (a connection to lo can be made at 0 s). */
        long connectedAt = Long.MIN_VALUE;
        boolean done;
        TcpConnection conn;
        Timer timeout;

        /** getaddrinfo's addresses, and the one this connection tries (a failure tries the next). */
        final List<Names.Addr> addrs;
        final int at;
        final Args args;

        /** No -b, -f, -m, -z or -d: what is typed on the terminal goes to the connection. */
        final boolean interactive;
        /** -C: each typed line ends in CRLF. */
        final boolean crlf;
        /** Ctrl-D was typed (the end of nc's standard input). */
        boolean eof;
        boolean shut;

        /** What is typed on the terminal (null: the client sends no typed input). */
        final Typed typedInput;

        Client(Node node, Terminal term, Args a, String host, int port, TcpConfig cfg, List<Names.Addr> addrs, int at, boolean crlf,
                Typed typedInput) {
            super(term);
            this.crlf = crlf;
            this.typedInput = typedInput;
            this.addrs = addrs;
            this.at = at;
            this.args = a;
            this.node = node;
            this.term = term;
            this.verbose = a.has('v');
            this.scan = a.has('z');
            this.numeric = a.has('n');
            this.host = host;
            this.port = port;
            this.cfg = cfg;
            this.timeoutNs = a.has('w') ? NcUdp.timeout(a, 0) : 0;
            int sources = (a.has('b') ? 1 : 0) + (a.has('f') ? 1 : 0) + (a.has('m') ? 1 : 0);
            if (sources > 1) {
                throw new IllegalArgumentException("give at most one of -b, -f and -m");
            }
            if (a.has('b')) {
                zeros = Units.bytes(a.str('b', ""));
                total = zeros;
            } else if (a.has('f')) {
                String name = a.str('f', "");
                try {
                    data = term.files().read(name); // from the scenario's folder
                } catch (IOException e) {
                    throw new FileProblem(name + ": " + FilePolicy.reason(e));
                }
                total = data.length;
            } else if (a.has('m')) {
                data = (a.str('m', "") + "\n").getBytes(StandardCharsets.UTF_8);
                total = data.length;
            } else {
                data = new byte[0];
            }
            interactive = sources == 0 && !scan && !a.has('d');
        }

        /** A line typed on the terminal (null: Ctrl-D): sent when connected, as nc reads its standard input. */
        void typed(String line) {
            if (done) {
                return;
            }
            if (line == null) {
                eof = true;
            } else {
                byte[] b = (line + (crlf ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8);
                byte[] grown = java.util.Arrays.copyOf(data, data.length + b.length);
                System.arraycopy(b, 0, grown, data.length, b.length);
                data = grown;
                total = data.length;
            }
            if (connectedAt != Long.MIN_VALUE && conn != null) {
                fill(conn);
            }
        }

        void begin() {
            if (addrs.isEmpty()) {
                term.println("nc: getaddrinfo for host \"" + host + "\" port " + port + ": Name or service not known");
                term.exit(1);
                return;
            }
            Names.Addr dst = addrs.get(at);
            start = node.sim().now();
            try {
                conn = dst.isV6() ? node.tcp().connect(0, dst.v6(), port, cfg, this) : node.tcp().connect(dst.v4(), port, cfg, this);
            } catch (IllegalStateException e) {
                if (verbose) { // OpenBSD nc warns of a failed connect only with -v
                    term.println("nc: connect to " + Services.ncWhere(host, dst.toString()) + " port " + port + " (tcp) failed: " + e.getMessage());
                }
                failed();
                return;
            }
            if (timeoutNs > 0) {
                timeout = new Timer(node.sim(), () -> {
                    if (connectedAt == Long.MIN_VALUE && !done) {
                        if (verbose) {
                            term.println("nc: connect to " + Services.ncWhere(host, dst.toString()) + " port " + port
                                    + " (tcp) timed out: Operation now in progress");
                        }
                        failed();
                        conn.abort();
                    }
                });
                timeout.setAfter(timeoutNs);
            }
            term.onInterrupt(() -> {
                if (!done) {
                    finish(130);
                    conn.abort();
                }
            });
            if (typedInput != null) {
                typedInput.attach(this);
            }
        }

        @Override
        public void onConnected(TcpConnection c) {
            connectedAt = node.sim().now();
            if (verbose) { // netcat-openbsd 1.219: nc -z alone says nothing, its status tells
                term.println(Services.ncSucceeded(host, addrs.get(at).toString(), port, "tcp", numeric));
            }
            if (scan) {
                c.close();
                return;
            }
            fill(c);
        }

        @Override
        public void onWritable(TcpConnection c) {
            fill(c);
        }

        private void fill(TcpConnection c) {
            while (sent < total) {
                int n;
                int want = (int) Math.min(total - sent, 1 << 20);
                if (data == null) {
                    n = c.sendZeros(want);
                    for (int k = n; k > 0; k -= Math.min(k, ZEROS.length)) {
                        digest.update(ZEROS, 0, Math.min(k, ZEROS.length));
                    }
                } else {
                    n = c.send(data, (int) sent, want);
                    if (n > 0) {
                        digest.update(data, (int) sent, n);
                    }
                }
                if (n <= 0) {
                    return;
                }
                sent += n;
            }
            // after its data, or after Ctrl-D with -N; typed input without -N keeps the connection open
            if (!shut && (!interactive || eof && args.has('N'))) {
                shut = true;
                c.shutdownOutput();
            }
        }

        @Override
        void consume(byte[] b, int n) {
            printer.write(b, 0, n);
        }

        @Override
        public void onClosed(TcpConnection c, TcpError error) {
            if (done) {
                return;
            }
            if (connectedAt == Long.MIN_VALUE) {
                if (verbose) {
                    term.println("nc: connect to " + Services.ncWhere(host, addrs.get(at).toString()) + " port " + port + " (tcp) failed: "
                            + (error == null ? "Connection closed" : capitalized(error.message())));
                }
                failed();
                return;
            }
            if (error != null && error != TcpError.ABORTED) {
                term.println("nc: " + error.message());
            }
            if (verbose && !scan) {
                term.println("sent " + rate(sent, node.sim().now() - connectedAt) + ", sha256 "
                        + HexFormat.of().formatHex(digest.digest()));
            }
            finish(error == null ? 0 : 1);
        }

        private static String capitalized(String s) {
            return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }

        void finish(int code) {
            if (!done) {
                done = true;
                if (timeout != null) {
                    timeout.cancel();
                }
                term.exit(code);
            }
        }

        /** This address did not connect: the next one getaddrinfo gave, as nc's connect loop goes on, or the end. */
        private void failed() {
            if (at + 1 >= addrs.size()) {
                finish(1);
                return;
            }
            done = true;
            if (timeout != null) {
                timeout.cancel();
            }
            new Client(node, term, args, host, port, cfg, addrs, at + 1, crlf, typedInput).begin();
        }
    }
}
