package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpError;
import dev.minternet.transport.tcp.TcpHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * telnet as GNU inetutils 2.4's prints it (Debian 12's {@code telnet}), the way tutorials use it:
 * {@code telnet www.example.com 80}, then an HTTP request typed by hand.
 *
 * <ul>
 *   <li>The port: a number (1-65535, else "Port number N is out of range."; "8x" is "Invalid
 *       port name '8x'."), a service name, or none: 23, "telnet".</li>
 *   <li>getaddrinfo's addresses in its order (IPv6 first on a dual-stack node), each announced
 *       "Trying ADDR..."; a refused or unreachable one "Connection failed: ERROR" when another
 *       remains, else "telnet: Unable to connect to remote host: ERROR" (exit 1). A name that
 *       does not resolve: "Server lookup failure:  HOST:PORT, Name or service not known".</li>
 *   <li>Connected: "Connected to HOST." and "Escape character is '^]'."; each line typed goes
 *       out with CR LF, as telnet sends a line; to port 23 the client's option negotiation goes
 *       first (the bytes inetutils sends: DO and WILL ENCRYPT, DO SUPPRESS-GO-AHEAD, WILL
 *       TERMINAL-TYPE, NAWS, TERMINAL-SPEED, LFLOW, LINEMODE, NEW-ENVIRON, DO STATUS).</li>
 *   <li>What comes back is printed line by line (carriage returns dropped); when the server
 *       closes, "Connection closed by foreign host." and exit status 0. The end of the input
 *       (Ctrl-D) ends it the same way at once, as the real one at the end of a pipe; Ctrl-C
 *       leaves as its escape and {@code quit} do ("Connection closed.").</li>
 * </ul>
 * Modelled, not real: bytes the server sends are not read as telnet commands (no server here
 * speaks the telnet protocol; web servers never send its IAC byte in headers), and there is no
 * "telnet>" command mode.
 */
public final class Telnet implements Tool {
    /** inetutils' opening negotiation to the telnet port (captured from telnet 2.4 on loopback). */
    static final byte[] NEGOTIATION = {
        (byte) 255, (byte) 253, 38, (byte) 255, (byte) 251, 38, (byte) 255, (byte) 253, 3, (byte) 255, (byte) 251, 24,
        (byte) 255, (byte) 251, 31, (byte) 255, (byte) 251, 32, (byte) 255, (byte) 251, 33, (byte) 255, (byte) 251, 34,
        (byte) 255, (byte) 251, 39, (byte) 255, (byte) 253, 5,
    };

    @Override
    public String name() {
        return "telnet";
    }

    @Override
    public String synopsis() {
        return "telnet [-4] [-6] host [port]";
    }

    @Override
    public void validate(List<String> args) {
        parse(args, Validation.SILENT);
    }

    /** The parsed command line, or null when {@code term} was told why not (and the exit status given). */
    private static Args parse(List<String> given, Terminal term) {
        List<String> argv = given.stream().map(w -> w.equals("--ipv4") ? "-4" : w.equals("--ipv6") ? "-6" : w).toList();
        for (String w : argv) {
            if (w.startsWith("--") && w.length() > 2) {
                term.println("telnet: unrecognized option '" + w + "'");
                term.println("Try 'telnet --help' or 'telnet --usage' for more information.");
                term.exit(64);
                return null;
            }
        }
        Args a;
        try {
            a = new Args(argv, "", "46");
        } catch (IllegalArgumentException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            term.println("telnet: " + m);
            term.println("Try 'telnet --help' or 'telnet --usage' for more information.");
            term.exit(64);
            return null;
        }
        if (a.operands.size() > 2) {
            term.println("telnet: too many arguments");
            term.exit(1);
            return null;
        }
        return a;
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Args a = parse(argv, term);
        if (a == null) {
            return;
        }
        if (a.operands.isEmpty()) {
            term.println("telnet> "); // its command mode, with nothing typed: the prompt, then the end
            term.exit(0);
            return;
        }
        String host = a.operands.get(0);
        String portText = a.operands.size() > 1 ? a.operands.get(1) : "telnet";
        boolean telnetPort = a.operands.size() < 2 || portText.startsWith("-");
        String p = portText.startsWith("-") ? portText.substring(1) : portText;
        int port;
        if (!p.isEmpty() && Character.isDigit(p.charAt(0))) {
            if (!p.matches("\\d+")) {
                term.println("Invalid port name '" + p + "'.");
                term.exit(1);
                return;
            }
            long v = p.length() > 6 ? Long.MAX_VALUE : Long.parseLong(p);
            if (v < 1 || v > 65535) {
                term.println("Port number " + p + " is out of range.");
                term.exit(1);
                return;
            }
            port = (int) v;
        } else {
            Integer byName = Services.byName(p, "tcp");
            if (byName == null) {
                term.println("Server lookup failure:  " + host + ":" + p + ", Servname not supported for ai_socktype");
                term.exit(1);
                return;
            }
            port = byName;
        }
        Session s = new Session(node, term, host, port, telnetPort || port == 23);
        term.onInput(s::typed); // read from the start, while the name is looked up
        int family = a.has('4') ? 4 : a.has('6') ? 6 : 0;
        Names.getaddrinfo(node, host, family, addrs -> {
            if (addrs.isEmpty()) {
                term.println("Server lookup failure:  " + host + ":" + portText + ", Name or service not known");
                s.finish(1);
                return;
            }
            s.addrs.addAll(addrs);
            s.next();
        });
    }

    private static final class Session implements TcpHandler {
        final Node node;
        final Terminal term;
        final String host;
        final int port;
        final boolean negotiate;
        final ArrayDeque<Names.Addr> addrs = new ArrayDeque<>();
        final ArrayDeque<byte[]> out = new ArrayDeque<>();
        final LinePrinter printer;
        final byte[] buf = new byte[64 * 1024];
        TcpConnection conn;
        boolean connected;
        boolean done;
        boolean inputEnded;
        int outAt;

        Session(Node node, Terminal term, String host, int port, boolean negotiate) {
            this.node = node;
            this.term = term;
            this.host = host;
            this.port = port;
            this.negotiate = negotiate;
            this.printer = new LinePrinter(term);
            term.onInterrupt(() -> {
                if (!done) {
                    printer.flush();
                    term.println("Connection closed.");
                    finish(0);
                    if (conn != null) {
                        conn.close();
                    }
                }
            });
        }

        /**
         * A line typed; null: the end of the input, on which telnet leaves at once (sys_bsd.c: a
         * read of 0 from the terminal ends the session) with what is typed sent and whatever the
         * server has not answered yet lost, as {@code printf 'GET /...' | telnet host 80} loses it.
         */
        void typed(String line) {
            if (done) {
                return;
            }
            if (line == null) {
                inputEnded = true;
            } else {
                out.add((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (connected) {
                flush();
            }
        }

        /** After the end of the input, once typed lines are out: the connection closes and telnet ends. */
        void leaveIfInputEnded() {
            if (inputEnded && out.isEmpty() && !done) {
                printer.flush();
                term.println("Connection closed by foreign host.");
                finish(0);
                conn.close();
            }
        }

        /** Tries the next address getaddrinfo gave. */
        void next() {
            Names.Addr dst = addrs.poll();
            term.println("Trying " + dst + "...");
            try {
                conn = dst.isV6() ? node.tcp().connect(0, dst.v6(), port, node.tcp().defaults().copy(), this)
                        : node.tcp().connect(dst.v4(), port, this);
            } catch (IllegalStateException e) {
                failed(e.getMessage());
            }
        }

        void failed(String why) {
            String error = Character.toUpperCase(why.charAt(0)) + why.substring(1);
            if (!addrs.isEmpty()) {
                term.println("Connection failed: " + error);
                next();
                return;
            }
            term.println("telnet: Unable to connect to remote host: " + error);
            finish(1);
        }

        @Override
        public void onConnected(TcpConnection c) {
            connected = true;
            term.println("Connected to " + host + ".");
            term.println("Escape character is '^]'.");
            if (negotiate) {
                out.addFirst(NEGOTIATION.clone());
            }
            flush();
        }

        @Override
        public void onWritable(TcpConnection c) {
            flush();
        }

        void flush() {
            while (!out.isEmpty()) {
                byte[] b = out.peek();
                int n = conn.send(b, outAt, b.length - outAt);
                if (n <= 0) {
                    return;
                }
                outAt += n;
                if (outAt < b.length) {
                    return;
                }
                out.poll();
                outAt = 0;
            }
            leaveIfInputEnded();
        }

        @Override
        public void onReadable(TcpConnection c) {
            int n;
            while ((n = c.read(buf, 0, buf.length)) > 0) {
                printer.write(buf, 0, n);
            }
        }

        @Override
        public void onPeerClosed(TcpConnection c) {
            onReadable(c);
            printer.flush();
            c.close();
            if (!done) {
                term.println("Connection closed by foreign host.");
                finish(0);
            }
        }

        @Override
        public void onClosed(TcpConnection c, TcpError error) {
            if (done) {
                return;
            }
            if (!connected) {
                failed(error == null ? "connection closed" : error.message());
                return;
            }
            printer.flush();
            // a reset reads as the end of the stream (sys_bsd.c: recv() <= 0 ends the session quietly)
            term.println("Connection closed by foreign host.");
            finish(0);
        }

        void finish(int code) {
            if (!done) {
                done = true;
                term.exit(code);
            }
        }
    }
}
