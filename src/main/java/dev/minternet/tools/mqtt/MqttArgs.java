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
 * A mistake throws IllegalArgumentException with mosquitto's own line ({@code Error: ...}).
 */
record MqttArgs(String host, int port, List<String> topics, byte[] message, int qos, boolean retain, String id, boolean clean,
        int keepAlive, boolean debug, int version, boolean verbose, int count, int timeout, String willTopic, byte[] willPayload,
        int willQos, boolean willRetain, boolean lines, String username, String password, boolean noRetain, boolean exitAfterSub,
        boolean quiet, String format) {

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
                case "-l", "--stdin-line" -> {
                    only(pub, a);
                    lines = true;
                }
                case "-n", "--null-message" -> {
                    only(pub, a);
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
                            throw new IllegalArgumentException(needs(a));
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
                        case "-t", "--topic" -> topics.add(v);
                        case "-m", "--message" -> {
                            only(pub, a);
                            message = v.getBytes(StandardCharsets.UTF_8);
                        }
                        case "-q", "--qos" -> qos = qosOf(v, "Error: Invalid QoS given: ");
                        case "-i", "--id" -> id = v;
                        case "-k", "--keepalive" -> {
                            keepAlive = number(v);
                            if (keepAlive < 5 && keepAlive != 0 || keepAlive > 65535) {
                                throw new IllegalArgumentException("Error: Invalid keepalive given, it must be between 5 and 65535 inclusive.");
                            }
                        }
                        case "-V", "--protocol-version" -> version = switch (v) {
                            case "mqttv5", "5" -> 5;
                            case "mqttv311", "311" -> 4;
                            case "mqttv31", "31" -> 3;
                            default -> throw new IllegalArgumentException("Error: Invalid protocol version argument given.");
                        };
                        case "-C" -> {
                            only(!pub, a);
                            count = number(v);
                            if (count < 1) {
                                throw new IllegalArgumentException("Error: Invalid message count \"" + v + "\".");
                            }
                        }
                        case "-W" -> {
                            only(!pub, a);
                            timeout = number(v);
                            if (timeout < 1) {
                                throw new IllegalArgumentException("Error: Invalid timeout \"" + v + "\".");
                            }
                        }
                        case "-F" -> {
                            only(!pub, a);
                            format = SubFormat.check(v);
                        }
                        case "--will-topic" -> willTopic = v;
                        case "--will-payload" -> willPayload = v.getBytes(StandardCharsets.UTF_8);
                        case "--will-qos" -> willQos = qosOf(v, "Error: Invalid will QoS ");
                        default -> throw new IllegalArgumentException("Error: Unknown option '" + a + "'.");
                    }
                }
            }
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException(pub ? "Error: Both topic and message must be supplied." : "Error: You must specify a topic to subscribe to.");
        }
        if (pub && message == null && !lines) {
            throw new IllegalArgumentException("Error: Both topic and message must be supplied.");
        }
        if (!clean && id == null) {
            throw new IllegalArgumentException("Error: You must provide a client id if you are using the -c option.");
        }
        if (willPayload != null && willTopic == null) {
            throw new IllegalArgumentException("Error: Will payload given, but no will topic given.");
        }
        for (String t : topics) {
            boolean ok = pub ? dev.minternet.services.mqtt.Topics.validName(t) : dev.minternet.services.mqtt.Topics.validFilter(t);
            if (!ok) {
                throw new IllegalArgumentException(pub ? "Error: Invalid publish topic '" + t + "', does it contain '+' or '#'?"
                        : "Error: Invalid subscription topic '" + t + "', are all '+' and '#' wildcards correct?");
            }
        }
        return new MqttArgs(host, port, List.copyOf(topics), message, qos, retain, id, clean, keepAlive, debug, version, verbose, count,
                timeout, willTopic, willPayload == null ? new byte[0] : willPayload, willQos, willRetain, lines, username, password, noRetain, exitAfterSub, quiet, format);
    }

    private static void only(boolean allowed, String opt) {
        if (!allowed) {
            throw new IllegalArgumentException("Error: Unknown option '" + opt + "'.");
        }
    }

    private static String needs(String opt) {
        return switch (opt) {
            case "-h", "--host" -> "Error: -h argument given but no host specified.";
            case "-p", "--port" -> "Error: -p argument given but no port specified.";
            case "-t", "--topic" -> "Error: -t argument given but no topic specified.";
            case "-m", "--message" -> "Error: -m argument given but no message specified.";
            case "-q", "--qos" -> "Error: -q argument given but no QoS specified.";
            case "-i", "--id" -> "Error: -i argument given but no id specified.";
            case "-u", "--username" -> "Error: -u argument given but no username specified.";
            case "-P", "--pw" -> "Error: -P argument given but no password specified.";
            case "-C" -> "Error: -C argument given but no count specified.";
            case "-F" -> "Error: -F argument given but no format specified.";
            case "-W" -> "Error: -W argument given but no timeout specified.";
            default -> "Error: Unknown option '" + opt + "'.";
        };
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
