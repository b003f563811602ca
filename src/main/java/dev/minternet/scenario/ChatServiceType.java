package dev.minternet.scenario;

import dev.minternet.node.Node;
import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.services.chat.ChatServer;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.units.Units;
import java.util.List;

/**
 * {@code type: chat}: a chat server over WebSockets on port 80 (443 with {@code tls}): rooms at
 * {@code /room/NAME}, with permessage-deflate ({@code deflate}, on; {@code context-takeover: false}
 * answers {@code server_no_context_takeover}: no compression state kept between messages), messages up to
 * {@code max-message} (64KiB, at most 16MiB) and a ping to every member every {@code ping}
 * (30s; 0 for none); {@code announce: false} tells a join to the joiner only, and a leave to
 * nobody (for large rooms); {@code redis: NODE:PORT} joins the server to a chat cluster that
 * shares its rooms over that Redis's pub/sub (several chat servers behind a load balancer). See
 * {@link ChatServer}.
 */
final class ChatServiceType extends ServiceType<ChatServiceType.ChatSpec> {
    static final long MAX_MESSAGE = 16L << 20;

    /** A chat server. */
    record ChatSpec(int port, boolean tls, List<String> names, boolean deflate, boolean contextTakeover, int maxMessage, long pingNs,
            boolean announce, HostPort redis, Loc loc)
            implements ServiceSpec {
    }

    ChatServiceType() {
        super("chat", ChatSpec.class, "port", "tls", "names", "deflate", "context-takeover", "max-message", "ping", "announce", "redis");
    }

    @Override
    ChatSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        boolean tls = o.opt("tls", false, Fields::bool);
        int port = o.opt("port", tls ? 443 : 80, Fields::port);
        boolean deflate = o.opt("deflate", true, Fields::bool);
        boolean contextTakeover = o.opt("context-takeover", true, v -> {
            boolean on = Fields.bool(v);
            if (!on && !deflate) {
                throw v.error("is about permessage-deflate, which deflate: false turns off");
            }
            return on;
        });
        long max = o.opt("max-message", 64L * 1024, v -> {
            long b = v.parse(Units::bytes);
            if (b < 125 || b > MAX_MESSAGE) {
                throw v.error("must be between 125 bytes and 16MiB");
            }
            return b;
        });
        long ping = o.opt("ping", 30_000_000_000L, v -> v.parse(Units::durationNs));
        if (ping > 0) {
            entry.runsForever("a chat server pings its members forever (ping: 0 turns that off)");
        }
        boolean announce = o.opt("announce", true, Fields::bool);
        HostPort redis = o.opt("redis", null, entry::node);
        return new ChatSpec(port, tls, Fields.names(o), deflate, contextTakeover, (int) max, ping, announce, redis, o.loc());
    }

    /** The port, TLS, where the rooms are, and the keep-alive pings. */
    @Override
    String summary(ChatSpec c) {
        return "port " + c.port() + (c.tls() ? " (TLS)" : "") + ", WebSocket rooms at " + ChatServer.PREFIX + "NAME"
                + (c.deflate() ? ", permessage-deflate" + (c.contextTakeover() ? "" : " (server_no_context_takeover)") : "")
                + (c.pingNs() > 0 ? ", ping every " + (c.pingNs() % 1_000_000_000L == 0 ? c.pingNs() / 1_000_000_000L + " s"
                        : c.pingNs() / 1_000_000L + " ms") : "")
                + (c.announce() ? "" : ", joins told to the joiner only")
                + (c.redis() == null ? "" : ", rooms shared over Redis pub/sub at " + c.redis().node() + ":" + c.redis().port());
    }

    @Override
    void start(ChatSpec spec, Host on) {
        ChatServer chat = new ChatServer(on.node(), spec.port(), on.identities(spec.tls(), spec.names()), spec.deflate(),
                spec.maxMessage(), spec.pingNs()).announce(spec.announce()).contextTakeover(spec.contextTakeover());
        if (spec.redis() != null) {
            Node n = on.node();
            int address = on.world().resolve(spec.redis().node());
            int port = spec.redis().port();
            chat.cluster(cb -> TcpStreamSocket.connect(n.tcp(), address, port, TcpStreamSocket.noDelay(n.tcp()), cb::connected,
                    cb::failed));
        }
    }
}
