package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.services.redis.Resp;
import dev.minternet.services.redis.RespReader;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpStreamSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * redis-cli 7.0 for one command, over simulated TCP:
 *
 * <pre>
 * redis-cli [-h host] [-p port] [-2 | -3] [--raw | --no-raw] command [arg ...]
 * </pre>
 *
 * It connects (with {@code -3} it first sends {@code HELLO 3}, as redis-cli does), sends the
 * command as an array of bulk strings, prints the reply as redis-cli prints it on a terminal
 * ({@link RedisCliFormat#tty}; {@code --raw} prints the raw form that redis-cli uses when its
 * output is not a terminal), and exits 0, also after an error reply, as redis-cli does. INFO's
 * text is printed as it comes. SUBSCRIBE prints {@code Reading messages... (press Ctrl-C to
 * quit)} and then every message until the run ends. A host that does not resolve or a refused
 * connection prints {@code Could not connect to Redis at HOST:PORT: ...} and exits 1.
 * Interactive mode (no command) is not modelled: a timeline has no keyboard.
 */
public final class RedisCli implements Tool {
    @Override
    public String name() {
        return "redis-cli";
    }

    @Override
    public String synopsis() {
        return "redis-cli [-h host] [-p port] [-2|-3] [--raw|--no-raw] command [arg ...]";
    }

    /** A parsed command line. */
    record Options(String host, int port, int proto, boolean raw, List<String> command) {
    }

    static Options parse(List<String> argv) {
        String host = "127.0.0.1";
        int port = 6379;
        int proto = 2;
        boolean raw = false;
        int i = 0;
        for (; i < argv.size(); i++) {
            String a = argv.get(i);
            boolean last = i + 1 >= argv.size();
            if (a.equals("-h") && !last) {
                host = argv.get(++i);
            } else if (a.equals("-p") && !last) {
                port = portOf(argv.get(++i));
            } else if (a.equals("-3")) {
                proto = 3;
            } else if (a.equals("-2")) {
                proto = 2;
            } else if (a.equals("--raw")) {
                raw = true;
            } else if (a.equals("--no-raw")) {
                raw = false;
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new IllegalArgumentException("Unrecognized option or bad number of args for: '" + a + "'");
            } else {
                break;
            }
        }
        List<String> cmd = new ArrayList<>(argv.subList(i, argv.size()));
        if (cmd.isEmpty()) {
            throw new IllegalArgumentException("no command given (interactive mode needs a keyboard; give a command)");
        }
        return new Options(host, port, proto, raw, cmd);
    }

    /** redis-cli reads the port with atoi: garbage is 0, which no server listens on. */
    private static int portOf(String s) {
        return (int) Args.atoi(s);
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Options o;
        try {
            o = parse(argv);
        } catch (IllegalArgumentException e) {
            term.println(e.getMessage());
            term.exit(1);
            return;
        }
        new Session(node, term, o).begin();
    }

    private static final class Session implements StreamSocket.Handler {
        final Node node;
        final Terminal term;
        final Options o;
        final RespReader reader = new RespReader();
        final boolean subscribe;
        boolean helloPending;
        boolean done;
        StreamSocket socket;

        Session(Node node, Terminal term, Options o) {
            this.node = node;
            this.term = term;
            this.o = o;
            String c = o.command().get(0).toLowerCase(Locale.ROOT);
            this.subscribe = c.equals("subscribe") || c.equals("psubscribe") || c.equals("ssubscribe");
        }

        void begin() {
            term.onInterrupt(() -> finish(0));
            Names.resolve(node, o.host(), addr -> {
                if (addr == 0) {
                    cannotConnect("Name or service not known");
                } else if (o.port() < 1 || o.port() > 65535) {
                    cannotConnect("Connection refused");
                } else {
                    TcpStreamSocket.connect(node.tcp(), addr, o.port(), TcpStreamSocket.noDelay(node.tcp()), this::connected,
                            err -> cannotConnect(errno(err)));
                }
            });
        }

        static String errno(String err) {
            return err.isEmpty() ? err : Character.toUpperCase(err.charAt(0)) + err.substring(1);
        }

        void cannotConnect(String why) {
            term.println("Could not connect to Redis at " + o.host() + ":" + o.port() + ": " + why);
            finish(1);
        }

        void connected(StreamSocket s) {
            if (done) {
                s.abort();
                return;
            }
            socket = s;
            s.setHandler(this);
            if (o.proto() == 3) {
                helloPending = true;
                s.send(Resp.command(List.of("HELLO", "3")));
            }
            if (subscribe && !o.raw()) {
                term.println("Reading messages... (press Ctrl-C to quit)");
            }
            s.send(Resp.command(o.command()));
        }

        @Override
        public void onData(StreamSocket s, byte[] data) {
            reader.feed(data);
            try {
                Resp r;
                while (!done && (r = reader.nextReply()) != null) {
                    if (helloPending) {
                        helloPending = false; // redis-cli keeps HELLO's answer to itself
                        continue;
                    }
                    print(r);
                    if (!subscribe) {
                        s.close();
                        finish(0);
                    }
                }
            } catch (RespReader.ProtocolError e) {
                term.println("Error: " + e.getMessage());
                s.abort();
                finish(1);
            }
        }

        void print(Resp r) {
            boolean info = o.command().get(0).equalsIgnoreCase("info");
            String text = info ? RedisCliFormat.rawValue(r) : o.raw() ? RedisCliFormat.raw(r) : RedisCliFormat.tty(r);
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length - 1; i++) {
                String l = lines[i];
                term.println(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
            }
            if (!lines[lines.length - 1].isEmpty()) {
                term.println(lines[lines.length - 1]);
            }
        }

        @Override
        public void onPeerClosed(StreamSocket s) {
            if (!done) {
                term.println("Error: Server closed the connection");
                s.close();
                finish(1);
            }
        }

        @Override
        public void onClosed(StreamSocket s, String error) {
            if (!done) {
                term.println("Error: " + (error == null ? "Server closed the connection" : errno(error)));
                finish(1);
            }
        }

        void finish(int code) {
            if (!done) {
                done = true;
                if (socket != null && code == 0 && subscribe) {
                    socket.close();
                }
                term.exit(code);
            }
        }
    }
}
