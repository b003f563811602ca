package dev.minternet.tools.mqtt;

import dev.minternet.node.Node;
import dev.minternet.sim.Timer;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * mosquitto_sub 2.0: connects, subscribes to every {@code -t} filter at {@code -q}, and prints
 * each message's payload ({@code -v}: {@code topic payload}) until {@code -C} messages have come
 * (then DISCONNECT, exit 0), {@code -W} seconds have passed since the TCP connection opened
 * (DISCONNECT, MQTT 5 with reason code 0x04, then {@code Timed out}, exit 27; before any CONNACK
 * nothing but exit 255), or the run ends. With {@code -c -i ID} the session is persistent: the broker keeps the subscription and
 * the QoS 1/2 messages that arrive while the client is away. A lost connection is made again a
 * second later and mosquitto_sub subscribes again (a persistent session also still has the
 * subscription, and its queued messages come first). {@code -d} prints libmosquitto's log lines and
 * {@code Subscribed (mid: 1): 0}.
 */
public final class MosquittoSub implements Tool {
    @Override
    public String name() {
        return "mosquitto_sub";
    }

    @Override
    public String synopsis() {
        return "mosquitto_sub [-h host] [-p port] [-u user [-P pass]] -t filter ... [-q qos] [-v] [-F format] [-R] [-E] [-C count] [-W secs] [-i id] [-c] [-k secs] [-d] [--quiet]"
                + " [-V 5|311] [--will-topic t --will-payload p [--will-qos q] [--will-retain]]";
    }

    @Override
    public void validate(List<String> args) {
        MqttArgs.validate(args, false);
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        MqttArgs a;
        try {
            a = MqttArgs.parse(argv, false);
        } catch (IllegalArgumentException e) {
            MqttArgs.refuse(e, false, term);
            return;
        }
        new Run(node, term, a).begin();
    }

    private static final class Run implements MqttClient.Listener {
        final Node node;
        final Terminal term;
        final MqttArgs a;
        final MqttClient client;
        Timer timeout;
        int received;
        boolean done;

        Run(Node node, Terminal term, MqttArgs a) {
            this.node = node;
            this.term = term;
            this.a = a;
            this.client = new MqttClient(node, term, a, this);
        }

        void begin() {
            term.onInterrupt(() -> signal(false));
            client.start();
        }

        /** -W's alarm is set once client_connect has returned: the TCP connection is up, CONNECT sent. */
        @Override
        public void opened() {
            if (a.timeout() > 0 && timeout == null) {
                timeout = new Timer(node.sim(), () -> signal(true));
                timeout.setAfter(a.timeout() * 1_000_000_000L);
            }
        }

        /**
         * SIGALRM (-W) or SIGINT, as my_signal_handler takes them: before any CONNACK the process
         * exits at once with status 255 (exit(-1)), printing nothing; after it, DISCONNECT (MQTT 5:
         * with will message), then "Timed out" and status 27 for the alarm, 0 for Ctrl-C.
         */
        void signal(boolean alarm) {
            if (done) {
                return;
            }
            done = true;
            if (timeout != null) {
                timeout.cancel();
            }
            if (!client.connackSeen()) {
                client.exit();
                term.exit(255);
                return;
            }
            client.disconnect(true);
            if (alarm && !a.quiet()) {
                term.println("Timed out"); // printed after the loop ends, so after the DISCONNECT's log line
            }
            term.exit(alarm ? 27 : 0);
        }

        @Override
        public void connected(boolean sessionPresent) {
            client.subscribe(a.topics(), a.qos()); // on every connect, as mosquitto_sub's on_connect does
        }

        @Override
        public void subscribed(int mid, int[] granted) {
            if (a.debug() && !a.quiet()) {
                StringBuilder b = new StringBuilder("Subscribed (mid: ").append(mid).append("): ");
                for (int i = 0; i < granted.length; i++) {
                    b.append(i == 0 ? "" : ", ").append(granted[i]);
                }
                term.println(b.toString());
            }
            if (a.exitAfterSub()) {
                finish(0, null); // -E: disconnect once subscribed
            }
        }

        @Override
        public void message(String topic, byte[] payload, int qos, boolean retain, int mid) {
            if (done || retain && a.noRetain()) {
                return; // -R: retained messages are not printed
            }
            String text = new String(payload, StandardCharsets.UTF_8);
            if (a.format() != null) {
                java.time.Instant now = node.world().epoch().plusNanos(node.sim().now());
                for (String l : SubFormat.format(a.format(), topic, payload, qos, retain, mid, now).split("\n", -1)) {
                    term.println(l);
                }
            } else {
                term.println(a.verbose() ? topic + " " + text : text);
            }
            received++;
            if (a.count() > 0 && received >= a.count()) {
                finish(0, null);
            }
        }

        @Override
        public void failed(String line) {
            client.stop();
            finish(1, line);
        }

        void finish(int code, String line) {
            if (done) {
                return;
            }
            done = true;
            if (timeout != null) {
                timeout.cancel();
            }
            if (line != null && !a.quiet()) {
                term.println(line);
            }
            client.disconnect();
            term.exit(code);
        }
    }
}
