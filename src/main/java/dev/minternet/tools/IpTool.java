package dev.minternet.tools;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import java.util.List;

/** ip addr / ip route / ip -s link, as iproute2 prints them (the parts that apply here). */
public final class IpTool implements Tool {
    @Override
    public String name() {
        return "ip";
    }

    @Override
    public String synopsis() {
        return "ip addr | ip route | ip link";
    }

    @Override
    public void validate(List<String> args) {
        String obj = args.isEmpty() ? "" : args.get(0);
        if (obj.isEmpty() || !("route".startsWith(obj) || "addr".startsWith(obj) || "address".startsWith(obj)
                || "link".startsWith(obj))) {
            throw new IllegalArgumentException("Usage: ip { addr | route | link }");
        }
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        String obj = args.isEmpty() ? "" : args.get(0);
        if ("route".startsWith(obj) && !obj.isEmpty() || obj.equals("r")) {
            for (Route r : node.ip().routes()) {
                term.println(r.toString());
            }
            term.exit(0);
        } else if (!obj.isEmpty() && ("addr".startsWith(obj) || "address".startsWith(obj))) {
            int n = 1;
            for (NetInterface i : node.ip().interfaces()) {
                term.println(n++ + ": " + i.name() + ": <POINTOPOINT,NOARP," + (i.isUp() ? "UP,LOWER_UP" : "DOWN")
                        + "> mtu " + i.mtu() + " state " + (i.isUp() ? "UP" : "DOWN"));
                term.println("    inet " + i.cidr() + " scope global " + i.name());
            }
            term.exit(0);
        } else if (!obj.isEmpty() && "link".startsWith(obj)) {
            int n = 1;
            for (NetInterface i : node.ip().interfaces()) {
                term.println(n++ + ": " + i.name() + ": mtu " + i.mtu() + " state " + (i.isUp() ? "UP" : "DOWN")
                        + " link " + i.link().name());
                term.println("    TX: " + i.out().counters());
            }
            term.exit(0);
        } else {
            term.println("Usage: ip { addr | route | link }");
            term.exit(255);
        }
    }
}
