package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.services.redis.Resp;
import dev.minternet.services.redis.RespReader;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.sim.Timer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;

/**
 * redis-cli 7.0 for one command, over simulated TCP:
 *
 * <pre>
 * redis-cli [-h host] [-p port] [-n db] [-a password [--user name]] [-u uri] [-r repeat [-i secs]]
 *           [-e] [-2 | -3] [--raw | --no-raw | --csv] command [arg ...]
 * </pre>
 *
 * It connects and, as cliConnect does, first sends {@code AUTH} (with a password; a failure is
 * printed as {@code AUTH failed: ...} and skips the next two), {@code SELECT db} (when not 0) and
 * {@code HELLO 3} (with {@code -3}), keeping their answers to itself; then it sends the command as
 * an array of bulk strings, {@code -r} times ({@code -1}: forever) with {@code -i} seconds after
 * each, and prints each reply as redis-cli prints it on a terminal ({@link RedisCliFormat#tty};
 * {@code --raw} prints the raw form that redis-cli uses when its output is not a terminal,
 * {@code --csv} comma-separated values). It exits 0, also after an error reply, unless {@code -e}
 * asked for status 1 then. INFO's text is printed as it comes. SUBSCRIBE prints {@code Reading
 * messages... (press Ctrl-C to quit)} and then every message until the run ends. A host that does
 * not resolve or a refused connection prints {@code Could not connect to Redis at HOST:PORT: ...}
 * and exits 1. Without a command it reads commands from its input, one a line (a timeline's
 * {@code input:} lines), as redis-cli's repl does when its input is not a terminal (linenoise
 * prints no prompt then): each line split as sdssplitargs splits it ({@code Invalid argument(s)}
 * for an unbalanced quote), sent and its reply printed before the next; {@code quit} or
 * {@code exit}, or the end of the input (^D), ends it with status 0. A connection that fails is
 * reported, and tried again for each command, as cliConnect does there.
 */
public final class RedisCli implements Tool {
    @Override
    public String name() {
        return "redis-cli";
    }

    @Override
    public String synopsis() {
        return "redis-cli [-h host] [-p port] [-n db] [-a pass] [-u uri] [-r n] [-i secs] [-e] [-2|-3] [--raw|--no-raw|--csv] command [arg ...]";
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        RedisCliArgs o;
        try {
            o = RedisCliArgs.parse(argv);
        } catch (RedisCliArgs.Refusal r) {
            r.lines.forEach(term::println);
            term.exit(r.status);
            return;
        }
        if (o.authWarning()) {
            term.println(RedisCliArgs.AUTH_WARNING);
        }
        new Session(node, term, o).begin();
    }

    private static final class Session implements StreamSocket.Handler {
        final Node node;
        final Terminal term;
        final RedisCliArgs o;
        final RespReader reader = new RespReader();
        boolean subscribe;
        /** No command on the line: commands are read from the input, one a line. */
        final boolean interactive;
        /** The command whose reply is awaited (the line's, or the typed one). */
        List<String> current;
        /** Typed commands not sent yet; the input's end once they are done. */
        final ArrayDeque<List<String>> typed = new ArrayDeque<>();
        boolean inputEnded;
        boolean connecting;
        /** The connection's preamble still to answer: "AUTH", "SELECT", "HELLO"; then the command. */
        final ArrayDeque<String> preamble = new ArrayDeque<>();
        long left;
        Timer pause;
        boolean done;
        StreamSocket socket;

        Session(Node node, Terminal term, RedisCliArgs o) {
            this.node = node;
            this.term = term;
            this.o = o;
            this.interactive = o.command().isEmpty();
            this.current = interactive ? null : o.command();
            this.subscribe = !interactive && isSubscribe(o.command());
            this.left = o.repeat();
        }

        static boolean isSubscribe(List<String> cmd) {
            String c = cmd.get(0).toLowerCase(Locale.ROOT);
            return c.equals("subscribe") || c.equals("psubscribe") || c.equals("ssubscribe");
        }

        void begin() {
            term.onInterrupt(() -> finish(0));
            if (interactive) {
                term.onInput(this::typed);
            }
            connect();
        }

        /** A line typed on the terminal (null: the end of the input). */
        void typed(String line) {
            if (done) {
                return;
            }
            if (line == null) {
                inputEnded = true;
            } else {
                List<String> words = RedisCliArgs.splitArgs(line);
                if (words == null) {
                    term.println("Invalid argument(s)");
                    return;
                }
                if (words.isEmpty()) {
                    return;
                }
                typed.add(words);
            }
            if (current == null && !connecting) {
                nextTyped();
            }
        }

        /** The next typed command: sent (connecting first when there is no connection), or the end. */
        void nextTyped() {
            List<String> cmd = typed.poll();
            if (cmd == null) {
                if (inputEnded) {
                    if (socket != null) {
                        socket.close();
                    }
                    finish(0);
                }
                return;
            }
            String w = cmd.get(0).toLowerCase(Locale.ROOT);
            if (w.equals("quit") || w.equals("exit")) {
                if (socket != null) {
                    socket.close();
                }
                finish(0);
                return;
            }
            current = cmd;
            if (socket == null) {
                connect(); // cliConnect again for each command while there is no connection
                return;
            }
            send();
        }

        void send() {
            subscribe = isSubscribe(current);
            if (subscribe && o.output() != RedisCliArgs.Output.RAW) {
                term.println("Reading messages... (press Ctrl-C to quit)");
            }
            socket.send(Resp.command(current));
        }

        void connect() {
            connecting = true;
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
            connecting = false;
            term.println("Could not connect to Redis at " + o.host() + ":" + o.port() + ": " + why);
            if (!interactive) {
                finish(1);
            } else {
                current = null; // the command (if any) is dropped; the next line tries again
                nextTyped();
            }
        }

        void connected(StreamSocket s) {
            if (done) {
                s.abort();
                return;
            }
            socket = s;
            connecting = false;
            s.setHandler(this);
            if (o.auth() != null) {
                preamble.add("AUTH");
            }
            if (o.db() != 0) {
                preamble.add("SELECT");
            }
            if (o.proto() == 3) {
                preamble.add("HELLO");
            }
            next();
        }

        /** Sends the next preamble command, or the command once more, or ends when the repeats are done. */
        void next() {
            if (done) {
                return;
            }
            String step = preamble.peek();
            if (step != null) {
                socket.send(Resp.command(switch (step) {
                    case "AUTH" -> o.user() == null ? List.of("AUTH", o.auth()) : List.of("AUTH", o.user(), o.auth());
                    case "SELECT" -> List.of("SELECT", Integer.toString(o.db()));
                    default -> List.of("HELLO", "3");
                }));
                return;
            }
            if (interactive) {
                if (current != null) {
                    send(); // the typed command that waited for the connection
                } else {
                    nextTyped();
                }
                return;
            }
            if (left == 0) {
                socket.close();
                finish(0);
                return;
            }
            if (left > 0) {
                left--;
            }
            send();
        }

        /** A preamble command's answer: kept to itself unless it is an error, which redis-cli prints and goes on. */
        void preambleAnswered(Resp r) {
            String step = preamble.poll();
            if (r instanceof Resp.Error e) {
                switch (step) {
                    case "AUTH" -> {
                        term.println("AUTH failed: " + e.text());
                        preamble.clear(); // cliConnect returns before SELECT and HELLO
                    }
                    case "SELECT" -> term.println("SELECT " + o.db() + " failed: " + e.text());
                    default -> term.println("HELLO 3 failed: " + e.text());
                }
            }
            next();
        }

        @Override
        public void onData(StreamSocket s, byte[] data) {
            reader.feed(data);
            try {
                Resp r;
                while (!done && (r = reader.nextReply()) != null) {
                    if (!preamble.isEmpty()) {
                        preambleAnswered(r);
                        continue;
                    }
                    if (o.errcode() && r instanceof Resp.Error e) {
                        term.println(e.text()); // -e: the error's text alone, then status 1
                        s.close();
                        finish(1);
                        return;
                    }
                    print(r);
                    if (interactive && !subscribe) {
                        current = null;
                        nextTyped();
                    } else if (!subscribe) {
                        afterReply();
                    }
                }
            } catch (RespReader.ProtocolError e) {
                term.println("Error: " + e.getMessage());
                s.abort();
                finish(1);
            }
        }

        /** After a reply: -i's pause (usleep, also after the last one), then the next repeat or the end. */
        void afterReply() {
            if (o.intervalNs() <= 0) {
                next();
                return;
            }
            pause = new Timer(node.sim(), this::next);
            pause.setAfter(o.intervalNs());
        }

        void print(Resp r) {
            boolean info = current.get(0).equalsIgnoreCase("info");
            String text = info ? RedisCliFormat.rawValue(r) : switch (o.output()) {
                case RAW -> RedisCliFormat.raw(r);
                case CSV -> RedisCliFormat.csv(r) + "\n";
                default -> RedisCliFormat.tty(r);
            };
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
                if (pause != null) {
                    pause.cancel();
                }
                if (socket != null && code == 0 && subscribe) {
                    socket.close();
                }
                term.exit(code);
            }
        }
    }
}
