package dev.minternet.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The examples at the end of every command's {@code --help}, in one place so that a reader sees
 * how the commands fit together. Every option of every command appears in at least one example of
 * its command (HelpTest holds this), so that no option is only described and never shown.
 */
final class Examples {
    /** Examples by command path below {@code minternet} ("" is minternet itself). */
    static final Map<String, List<String>> BY_COMMAND = new LinkedHashMap<>();

    static {
        put("",
                "minternet visit https://www.example.com/",
                "minternet run examples/hello-internet.yaml",
                "minternet --debug check examples/datacenter.yaml");
        put("run",
                "minternet run examples/hello-internet.yaml",
                "minternet run --seed 7 --stats examples/lossy.yaml",
                "minternet run --trace run.jsonl --pcap-dir pcaps examples/tcp-transfer.yaml",
                "minternet run --out results examples/datacenter.yaml",
                "minternet run --limit packets=200000000 examples/datacenter.yaml",
                "minternet run --debug examples/mtu.yaml",
                "minternet run --pcap-dir pcaps --keylog keys.log examples/datacenter.yaml",
                "minternet run --json --keep-going examples/dns.yaml",
                "minternet run --threads 2 examples/hello-internet.yaml");
        put("shell",
                "minternet shell",
                "minternet shell --world examples/datacenter.yaml --node laptop",
                "minternet shell --speed max --history hist.txt examples/dns.yaml",
                "minternet shell --trace t.jsonl --pcap-dir pcaps --limit nodes=100",
                "minternet shell --seed 7 --out files examples/dns.yaml");
        put("live",
                "minternet live",
                "minternet live --speed 0.5 --duration 5m --ca ca.pem",
                "minternet live --keys ed25519",
                "minternet live --port 8080 --dns-port 5353 --proxy-port 3128 --socks-port 1080",
                "minternet live --world examples/datacenter.yaml --node laptop",
                "minternet live --seed 7 --trace t.jsonl --pcap-dir pcaps --out files",
                "minternet live --limit nodes=100 examples/dns.yaml");
        put("exec",
                "minternet exec laptop -- curl -sI https://www.example.com/",
                "minternet exec --at 5s examples/hello-internet.yaml laptop -- ping -c 3 server",
                "minternet exec --world examples/datacenter.yaml laptop -- dig www.example.com",
                "minternet exec --seed 7 --trace t.jsonl --pcap-dir p laptop -- ping -c 1 lb",
                "minternet exec --out out --limit nodes=100 laptop -- curl -o a.html http://x/");
        put("why",
                "minternet why examples/cloud-three-tier.yaml app-1 db:5432",
                "minternet why --world examples/cloud-three-tier-sg.yaml alb app-1:8080",
                "minternet why --at 5s --no-probe --proto tcp laptop lb:443",
                "minternet why --proto udp --limit nodes=100 laptop 10.1.0.53:53",
                "minternet why examples/cloud-three-tier.yaml laptop 198.51.100.10");
        put("check",
                "minternet check examples/datacenter.yaml",
                "minternet check --limit nodes=20000 --debug big-world.yaml");
        put("world",
                "minternet world show",
                "minternet world export > my-world.yaml",
                "minternet world ca > ca.pem");
        put("world show",
                "minternet world show",
                "minternet world show --world examples/datacenter.yaml --limit nodes=20000",
                "minternet --debug world show --world my-world.yaml");
        put("world ca",
                "minternet world ca > ca.pem",
                "minternet world ca --world examples/datacenter.yaml --seed 7 --keys ed25519",
                "minternet world ca --limit nodes=20000");
        put("world export",
                "minternet world export > my-world.yaml",
                "minternet world export --world examples/cloud-transit-gateway.yaml",
                "minternet world export --debug");
        put("tools",
                "minternet tools",
                "minternet tools --debug");
        put("bench",
                "minternet bench manyhosts --hosts 1000",
                "minternet bench dumbbell --flows 10");
        put("bench queue",
                "minternet bench queue --events 10000000 --population 10000 --warmup 1",
                "minternet bench queue --debug");
        put("bench manyhosts",
                "minternet bench manyhosts --hosts 10000 --requests 10 --seed 1",
                "minternet bench manyhosts --hosts 10000 --lans",
                "minternet bench manyhosts --hosts 100000 --memory",
                "minternet bench manyhosts --hosts 1000000 --threads 2",
                "minternet bench manyhosts --debug");
        put("bench tls",
                "minternet bench tls --handshakes 2000 --warmup 500 --seed 1",
                "minternet bench tls --debug");
        put("bench dumbbell",
                "minternet bench dumbbell --flows 10 --sim-time 10 --cc cubic --seed 1",
                "minternet bench dumbbell --flows 100 --cc newreno --debug");
        put("bench linuxpath",
                "minternet bench linuxpath",
                "minternet bench linuxpath --runs 1 --sim-time 2 --seed 7");
        put("bench http",
                "minternet bench http --protocol h2 --connections 1 --streams 100",
                "minternet bench http --requests 20000",
                "minternet bench http --warmup 20",
                "minternet bench http --protocol http1 --body 16384 --gzip --debug");
        put("bench grpc",
                "minternet bench grpc --connections 10 --calls 5000 --streams 10",
                "minternet bench grpc --warmup 5",
                "minternet bench grpc --debug");
        put("bench resolver",
                "minternet bench resolver --zones 100 --names 10000",
                "minternet bench resolver --clients 10 --lookups 100000",
                "minternet bench resolver --seed 1",
                "minternet bench resolver --debug");
        put("bench web",
                "minternet bench web --clients 100 --requests 10000 --seed 1",
                "minternet bench web --debug");
        put("bench websocket",
                "minternet bench websocket --subscribers 100000 --chat-servers 4 --seed 1",
                "minternet bench websocket --debug");
        put("bench cdn",
                "minternet bench cdn --clients 10000 --objects 1000 --zipf 0.8 --threads 2",
                "minternet bench cdn --clients 1000 --within 30s --seed 1 --threads 1 --debug",
                "minternet bench cdn --clients 100000 --in-turn");
        put("bench flashcrowd",
                "minternet bench flashcrowd --clients 100000 --within 10s --seed 1",
                "minternet bench flashcrowd --clients 10000 --threads 1",
                "minternet bench flashcrowd --debug");
        put("bench gateway",
                "minternet bench gateway --clients 200 --requests 50",
                "minternet bench gateway --seed 1");
        put("bench live-pacing",
                "minternet bench live-pacing",
                "minternet bench live-pacing --seconds 10",
                "minternet bench live-pacing --warmup 30",
                "minternet bench live-pacing --jit-warmup 0");
        put("bench mqtt",
                "minternet bench mqtt --subscribers 1000 --messages 100 --qos 1",
                "minternet bench mqtt --seed 1 --debug");
        put("bench internet",
                "minternet bench internet --ases 1000 --seed 1",
                "minternet bench internet --ases 100 --pairs 500 --debug");
        put("plot",
                "minternet plot run.jsonl",
                "minternet plot --node laptop --conn :5001 --bin 0.1 run.jsonl",
                "minternet plot --width 1200 --height 600 --output cwnd.png run.jsonl",
                "minternet plot --all -o cwnd.svg run.jsonl",
                "minternet plot --frames -o frames.png run.jsonl",
                "minternet plot --drill -o ddos.svg ddos.csv",
                "minternet plot --autoscale -o autoscale.svg flash-crowd.jsonl",
                "minternet plot --compare newreno.jsonl cubic.jsonl -o compare.svg",
                "minternet plot --debug run.jsonl");
        put("visit",
                "minternet visit https://www.example.com/",
                "minternet visit --explain --html visit.html https://www.example.com/",
                "minternet visit --repeat 2 --gap 5s https://www.example.com/",
                "minternet visit --cold-boot https://www.example.com/",
                "minternet visit --crash web-2@0s --fail peering@0s https://www.example.com/",
                "minternet visit --fail-ipv6 dc-edge@0s https://www.example.com/",
                "minternet visit --trace visit.jsonl --pcap-dir pcaps https://example.com/",
                "minternet visit --mermaid visit.mmd https://example.com/",
                "minternet visit --har visit.har --repeat 2 https://www.example.com/",
                "minternet visit www.example.com",
                "minternet visit http://93.184.216.34/",
                "minternet visit 'http://[2001:db8:153::10]/'",
                "minternet visit --pcap-dir pcaps --keylog keys.log https://www.example.com/",
                "minternet visit --quiet --at 2s --from laptop https://www.example.com/",
                "minternet visit --world examples/datacenter.yaml https://www.example.com/",
                "minternet visit --limit nodes=100 https://www.example.com/",
                "minternet --debug visit https://nosuch.example.com/");
        put("sweep",
                "minternet sweep --set links[radio].loss=1%,5% --seeds 1..10 lossy.yaml",
                "minternet sweep --metric drops --metric 'lost=([0-9]+)% packet loss' a.yaml",
                "minternet sweep --out results.csv --threads 2 --limit packets=1000000 a.yaml",
                "minternet sweep --spark local[4] --out results.parquet a.yaml");
        put("help",
                "minternet help visit",
                "minternet help --debug run");
    }

    private Examples() {
    }

    private static void put(String command, String... lines) {
        BY_COMMAND.put(command, List.of(lines));
    }

    /** The path of {@code spec} below minternet, e.g. {@code bench tls}. */
    static String path(CommandLine.Model.CommandSpec spec) {
        String q = spec.qualifiedName(" ");
        int sp = q.indexOf(' ');
        return sp < 0 ? "" : q.substring(sp + 1);
    }

    /** Sets every command's footer to its examples (after whatever footer it has). */
    static void attach(CommandLine cl) {
        List<String> examples = BY_COMMAND.get(path(cl.getCommandSpec()));
        if (examples != null) {
            List<String> footer = new ArrayList<>(List.of(cl.getCommandSpec().usageMessage().footer()));
            footer.add("%nExamples:");
            for (String e : examples) {
                footer.add("  " + e.replace("%", "%%"));
            }
            cl.getCommandSpec().usageMessage().footer(footer.toArray(new String[0]));
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            attach(sub);
        }
    }
}
