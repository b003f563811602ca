package dev.minternet.browser;

import dev.minternet.dhcp.DhcpEvents;
import dev.minternet.ip.ArpEvents;
import dev.minternet.ip6.Ip6Events;
import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a node that booted with no address joined its network before the browser started
 * ({@code visit --cold-boot}), told from the trace: the DHCP client's wait, DISCOVER and OFFER,
 * REQUEST and ACK, the ARP check of the offered address, the address going up with its
 * announcement, and the IPv6 addresses SLAAC formed meanwhile. Each step starts at a trace event and
 * lasts until the next one, so the steps add up to the time from boot to the first visit.
 */
public final class JoinNarration {
    private JoinNarration() {
    }

    private static final class Step {
        final long startNs;
        String title;
        final List<String> details = new ArrayList<>();

        Step(long startNs, String title) {
            this.startNs = startNs;
            this.title = title;
        }
    }

    /**
     * The lines that tell how {@code client} joined the network from 0 s until {@code untilNs} (its
     * first visit's start, or the end of the run when it never got an address).
     */
    public static List<String> lines(List<TraceEvent> events, String client, long untilNs, Map<String, String> nodeOf) {
        List<Step> steps = new ArrayList<>();
        Step boot = new Step(0, "Boot: no IPv4 address yet");
        steps.add(boot);
        String iface = null;
        String bound = null;
        List<String> ipv6 = new ArrayList<>();
        Step current = boot;
        for (TraceEvent e : events) {
            if (e.time() > untilNs) {
                break;
            }
            if (!e.node().equals(client)) {
                continue;
            }
            String at = Narrator.at(e.time());
            if (e.is(DhcpEvents.SEND)) {
                String msg = e.get(DhcpEvents.MSG);
                iface = e.get(DhcpEvents.IFACE);
                String line = at + " " + msg + " " + e.get(DhcpEvents.SRC) + ":68 -> " + e.get(DhcpEvents.DST) + ":67, xid "
                        + e.get(DhcpEvents.XID) + ", options " + e.get(DhcpEvents.OPTIONS);
                if (current.title.startsWith("DHCP " + msg) && !current.title.contains("->")) {
                    current.details.add(at + " no answer: " + msg + " sent again");
                    continue;
                }
                current = new Step(e.time(), "DHCP " + msg + (msg.equals("DECLINE") ? ": the address is taken" : ""));
                current.details.add(line);
                steps.add(current);
            } else if (e.is(DhcpEvents.RECEIVE)) {
                String msg = e.get(DhcpEvents.MSG);
                String src = e.get(DhcpEvents.SRC);
                String who = nodeOf.containsKey(src) ? nodeOf.get(src) + " (" + src + ")" : src;
                current.title = current.title + " -> " + msg + (msg.equals("NAK") ? "" : " " + e.get(DhcpEvents.YIADDR))
                        + " from " + who;
                current.details.add(at + " " + msg + " " + src + ":67 -> " + e.get(DhcpEvents.DST) + ":68 to "
                        + e.get(DhcpEvents.CHADDR) + " (no ARP: " + client + " has no address yet), " + ms(e.time() - current.startNs)
                        + " after sending");
            } else if (e.is(ArpEvents.SEND) && e.get(ArpEvents.SENDER_IP).equals(dev.minternet.wire.Ip4.str(0))) {
                String target = e.get(ArpEvents.TARGET_IP);
                if (!current.title.startsWith("ARP check")) {
                    current = new Step(e.time(), "ARP check: is " + target + " free? (arping -D -c 2, RFC 5227 probes)");
                    steps.add(current);
                }
                current.details.add(at + " probe: who-has " + target + " tell 0.0.0.0 (broadcast)");
            } else if (e.is(ArpEvents.RECEIVE) && current.title.startsWith("ARP check")
                    && current.title.contains(" " + e.get(ArpEvents.SENDER_IP) + " ")) {
                current.details.add(at + " " + e.get(ArpEvents.SENDER_IP) + " is at " + e.get(ArpEvents.SENDER_MAC)
                        + ": someone has it");
            } else if (e.is(DhcpEvents.BOUND)) {
                bound = e.get(DhcpEvents.ADDR) + "/" + e.num(DhcpEvents.PREFIX);
                if (current.title.startsWith("ARP check")) {
                    current.details.add(at + " no answer in " + ms(e.time() - current.startNs) + ": the address is free");
                }
                current = new Step(e.time(), "Address up: " + bound + " dev " + e.get(DhcpEvents.IFACE));
                current.details.add("default via " + e.get(DhcpEvents.ROUTER) + " dev " + e.get(DhcpEvents.IFACE)
                        + " proto dhcp; lease " + e.num(DhcpEvents.LEASE) + " s from " + e.get(DhcpEvents.SERVER)
                        + " (renew at T1 " + e.num(DhcpEvents.T1) + " s)");
                steps.add(current);
            } else if (e.is(ArpEvents.SEND) && bound != null
                    && e.get(ArpEvents.SENDER_IP).equals(e.get(ArpEvents.TARGET_IP))) {
                current.details.add(at + " gratuitous ARP: " + e.get(ArpEvents.SENDER_IP) + " is at "
                        + e.get(ArpEvents.SENDER_MAC) + " (broadcast)");
            } else if (e.is(Ip6Events.ADDRESS) && dev.minternet.ip6.Ip6Interface.traced(dev.minternet.ip6.Ip6Interface.AddrState.PREFERRED).equals(e.get(Ip6Events.STATE))) {
                ipv6.add(at + " " + e.get(Ip6Events.ADDR) + " (" + e.get(Ip6Events.HOW) + ") dev " + e.get(Ip6Events.IFACE));
            }
        }
        if (steps.size() > 1) {
            boot.title = "Boot: " + (iface == null ? "" : iface + " ") + "up with no IPv4 address; dhclient waits a random"
                    + " 1..10 s before its first DISCOVER (RFC 2131 4.4.1)";
        }
        List<String> out = new ArrayList<>();
        out.add("Joining the network (cold boot): " + client);
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            long end = i + 1 < steps.size() ? steps.get(i + 1).startNs : untilNs;
            out.add(String.format(Locale.ROOT, "%2d. [%s +%s] %s", i + 1, Narrator.sec(s.startNs), ms(end - s.startNs),
                    s.title));
            for (String d : s.details) {
                out.add("      " + d);
            }
        }
        if (!ipv6.isEmpty()) {
            out.add("    IPv6 meanwhile (SLAAC from the router's advertisements):");
            for (String l : ipv6) {
                out.add("      " + l);
            }
        }
        out.add(bound == null ? "No address by " + Narrator.sec(untilNs) + ": the browser cannot start"
                : "Joined the network in " + ms(untilNs) + " (boot to address); the browser starts at "
                        + Narrator.sec(untilNs));
        return out;
    }

    private static String ms(long ns) {
        return Narrator.ms(ns);
    }
}
