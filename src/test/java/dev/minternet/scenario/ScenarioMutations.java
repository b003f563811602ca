package dev.minternet.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Present;
import org.snakeyaml.engine.v2.api.lowlevel.Serialize;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Mutations of scenario YAML trees, as an attacker (or a careless hand) makes them, for the fuzz
 * tests: {@link #mutate} breaks the shape (wrong types, dangling references, deleted fields,
 * nesting, huge values, broken syntax), {@link #mutateValue} keeps the shape and pushes one value
 * to an edge a reader may accept but the simulation must still survive (zero, negative and huge
 * delays, bandwidths, sizes and counts, loss 100%, MTUs, ports 0 and 65535, timeline times at and
 * past the end, empty lists, a node linked to itself, a duplicated link, extreme numbers in a
 * timeline command). Every choice comes from the {@link Random} given, so a case replays.
 */
final class ScenarioMutations {
    private ScenarioMutations() {
    }

    static final List<String> NUMBERS = List.of("-1", "0", "99999999999999999999", "1e400", "NaN", "-0.5", "65536",
            "4294967296", "1.5.2", "9999999999h", "0.0000001ns", "100%%", "1e-9s", "-5ms", "0x10", "");
    static final List<String> NAMES = List.of("ghost", "ghost:eth9 10.9.9.9/24", "nosuch.example.", "ghost:5432",
            "\u001b[31mred", "..", "/etc/passwd", "a b c", "default via 10.99.99.99", "300.1.1.1/24");

    static final LoadSettings LOAD = LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build();
    static final DumpSettings DUMP = DumpSettings.builder().build();

    /** The examples' top-level scenarios ({@code examples/*.yaml}), sorted. */
    static List<Path> examples(Path folder) throws IOException {
        try (Stream<Path> yaml = Files.list(folder)) {
            return yaml.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** Copies the folder {@code from} (the examples with their zones, sites and seeds) into {@code to}. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    static Node parse(String text) {
        return new Compose(LOAD).composeString(text).orElseThrow();
    }

    static String print(Node root) {
        return new Present(DUMP).emitToString(new Serialize(DUMP).serializeOne(root).iterator());
    }

    /** One place in the tree: a node and how to put another in its place (or take it out). */
    record Spot(Node node, List<Node> seq, List<NodeTuple> map, int index) {
        void replace(Node n) {
            if (seq != null) {
                seq.set(index, n);
            } else if (map != null) {
                map.set(index, new NodeTuple(map.get(index).getKeyNode(), n));
            }
        }

        /** The key this value sits under, or null in a list. */
        String key() {
            return map != null && map.get(index).getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
        }
    }

    static void spots(Node n, List<Spot> out) {
        if (n instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                out.add(new Spot(s.getValue().get(i), s.getValue(), null, i));
                spots(s.getValue().get(i), out);
            }
        } else if (n instanceof MappingNode m) {
            for (int i = 0; i < m.getValue().size(); i++) {
                out.add(new Spot(m.getValue().get(i).getValueNode(), null, m.getValue(), i));
                spots(m.getValue().get(i).getValueNode(), out);
            }
        }
    }

    static ScalarNode scalar(String v) {
        return new ScalarNode(Tag.STR, v, ScalarStyle.PLAIN);
    }

    static Node nest(int levels, Node inner) {
        Node n = inner;
        for (int i = 0; i < levels; i++) {
            n = new SequenceNode(Tag.SEQ, new ArrayList<>(List.of(n)), FlowStyle.FLOW);
        }
        return n;
    }

    /** Applies one random shape-breaking mutation; returns its name (for the failure message). */
    static String mutate(Node root, Random rnd) {
        List<Spot> spots = new ArrayList<>();
        spots(root, spots);
        Spot s = spots.get(rnd.nextInt(spots.size()));
        switch (rnd.nextInt(9)) {
            case 0 -> {
                s.replace(rnd.nextBoolean() ? new MappingNode(Tag.MAP, new ArrayList<>(List.of(new NodeTuple(scalar("x"),
                        scalar("1")))), FlowStyle.FLOW) : new SequenceNode(Tag.SEQ, new ArrayList<>(List.of(scalar("1"))),
                        FlowStyle.FLOW));
                return "wrong type";
            }
            case 1 -> {
                s.replace(scalar(NUMBERS.get(rnd.nextInt(NUMBERS.size()))));
                return "number out of range";
            }
            case 2 -> {
                s.replace(scalar(NAMES.get(rnd.nextInt(NAMES.size()))));
                return "dangling reference";
            }
            case 3 -> {
                if (s.map() != null) {
                    s.map().remove(s.index());
                } else {
                    s.seq().remove(s.index());
                }
                return "deleted";
            }
            case 4 -> {
                s.replace(nest(rnd.nextBoolean() ? 5 : 500, s.node()));
                return "nested";
            }
            case 5 -> {
                if (s.seq() != null) {
                    for (int i = 0; i < 10_001; i++) {
                        s.seq().add(s.node());
                    }
                    return "list item repeated 10,001 times";
                }
                s.replace(scalar("z".repeat(rnd.nextBoolean() ? 100_000 : 4_000_000)));
                return "huge value";
            }
            case 6 -> {
                if (s.map() != null) {
                    s.map().add(s.map().get(s.index()));
                    return "duplicate key";
                }
                s.replace(scalar("\u0007\u001b]0;title\u0007"));
                return "control characters";
            }
            case 7 -> {
                s.replace(new ScalarNode(Tag.NULL, "", ScalarStyle.PLAIN));
                return "no value";
            }
            default -> {
                return "syntax";
            }
        }
    }

    /** Breaks the text itself: a stray indicator, a tab, an anchor, a truncation. */
    static String breakText(String text, Random rnd) {
        int at = rnd.nextInt(text.length());
        String[] junk = {":", "{", "[", "\"", "\t", "&a ", "*nope ", "!!binary ", "%YAML 1.1\n", "- ", "? ", "\u0000", "|"};
        return rnd.nextInt(4) == 0 ? text.substring(0, at) : text.substring(0, at) + junk[rnd.nextInt(junk.length)]
                + text.substring(at);
    }

    // ---- value mutations: the shape stays, one value goes to an edge ----

    static final Pattern DURATION = Pattern.compile("-?\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|min|h)");
    static final Pattern RATE = Pattern.compile("\\d+(\\.\\d+)?\\s*[KMGT]?(bps|bit/s|Bps)", Pattern.CASE_INSENSITIVE);
    static final Pattern PERCENT = Pattern.compile("\\d+(\\.\\d+)?%");
    static final Pattern SIZE = Pattern.compile("\\d+(\\.\\d+)?\\s*([KMGT]i?B|B|[kmg]b)");
    static final Pattern INTEGER = Pattern.compile("\\d{1,9}");
    static final Pattern DECIMAL = Pattern.compile("\\d+\\.\\d+");
    static final Pattern CIDR = Pattern.compile("(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})/(\\d{1,2})");
    static final Pattern NUMBER_IN_COMMAND = Pattern.compile("(?<=[ =:/])\\d+(\\.\\d+)?(?=\\b)");

    static final List<String> DURATIONS = List.of("0s", "0ms", "1ns", "1us", "999999h", "9223372036s", "100000h",
            "3600s", "3601s", "1h", "0.5ns", "24h");
    /** A run's own length: short or an hour (a longer one is a long run, which the user asked for). */
    static final List<String> RUN_DURATIONS = List.of("0s", "1ns", "1us", "3599s", "3600s", "3601s", "1h");
    static final List<String> RATES = List.of("1bps", "8bps", "1Kbps", "100Tbps", "999999999Gbps", "0bps", "1.5bps");
    static final List<String> PERCENTS = List.of("0%", "100%", "99.999%", "50%", "0.0001%");
    static final List<String> SIZES = List.of("0B", "1B", "1TiB", "2GiB", "8EiB", "1KiB");
    static final List<String> INTEGERS = List.of("0", "1", "2", "255", "256", "65535", "65536", "2147483647", "1000000",
            "4294967295", "68", "1279", "1280", "9000", "100000000");
    static final List<String> COMMAND_NUMBERS = List.of("0", "1", "255", "256", "65535", "65536", "65507", "2147483647",
            "0.0", "0.001", "99999999999", "100000", "9000");
    static final List<String> PREFIXES = List.of("0", "1", "8", "30", "31", "32");
    static final List<String> ADDRESSES = List.of("0.0.0.0", "255.255.255.255", "127.0.0.1", "224.0.0.5", "169.254.1.1",
            "10.0.0.0", "10.255.255.255");

    /** Applies one value-edge mutation; returns what it did (for the report). */
    static String mutateValue(Node root, Random rnd) {
        List<Spot> spots = new ArrayList<>();
        spots(root, spots);
        int kind = rnd.nextInt(11);
        if (kind == 10) {
            return topEdge(root, rnd);
        }
        if (kind == 0) {
            return structural(root, rnd);
        }
        if (kind == 1) {
            return timelineEdge(root, rnd);
        }
        List<Spot> scalars = spots.stream().filter(s -> s.node() instanceof ScalarNode sc && !sc.getValue().isEmpty()).toList();
        if (kind == 2) {
            return riskyCommand(root, rnd);
        }
        if (kind <= 3) {
            List<Spot> commands = scalars.stream().filter(s -> "run".equals(s.key()) || "input".equals(s.key())).toList();
            if (!commands.isEmpty()) {
                return command(commands.get(rnd.nextInt(commands.size())), rnd);
            }
        }
        List<Spot> valued = scalars.stream().filter(s -> edgesOf(s) != null).toList();
        if (valued.isEmpty()) {
            return structural(root, rnd);
        }
        Spot s = valued.get(rnd.nextInt(valued.size()));
        List<String> edges = edgesOf(s);
        String before = ((ScalarNode) s.node()).getValue();
        String after;
        Matcher cidr = CIDR.matcher(before);
        if (edges == PREFIXES && cidr.find()) {
            after = rnd.nextBoolean() ? cidr.replaceFirst("$1/" + PREFIXES.get(rnd.nextInt(PREFIXES.size())))
                    : cidr.replaceFirst(ADDRESSES.get(rnd.nextInt(ADDRESSES.size())) + "/$2");
        } else {
            after = edges.get(rnd.nextInt(edges.size()));
        }
        s.replace(scalar(after));
        return (s.key() == null ? "item" : s.key()) + ": " + before + " -> " + after;
    }

    /** The edge values for the kind of value {@code s} holds, or null when it is not a number of any kind. */
    static List<String> edgesOf(Spot s) {
        String v = ((ScalarNode) s.node()).getValue().strip();
        if (DURATION.matcher(v).matches()) {
            return "duration".equals(s.key()) ? RUN_DURATIONS : DURATIONS;
        }
        if (RATE.matcher(v).matches()) {
            return RATES;
        }
        if (PERCENT.matcher(v).matches()) {
            return PERCENTS;
        }
        if (SIZE.matcher(v).matches()) {
            return SIZES;
        }
        if (INTEGER.matcher(v).matches() || DECIMAL.matcher(v).matches()) {
            return INTEGERS;
        }
        if (CIDR.matcher(v).find() && !"run".equals(s.key())) {
            return PREFIXES;
        }
        return null;
    }

    /** One number in a timeline command pushed to an edge (ping -c 0, -s 65507, -t 0, port 0...). */
    static String command(Spot s, Random rnd) {
        String before = ((ScalarNode) s.node()).getValue();
        List<int[]> at = new ArrayList<>();
        Matcher m = NUMBER_IN_COMMAND.matcher(before);
        while (m.find()) {
            at.add(new int[] {m.start(), m.end()});
        }
        String after;
        if (at.isEmpty()) {
            String[] extra = {" -c 0", " -t 0", " -s 65507", " -W 0", " --max-time 0", " -i 0", " -m 0", " -q 0", " -p 0"};
            String[] words = before.split(" ", 2);
            after = words[0] + extra[rnd.nextInt(extra.length)] + (words.length > 1 ? " " + words[1] : "");
        } else {
            int[] span = at.get(rnd.nextInt(at.size()));
            after = before.substring(0, span[0]) + COMMAND_NUMBERS.get(rnd.nextInt(COMMAND_NUMBERS.size()))
                    + before.substring(span[1]);
        }
        s.replace(scalar(after));
        return "command: " + before + " -> " + after;
    }

    /** Commands with edge arguments the real tools take or refuse; T is a host the timeline already talks to. */
    static final List<String> RISKY = List.of("ping -c 2 -s 65507 T", "ping -c 2 -s 65508 T", "ping -c 1 -t 0 T",
            "ping -c 1 -t 255 T", "ping -c 0 T", "ping -c 3 -i 0.002 -W 0 T", "ping -c 1 -w 0 T", "ping -M do -s 9000 -c 1 T",
            "traceroute -m 255 T", "traceroute -f 30 -m 1 T", "traceroute -q 10 -m 2 T", "traceroute -p 65535 T",
            "traceroute -p 0 T", "traceroute T 65000", "traceroute -w 0 -m 2 T", "tracepath -l 65535 T", "tracepath -m 0 T",
            "mtr --report -c 1 -s 65000 T", "mtr --report -c 1 -i 0 T", "dig +tries=0 @T example.com",
            "dig +time=0 @T example.com", "nc -w 0 T 0", "nc -u -m x T 65535", "curl -s --max-time 0.001 http://T/",
            "curl -s -r 99999999999-0 http://T/", "curl -s --max-redirs 0 http://T/", "curl -s -m 0 http://T:65535/",
            "curl -s --retry 1000000 --retry-delay 0 http://T:1/", "tcpdump -c 0 -i eth0", "tcpdump -s 1 -c 1 -i eth0",
            "tcpdump -s 0 -c 1 -i any", "ip route add 0.0.0.0/0 via T", "sysctl -w net.ipv4.ip_default_ttl=0",
            "sysctl -w net.ipv4.ip_default_ttl=255", "redis-cli -h T -p 0 ping", "openssl s_client -connect T:0",
            "websocat --ping-interval 0 ws://T/", "mosquitto_sub -h T -t x -C 0 -W 1", "host -W 0 example.com T",
            "nslookup -timeout=0 example.com T", "grpcurl -plaintext -max-time 0 T:0 list", "ping -6 -c 1 -s 65527 T",
            "ping -c 1 -s 0 T", "ping -c 1 -I eth9 T", "ss -tanp", "ip -s link", "curl -s -o ../escape.txt http://T/",
            "tcpdump -c 1 -w /tmp/escape.pcap -i eth0", "curl -s -D ../../escape.txt http://T/");

    static final Pattern HOST_IN_COMMAND = Pattern.compile("(?:https?|wss?)://\\[?([A-Za-z0-9.:-]+?)\\]?(?::\\d+)?(?:/|$)"
            + "|@([A-Za-z0-9.-]+)|\\s([a-z][a-z0-9.-]*[a-z0-9]|\\d+\\.\\d+\\.\\d+\\.\\d+)\\s*$");

    /** A risky command added beside a timeline entry, on its node at its time, aimed at the host it talks to. */
    static String riskyCommand(Node root, Random rnd) {
        MappingNode top = top(root);
        NodeTuple tl = field(top, "timeline");
        if (tl == null || !(tl.getValueNode() instanceof SequenceNode seq)) {
            return structural(root, rnd);
        }
        List<MappingNode> runs = new ArrayList<>();
        for (Node n : seq.getValue()) {
            if (n instanceof MappingNode m && value(m, "run") != null && value(m, "on") != null) {
                runs.add(m);
            }
        }
        if (runs.isEmpty()) {
            return structural(root, rnd);
        }
        MappingNode e = runs.get(rnd.nextInt(runs.size()));
        String host = "localhost";
        for (MappingNode m : runs) {
            Matcher h = HOST_IN_COMMAND.matcher(value(m, "run"));
            if (h.find() && (m == e || host.equals("localhost"))) {
                host = h.group(1) != null ? h.group(1) : h.group(2) != null ? h.group(2) : h.group(3);
            }
        }
        String command = RISKY.get(rnd.nextInt(RISKY.size())).replace("T", host);
        MappingNode entry = new MappingNode(Tag.MAP, new ArrayList<>(), FlowStyle.FLOW);
        set(entry, "at", scalar(value(e, "at") == null ? "0s" : value(e, "at")));
        set(entry, "on", scalar(value(e, "on")));
        set(entry, "run", scalar(command));
        seq.getValue().add(entry);
        return "added: " + value(e, "on") + "$ " + command;
    }

    static MappingNode top(Node root) {
        return root instanceof MappingNode m ? m : new MappingNode(Tag.MAP, new ArrayList<>(), FlowStyle.BLOCK);
    }

    static NodeTuple field(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t;
            }
        }
        return null;
    }

    static String value(MappingNode m, String key) {
        NodeTuple t = field(m, key);
        return t != null && t.getValueNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    static void set(MappingNode m, String key, Node v) {
        List<NodeTuple> list = m.getValue();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                list.set(i, new NodeTuple(list.get(i).getKeyNode(), v));
                return;
            }
        }
        list.add(new NodeTuple(scalar(key), v));
    }

    static final List<String> STARTS = List.of("1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2038-01-19T03:14:08Z", "2106-02-07T06:28:15Z", "2106-02-07T06:28:16Z", "1969-12-31T23:59:59Z");
    static final List<String> SEEDS = List.of("0", "-1", "9223372036854775807", "-9223372036854775808", "4294967296");

    /** The scenario's start date or seed at an edge: the epoch, year 1, year 9999, pcap's 2106, extreme seeds. */
    static String topEdge(Node root, Random rnd) {
        MappingNode top = top(root);
        boolean start = rnd.nextBoolean();
        String key = start ? "start" : "seed";
        List<String> values = start ? STARTS : SEEDS;
        String before = value(top, key);
        String after = values.get(rnd.nextInt(values.size()));
        set(top, key, scalar(after));
        return key + ": " + before + " -> " + after;
    }

    /** A timeline entry moved to the end of the run, just past it, to zero; or the duration taken away or set tiny. */
    static String timelineEdge(Node root, Random rnd) {
        MappingNode top = top(root);
        String duration = value(top, "duration");
        NodeTuple tl = field(top, "timeline");
        int pick = rnd.nextInt(5);
        if (pick == 0 && duration != null) {
            top.getValue().remove(field(top, "duration"));
            return "duration removed (was " + duration + ")";
        }
        if (pick == 1) {
            String d = rnd.nextBoolean() ? "1ns" : "0s";
            set(top, "duration", scalar(d));
            return "duration: " + duration + " -> " + d;
        }
        if (tl == null || !(tl.getValueNode() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            return structural(root, rnd);
        }
        Node entry = seq.getValue().get(rnd.nextInt(seq.getValue().size()));
        if (!(entry instanceof MappingNode e)) {
            return "nothing (a timeline entry that is not a mapping)";
        }
        String before = value(e, "at");
        String end = duration != null ? duration : "3600s";
        String past;
        try {
            past = (dev.minternet.units.Units.durationNs(end) + 1) + "ns";
        } catch (IllegalArgumentException x) {
            past = "3600000000001ns";
        }
        String[] choices = {end, past, "0s", "3599.999999999s", "3600s", "1ns"};
        String after = pick == 2 ? end : choices[rnd.nextInt(choices.length)];
        set(e, "at", scalar(after));
        return "timeline at: " + before + " -> " + after;
    }

    /** Empty lists, a node linked to itself, a link duplicated between the same two nodes. */
    static String structural(Node root, Random rnd) {
        MappingNode top = top(root);
        NodeTuple links = field(top, "links");
        int pick = rnd.nextInt(3);
        if (pick < 2 && links != null && links.getValueNode() instanceof SequenceNode seq && !seq.getValue().isEmpty()
                && seq.getValue().get(rnd.nextInt(seq.getValue().size())) instanceof MappingNode link) {
            String a = value(link, "a");
            String b = value(link, "b");
            if (a != null && b != null) {
                String nodeA = a.split("[ :]")[0];
                String nodeB = b.split("[ :]")[0];
                int n = 1 + rnd.nextInt(200);
                MappingNode copy = new MappingNode(Tag.MAP, new ArrayList<>(), FlowStyle.FLOW);
                for (NodeTuple t : link.getValue()) {
                    copy.getValue().add(t);
                }
                String self = pick == 0 ? nodeA : nodeB;
                set(copy, "name", scalar((pick == 0 ? "self-" : "twin-") + n));
                set(copy, "a", scalar(nodeA + " 10.254." + n + ".1/30"));
                set(copy, "b", scalar(self + " 10.254." + n + ".2/30"));
                seq.getValue().add(copy);
                return pick == 0 ? "node " + nodeA + " linked to itself" : "link " + nodeA + "--" + nodeB + " duplicated";
            }
        }
        List<Spot> spots = new ArrayList<>();
        spots(root, spots);
        List<Spot> lists = spots.stream().filter(s -> s.node() instanceof SequenceNode sq && !sq.getValue().isEmpty()).toList();
        if (lists.isEmpty()) {
            return "nothing (no list to empty)";
        }
        Spot s = lists.get(rnd.nextInt(lists.size()));
        s.replace(new SequenceNode(Tag.SEQ, new ArrayList<>(), FlowStyle.FLOW));
        return "emptied list " + (s.key() == null ? "item" : s.key());
    }
}
