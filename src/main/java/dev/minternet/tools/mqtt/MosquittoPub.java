package dev.minternet.tools.mqtt;

import dev.minternet.node.Node;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import java.util.List;

/**
 * mosquitto_pub 2.0 for one message or, with {@code -l}, one message per line typed (a
 * scenario's {@code input:}; the end of input ends it once every message is acknowledged): connects, publishes {@code -m} (or an empty message with
 * {@code -n}) on {@code -t} at {@code -q}, waits for PUBACK (QoS 1) or PUBCOMP (QoS 2), sends
 * DISCONNECT and exits 0; silent unless {@code -d}. A refused connection prints {@code Error:
 * Connection refused} and exits 1. A connection lost before the acknowledgement is made again
 * a second later and the message sent again with DUP set.
 */
public final class MosquittoPub implements Tool {
    @Override
    public String name() {
        return "mosquitto_pub";
    }

    @Override
    public String synopsis() {
        return "mosquitto_pub [-h host] [-p port] [-u user [-P pass]] -t topic (-m message | -n | -l) [-q qos] [-r] [-i id] [-c] [-k secs] [-d] [-V 5|311]"
                + " [--will-topic t --will-payload p [--will-qos q] [--will-retain]]";
    }

    @Override
    public void validate(List<String> args) {
        MqttArgs.validate(args, true);
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        MqttArgs a;
        try {
            a = MqttArgs.parse(argv, true);
        } catch (IllegalArgumentException e) {
            MqttArgs.refuse(e, true, term);
            return;
        }
        MqttClient[] c = new MqttClient[1];
        boolean[] sent = new boolean[1];
        int[] mid = new int[1];
        boolean[] eof = new boolean[1];
        c[0] = new MqttClient(node, term, a, new MqttClient.Listener() {
            @Override
            public void connected(boolean sessionPresent) {
                if (!sent[0] && !a.lines()) {
                    sent[0] = true;
                    mid[0] = c[0].publish(a.topics().get(0), a.message(), a.qos(), a.retain());
                    if (a.qos() == 0) {
                        c[0].disconnect();
                        term.exit(0);
                    }
                }
            }

            @Override
            public void published(int m) {
                if (a.lines() ? eof[0] && c[0].idle() : m == mid[0]) {
                    c[0].disconnect();
                    term.exit(0);
                }
            }

            @Override
            public void failed(String line) {
                c[0].stop();
                if (!a.quiet()) {
                    term.println(line);
                }
                term.exit(1);
            }
        });
        term.onInterrupt(() -> {
            c[0].disconnect();
            term.exit(0);
        });
        if (a.lines()) {
            term.onInput(line -> {
                if (line == null) {
                    eof[0] = true;
                    if (c[0].idle()) {
                        c[0].disconnect();
                        term.exit(0);
                    }
                } else if (!eof[0]) {
                    c[0].publish(a.topics().get(0), line.getBytes(java.nio.charset.StandardCharsets.UTF_8), a.qos(), a.retain());
                }
            });
        }
        c[0].start();
    }
}
