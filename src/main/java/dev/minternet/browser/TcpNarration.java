package dev.minternet.browser;

import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpEvents;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.TcpPacket;
import java.util.ArrayList;
import java.util.List;

/** TCP: the three-way handshake of the browser's connection (step "tcp") and its SYN arrows. */
final class TcpNarration implements NarrationPart {
    /** The key of the TCP step, under which {@link RouteNarration} adds the route. */
    static final String STEP = "tcp";

    /**
     * The browser's handshake as the client's trace shows it; later segments are null when they did
     * not come; {@code rst} is the reset that refused the connection instead of a SYN-ACK.
     */
    record Handshake(String address, long port, TraceEvent syn, TraceEvent synAck, TraceEvent ack, TraceEvent rst) {
        /** The client's end of the connection, address:port. */
        String local() {
            return Ip6.hostPort(syn.get(TcpEvents.SRC), syn.num(TcpEvents.SPORT));
        }

        /** The end of the handshake's round trip (the SYN-ACK or the RST), or forever when none came. */
        long untilNs() {
            return synAck != null ? synAck.time() : rst != null ? rst.time() : Long.MAX_VALUE;
        }
    }

    /** The RST control bit's name in {@link TcpEvents#FLAGS}. */
    private static final String RST = TcpPacket.flagString(TcpPacket.RST);

    /**
     * The node that sent {@code rst}: the one whose trace shows a reset leaving with the same
     * source port and acknowledgment number (NAT rewrites the destination on the way, not these),
     * at or before it arrived; the node behind its source address when none does.
     */
    static String sender(Story s, TraceEvent rst) {
        for (TraceEvent e : s.window) {
            if (e.time() > rst.time()) {
                break;
            }
            if (e.is(TcpEvents.SEND) && !e.node().equals(s.client) && e.get(TcpEvents.FLAGS).contains(RST)
                    && e.num(TcpEvents.SPORT) == rst.num(TcpEvents.SPORT) && e.get(TcpEvents.ACK).equals(rst.get(TcpEvents.ACK))
                    && e.get(TcpEvents.SRC).equals(rst.get(TcpEvents.SRC))) {
                return e.node();
            }
        }
        return s.name(rst.get(TcpEvents.SRC));
    }

    /**
     * The Happy Eyeballs race of the page's own connection, or null: one decided by the time that
     * connection was up (a later race is another origin's, when the page's host needed none: an IP literal).
     */
    static TraceEvent pageRace(Story s) {
        TraceEvent he = s.first(BrowserEvents.HAPPY_EYEBALLS, BrowserEvents.ONE_FAMILY);
        TraceEvent up = s.first(BrowserEvents.CONNECTED);
        return he != null && (up == null || he.time() <= up.time()) ? he : null;
    }

    /** The handshake of the visit's connection, or null when the browser did not connect or no SYN left. */
    static Handshake handshake(Story s) {
        TraceEvent connect = s.first(BrowserEvents.CONNECT);
        if (connect == null) {
            return null;
        }
        // with Happy Eyeballs, the connection that won (its family's address)
        TraceEvent he = pageRace(s);
        String addr = he != null ? he.get(BrowserEvents.ADDRESS) : connect.get(BrowserEvents.ADDRESS);
        long port = connect.num(BrowserEvents.PORT);
        TraceEvent syn = null;
        TraceEvent synAck = null;
        TraceEvent ack = null;
        TraceEvent rst = null;
        for (TraceEvent e : s.window) {
            if (!e.node().equals(s.client) || !e.isAny(TcpEvents.SEND, TcpEvents.RECEIVE)) {
                continue;
            }
            String f = e.get(TcpEvents.FLAGS);
            if (syn == null && e.is(TcpEvents.SEND) && TcpPacket.flagString(TcpPacket.SYN).equals(f) && addr.equals(e.get(TcpEvents.DST))
                    && e.num(TcpEvents.DPORT) == port) {
                syn = e;
            } else if (syn != null && synAck == null && e.is(TcpEvents.RECEIVE) && TcpPacket.flagString(TcpPacket.SYN | TcpPacket.ACK).equals(f)
                    && e.num(TcpEvents.DPORT) == syn.num(TcpEvents.SPORT)) {
                synAck = e;
            } else if (syn != null && synAck == null && rst == null && e.is(TcpEvents.RECEIVE) && f.contains(RST)
                    && e.num(TcpEvents.DPORT) == syn.num(TcpEvents.SPORT) && e.num(TcpEvents.SPORT) == port) {
                rst = e;
            } else if (synAck != null && ack == null && e.is(TcpEvents.SEND) && e.num(TcpEvents.SPORT) == syn.num(TcpEvents.SPORT)) {
                ack = e;
            }
        }
        return syn == null ? null : new Handshake(addr, port, syn, synAck, ack, rst);
    }

    @Override
    public void tell(Story s) {
        TraceEvent reuse = s.first(BrowserEvents.REUSE);
        if (reuse != null) {
            reused(s, reuse);
            return;
        }
        TraceEvent coalesce = pageCoalesce(s);
        if (coalesce != null) {
            coalesced(s, coalesce);
            return;
        }
        TraceEvent connect = s.first(BrowserEvents.CONNECT);
        if (connect == null) {
            return;
        }
        TraceEvent he = pageRace(s);
        String addr = he != null ? he.get(BrowserEvents.ADDRESS) : connect.get(BrowserEvents.ADDRESS);
        long port = connect.num(BrowserEvents.PORT);
        Handshake h = handshake(s);
        List<String> d = new ArrayList<>();
        String explain = "Three packets (SYN, SYN-ACK, ACK) set up a reliable byte stream between " + s.client + " and " + s.name(addr);
        boolean oneFamily = he != null && he.is(BrowserEvents.ONE_FAMILY);
        if (oneFamily) {
            d.add("over " + he.get(BrowserEvents.FAMILY) + ": " + he.get(BrowserEvents.WHY) + " (no Happy Eyeballs race: one family)");
        } else if (he != null) {
            d.add("Happy Eyeballs (RFC 8305): " + he.get(BrowserEvents.FAMILY) + " won: " + he.get(BrowserEvents.WHY));
            if (h != null) {
                losers(s, h, port, d);
            }
        }
        if (h != null) {
            d.add(Narrator.at(h.syn().time()) + " SYN     " + h.local() + " -> " + Ip6.hostPort(addr, port));
            if (h.synAck() != null) {
                d.add(Narrator.at(h.synAck().time()) + " SYN-ACK back: round trip " + Narrator.ms(h.synAck().time() - h.syn().time()));
                explain += "; it costs one round trip (" + Narrator.ms(h.synAck().time() - h.syn().time()) + " here).";
            } else if (h.rst() != null) {
                String from = sender(s, h.rst());
                d.add(Narrator.at(h.rst().time()) + " " + h.rst().get(TcpEvents.FLAGS) + " back from " + from + " ("
                        + Ip6.hostPort(h.rst().get(TcpEvents.SRC), h.rst().num(TcpEvents.SPORT)) + ") after "
                        + Narrator.ms(h.rst().time() - h.syn().time()) + ": connection refused");
                explain += ", but " + from + " answered the SYN with a reset (RST): nothing listens on port " + port
                        + " there, so the connection is refused (RFC 9293 3.10.7.1) and the page cannot load.";
            } else {
                explain += ", but no SYN-ACK came back.";
            }
            if (h.ack() != null) {
                d.add(Narrator.at(h.ack().time()) + " ACK     connection established");
            }
        } else {
            explain += "; no SYN left " + s.client + ".";
        }
        if (oneFamily) {
            explain += " The connection goes over " + he.get(BrowserEvents.FAMILY) + " because " + he.get(BrowserEvents.WHY)
                    + ": its AAAA records are all there is, so there is no IPv4 address to race (its IPv6 addresses are tried one after another).";
        } else if (he != null) {
            explain += " The name has IPv6 and IPv4 addresses: Happy Eyeballs (RFC 8305) tried them a connection attempt "
                    + "delay of 250 ms apart, and " + he.get(BrowserEvents.FAMILY) + " won: " + he.get(BrowserEvents.WHY) + ".";
        }
        String where = Ip6.bracketed(addr);
        s.step(STEP, connect.time(), "TCP connection to " + where + ":" + port, explain, d);
        TraceEvent connected = s.first(BrowserEvents.CONNECTED);
        if (connected != null) {
            s.row("TCP connect", connect.time(), connected.time(), "");
        } else if (h != null && h.rst() != null) {
            s.row("TCP connect", connect.time(), h.rst().time(), "refused (RST)");
        }
    }

    /**
     * The attempts that lost the race (RFC 8305): each first SYN the client sent to another address on the
     * same port before the winner's SYN-ACK, with how it ended (a reset, or no answer by then).
     */
    private static void losers(Story s, Handshake h, long port, List<String> d) {
        long until = h.untilNs();
        List<String> seen = new ArrayList<>();
        for (TraceEvent e : s.window) {
            if (e.time() > until) {
                break;
            }
            if (e.node().equals(s.client) && e.is(TcpEvents.SEND) && TcpPacket.flagString(TcpPacket.SYN).equals(e.get(TcpEvents.FLAGS))
                    && e.num(TcpEvents.DPORT) == port && !h.address().equals(e.get(TcpEvents.DST)) && !seen.contains(e.get(TcpEvents.DST))) {
                seen.add(e.get(TcpEvents.DST));
                String dst = e.get(TcpEvents.DST);
                long sport = e.num(TcpEvents.SPORT);
                String end = "no answer in " + Narrator.ms(until - e.time()) + ": abandoned when the other attempt connected";
                for (TraceEvent r : s.window) {
                    if (r.time() > until) {
                        break;
                    }
                    if (r.time() > e.time() && r.node().equals(s.client) && r.is(TcpEvents.RECEIVE) && r.num(TcpEvents.DPORT) == sport
                            && dst.equals(r.get(TcpEvents.SRC))) {
                        end = r.get(TcpEvents.FLAGS) + " back after " + Narrator.ms(r.time() - e.time());
                        break;
                    }
                }
                d.add(Narrator.at(e.time()) + " SYN     " + Ip6.hostPort(e.get(TcpEvents.SRC), sport) + " -> "
                        + Ip6.hostPort(dst, port) + " (" + end + ")");
            }
        }
    }

    @Override
    public void draw(TraceEvent e, Sequence seq) {
        if (e.node().equals(seq.client) && e.is(TcpEvents.RECEIVE) && e.get(TcpEvents.FLAGS).contains(RST)) {
            seq.arrow(e, seq.name(e.get(TcpEvents.SRC)), seq.client, "TCP " + e.get(TcpEvents.FLAGS));
        } else if (e.node().equals(seq.client) && e.isAny(TcpEvents.SEND, TcpEvents.RECEIVE) && isSyn(e)) {
            if (e.is(TcpEvents.SEND)) {
                seq.arrow(e, seq.client, seq.name(e.get(TcpEvents.DST)), "TCP SYN");
            } else {
                seq.arrow(e, seq.name(e.get(TcpEvents.SRC)), seq.client, "TCP SYN-ACK");
            }
        }
    }

    /** How the connection whose local end is {@code local} was opened: its TCP established and TLS done events (null when absent). */
    private static TraceEvent[] opening(Story s, String local) {
        TraceEvent[] out = new TraceEvent[2];
        for (TraceEvent e : s.all) {
            if (e.node().equals(s.client) && e.isAny(BrowserEvents.CONNECTED, BrowserEvents.TLS_DONE)
                    && e.get(BrowserEvents.LOCAL).equals(local)) {
                int k = e.is(BrowserEvents.CONNECTED) ? 0 : 1;
                if (out[k] == null) {
                    out[k] = e;
                }
            }
        }
        return out;
    }

    /**
     * The page goes on a connection an earlier visit opened: what it saved is what opening it
     * cost then, read from that visit's events (its connect, TCP established, TLS done).
     */
    private static void reused(Story s, TraceEvent reuse) {
        String local = reuse.get(BrowserEvents.LOCAL);
        TraceEvent[] opened = opening(s, local);
        TraceEvent up = opened[0];
        TraceEvent tls = opened[1];
        List<String> d = new ArrayList<>();
        d.add("connection " + local + " -> " + reuse.get(BrowserEvents.REMOTE) + " (" + reuse.get(BrowserEvents.ALPN) + "), opened in visit "
                + reuse.num(BrowserEvents.OPENED_BY) + ", idle " + Narrator.ms(reuse.num(BrowserEvents.IDLE_NS)));
        String saved = saved(up, tls, d);
        s.step(STEP, reuse.time(), "Reusing connection " + local + " -> " + reuse.get(BrowserEvents.REMOTE) + " (keep-alive)",
                "The browser kept the connection open after the last page (HTTP keep-alive, idle for less than Chromium's 5 minutes), "
                        + "so this page needs no TCP handshake" + (tls != null ? " and no TLS handshake" : "")
                        + (saved.isEmpty() ? "." : ": it saves " + saved + "."),
                d);
        s.row("reused connection", reuse.time(), reuse.time(), "keep-alive");
    }

    /** The page's own coalescing (its host's, before it opened any connection), or null; a later one is another origin's. */
    static TraceEvent pageCoalesce(Story s) {
        String host = s.host();
        for (TraceEvent e : s.window) {
            if (s.isBrowser(e, BrowserEvents.CONNECT)) {
                return null;
            }
            if (s.isBrowser(e, BrowserEvents.COALESCE)) {
                return e.get(BrowserEvents.HOST).equals(host) ? e : null;
            }
        }
        return null;
    }

    /**
     * The page went on an open HTTP/2 connection of another host (Chromium's IP-based pooling): the
     * step says which connection, why it may carry this host, and what its handshakes cost when it
     * was opened.
     */
    private static void coalesced(Story s, TraceEvent co) {
        String local = co.get(BrowserEvents.LOCAL);
        TraceEvent[] opened = opening(s, local);
        TraceEvent up = opened[0];
        TraceEvent tls = opened[1];
        String host = co.get(BrowserEvents.HOST);
        String remote = co.get(BrowserEvents.REMOTE);
        List<String> d = new ArrayList<>();
        d.add("connection " + local + " -> " + remote + " (" + co.get(BrowserEvents.ALPN) + "), opened in visit "
                + co.num(BrowserEvents.OPENED_BY) + "; its certificate, verified then, names " + host + " too");
        String saved = tls == null ? "" : saved(up, tls, d);
        s.step(STEP, co.time(), "Coalescing onto the HTTP/2 connection " + local + " -> " + remote + " (same address, certificate covers "
                        + host + ")",
                host + " resolves to the address and port of an HTTP/2 connection the browser already has open, and the certificate"
                        + " that connection verified also names " + host + ", so Chromium sends this page's requests on it as new"
                        + " streams (connection coalescing, RFC 9113 section 9.1.1): no TCP and no TLS handshake"
                        + (saved.isEmpty() ? "." : ": it saves " + saved + "."),
                d);
        s.row("coalesced connection", co.time(), co.time(), "h2 pooling");
    }

    /**
     * What opening a connection took in the visit that opened it ({@code up}: TCP established, {@code tls}: its
     * handshake done, or null), told as a detail line in {@code d}; "" when its opening is not in the trace.
     */
    private static String saved(TraceEvent up, TraceEvent tls, List<String> d) {
        if (up == null) {
            return "";
        }
        long start = up.num(BrowserEvents.CONNECT_NS);
        String saved = "TCP handshake " + Narrator.ms(up.time() - start);
        if (tls != null) {
            saved += " + TLS handshake " + Narrator.ms(tls.time() - up.time()) + " = " + Narrator.ms(tls.time() - start);
        }
        d.add("saved: " + saved + " (what opening it took in visit " + up.num(BrowserEvents.VISIT) + ")");
        return saved;
    }

    /** Whether {@code e} is a segment with SYN set (the opening SYN or the SYN-ACK). */
    private static boolean isSyn(TraceEvent e) {
        String f = e.get(TcpEvents.FLAGS);
        return f.equals(TcpPacket.flagString(TcpPacket.SYN)) || f.equals(TcpPacket.flagString(TcpPacket.SYN | TcpPacket.ACK));
    }
}
