package dev.minternet.tools.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of mosquitto_pub and mosquitto_sub 2.0 (the options a timeline uses):
 *
 * <pre>
 * mosquitto_pub -h host [-p port] -t topic (-m message | -n | -l) [-q qos] [-r] [-i id] [-c] [-k secs] [-d] [-V 5|311] [will]
 * mosquitto_sub -h host [-p port] -t filter ... [-q qos] [-v] [-C count] [-W secs] [-i id] [-c] [-k secs] [-d] [-V 5|311] [will]
 * will: --will-topic topic --will-payload text [--will-qos qos] [--will-retain]
 * both: [-u username [-P password]] [--quiet]; mosquitto_sub also: [-R] [-E] [-F format]
 * </pre>
 *
 * A mistake throws IllegalArgumentException with mosquitto's own line ({@code Error: ...}; a
 * trailing newline where client_shared.c prints {@code "\n\n"}); {@code --help}, {@code --version}
 * and mosquitto_pub without a topic or message throw a {@link Usage} with what is printed instead.
 */
record MqttArgs(String host, int port, List<String> topics, byte[] message, int qos, boolean retain, String id, boolean clean,
        int keepAlive, boolean debug, int version, boolean verbose, int count, int timeout, String willTopic, byte[] willPayload,
        int willQos, boolean willRetain, boolean lines, String username, String password, boolean noRetain, boolean exitAfterSub,
        boolean quiet, String format) {

    /** The version both clients print for {@code --version} and atop {@code --help}. */
    static final String VERSION = "2.0.11";

    /**
     * A command line answered with text instead of a run (exit status 1 all the same, as
     * mosquitto's clients end): the version line, the usage, or an error and the usage.
     */
    static final class Usage extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final List<String> lines;

        Usage(List<String> lines) {
            super(String.join("\n", lines));
            this.lines = lines;
        }
    }

    /** What mosquitto_pub or mosquitto_sub prints for a refused command line, and its exit status 1. */
    static void refuse(IllegalArgumentException e, boolean pub, dev.minternet.tools.Terminal term) {
        if (e instanceof Usage u) {
            u.lines.forEach(term::println);
        } else {
            for (String l : e.getMessage().split("\n", -1)) {
                term.println(l);
            }
            term.println("");
            term.println("Use '" + (pub ? "mosquitto_pub" : "mosquitto_sub") + " --help' to see usage.");
        }
        term.exit(1);
    }

    /** The client's --help text (print_usage of mosquitto 2.0.11's pub_client.c or sub_client.c). */
    static List<String> help(boolean pub) {
        String name = pub ? "mosquitto_pub-help.txt" : "mosquitto_sub-help.txt";
        try (java.io.InputStream in = MqttArgs.class.getResourceAsStream(name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return List.of(text.substring(0, text.length() - 1).split("\n", -1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** For {@code minternet check}: the first line of a refusal; --help and --version pass. */
    static void validate(List<String> argv, boolean pub) {
        try {
            parse(argv, pub);
        } catch (Usage u) {
            if (u.lines.get(0).startsWith("Error:")) {
                throw new IllegalArgumentException(u.lines.get(0));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().strip());
        }
    }

    static MqttArgs parse(List<String> argv, boolean pub) {
        String host = "localhost";
        int port = 1883;
        List<String> topics = new ArrayList<>();
        byte[] message = null;
        int qos = 0;
        boolean retain = false;
        String id = null;
        boolean clean = true;
        int keepAlive = 60;
        boolean debug = false;
        int version = 4;
        boolean verbose = false;
        int count = 0;
        int timeout = 0;
        String willTopic = null;
        byte[] willPayload = null;
        int willQos = 0;
        boolean willRetain = false;
        boolean lines = false;
        String username = null;
        String password = null;
        boolean noRetain = false;
        boolean exitAfterSub = false;
        boolean quiet = false;
        String format = null;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            switch (a) {
                case "-d", "--debug" -> debug = true;
                case "-r", "--retain" -> {
                    only(pub, a);
                    retain = true;
                }
                case "--help" -> throw new Usage(help(pub));
                case "--version" -> throw new Usage(List.of((pub ? "mosquitto_pub" : "mosquitto_sub") + " version " + VERSION
                        + " running on libmosquitto " + VERSION + "."));
                case "-l", "--stdin-line" -> {
                    only(pub, a);
                    oneMessage(message != null || lines);
                    lines = true;
                }
                case "-n", "--null-message" -> {
                    only(pub, a);
                    oneMessage(message != null || lines);
                    message = new byte[0];
                }
                case "-v", "--verbose" -> {
                    only(!pub, a);
                    verbose = true;
                }
                case "-c", "--disable-clean-session" -> clean = false;
                case "--will-retain" -> willRetain = true;
                case "--quiet" -> quiet = true;
                case "-R" -> {
                    only(!pub, a);
                    noRetain = true;
                }
                case "-E" -> {
                    only(!pub, a);
                    exitAfterSub = true;
                }
                default -> {
                    if (i + 1 >= argv.size()) {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException(needs(a, pub));
                        }
                        throw new IllegalArgumentException("Error: Unknown option '" + a + "'.");
                    }
                    String v = argv.get(++i);
                    switch (a) {
                        case "-h", "--host" -> host = v;
                        case "-u", "--username" -> username = v;
                        case "-P", "--pw" -> password = v;
                        case "-p", "--port" -> {
                            port = number(v);
                            if (port < 0 || port > 65535) {
                                throw new IllegalArgumentException("Error: Invalid port given: " + port);
                            }
                        }
                        case "-t", "--topic" -> topics.add(topic(v, pub));
                        case "-m", "--message" -> {
                            only(pub, a);
                            oneMessage(message != null || lines);
                            message = v.getBytes(StandardCharsets.UTF_8);
                        }
                        case "-q", "--qos" -> qos = qosOf(v, "Error: Invalid QoS given: ");
                        case "-i", "--id" -> id = v;
                        case "-k", "--keepalive" -> {
                            keepAlive = number(v);
                            if (keepAlive < 5 || keepAlive > 65535) {
                                throw new IllegalArgumentException("Error: Invalid keepalive given, it must be between 5 and 65535 inclusive.\n");
                            }
                        }
                        case "-V", "--protocol-version" -> version = switch (v) {
                            case "mqttv5", "5" -> 5;
                            case "mqttv311", "311" -> 4;
                            case "mqttv31", "31" -> 3;
                            default -> throw new IllegalArgumentException("Error: Invalid protocol version argument given.\n");
                        };
                        case "-C" -> {
                            only(!pub, a);
                            count = number(v);
                            if (count < 1) {
                                throw new IllegalArgumentException("Error: Invalid message count \"" + count + "\".\n");
                            }
                        }
                        case "-W" -> {
                            only(!pub, a);
                            timeout = number(v);
                            if (timeout < 1) {
                                throw new IllegalArgumentException("Error: Invalid timeout \"" + timeout + "\".\n");
                            }
                        }
                        case "-F" -> {
                            only(!pub, a);
                            format = SubFormat.check(v);
                        }
                        case "--will-topic" -> willTopic = v;
                        case "--will-payload" -> willPayload = v.getBytes(StandardCharsets.UTF_8);
                        case "--will-qos" -> {
                            willQos = number(v);
                            if (willQos < 0 || willQos > 2) {
                                throw new IllegalArgumentException("Error: Invalid will QoS " + willQos + ".\n");
                            }
                        }
                        default -> throw new IllegalArgumentException("Error: Unknown option '" + a + "'.");
                    }
                }
            }
        }
        if (willPayload != null && willTopic == null) {
            throw new IllegalArgumentException("Error: Will payload given, but no will topic given.");
        }
        if (willRetain && willTopic == null) {
            throw new IllegalArgumentException("Error: Will retain given, but no will topic given.");
        }
        if (!clean && id == null) {
            throw new IllegalArgumentException("Error: You must provide a client id if you are using the -c option.");
        }
        if (!pub && topics.isEmpty()) {
            throw new IllegalArgumentException("Error: You must specify a topic to subscribe to.");
        }
        if (pub && (topics.isEmpty() || message == null && !lines)) {
            List<String> out = new ArrayList<>();
            out.add("Error: Both topic and message must be supplied.");
            out.addAll(help(true));
            throw new Usage(out);
        }
        return new MqttArgs(host, port, List.copyOf(topics), message, qos, retain, id, clean, keepAlive, debug, version, verbose, count,
                timeout, willTopic, willPayload == null ? new byte[0] : willPayload, willQos, willRetain, lines, username, password, noRetain, exitAfterSub, quiet, format);
    }

    /** cfg_add_topic: a topic is checked as it is read, before the options after it. */
    private static String topic(String t, boolean pub) {
        boolean ok = pub ? dev.minternet.services.mqtt.Topics.validName(t) : dev.minternet.services.mqtt.Topics.validFilter(t);
        if (!ok) {
            throw new IllegalArgumentException(pub ? "Error: Invalid publish topic '" + t + "', does it contain '+' or '#'?"
                    : "Error: Invalid subscription topic '" + t + "', are all '+' and '#' wildcards correct?");
        }
        return t;
    }

    /** mosquitto_pub sends one kind of message: -m, -n, -l (and -f, -s) exclude each other. */
    private static void oneMessage(boolean already) {
        if (already) {
            throw new IllegalArgumentException("Error: Only one type of message can be sent at once.\n");
        }
    }

    private static void only(boolean allowed, String opt) {
        if (!allowed) {
            throw new IllegalArgumentException("Error: Unknown option '" + opt + "'.");
        }
    }

    /** The option at the end of the line wants a value: "\n\n" after, as client_shared.c prints it. */
    private static String needs(String opt, boolean pub) {
        String m = switch (opt) {
            case "-h", "--host" -> "Error: -h argument given but no host specified.";
            case "-p", "--port" -> "Error: -p argument given but no port specified.";
            case "-t", "--topic" -> "Error: -t argument given but no topic specified.";
            case "-m", "--message" -> pub ? "Error: -m argument given but no message specified." : null;
            case "-q", "--qos" -> "Error: -q argument given but no QoS specified.";
            case "-i", "--id" -> "Error: -i argument given but no id specified.";
            case "-u", "--username" -> "Error: -u argument given but no username specified.";
            case "-P", "--pw" -> "Error: -P argument given but no password specified.";
            case "-C" -> pub ? null : "Error: -C argument given but no count specified.";
            case "-F" -> pub ? null : "Error: -F argument given but no format specified.";
            case "-W" -> pub ? null : "Error: -W argument given but no timeout specified.";
            case "-k", "--keepalive" -> "Error: -k argument given but no keepalive specified.";
            case "-V", "--protocol-version" -> "Error: --protocol-version argument given but no version specified.";
            case "--will-topic" -> "Error: --will-topic argument given but no will topic specified.";
            case "--will-payload" -> "Error: --will-payload argument given but no will payload specified.";
            case "--will-qos" -> "Error: --will-qos argument given but no will QoS specified.";
            default -> null;
        };
        return m == null ? "Error: Unknown option '" + opt + "'." : m + "\n";
    }

    /** mosquitto reads numbers with atoi: garbage is 0. */
    private static int number(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int qosOf(String v, String error) {
        int q = number(v);
        if (q < 0 || q > 2 || !v.strip().matches("\\d+")) {
            throw new IllegalArgumentException(error + q);
        }
        return q;
    }
}
