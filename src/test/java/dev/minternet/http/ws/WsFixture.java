package dev.minternet.http.ws;

import dev.minternet.sim.Simulator;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Trace;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.StreamPipe;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A WebSocket client and server joined by a {@link StreamPipe}, with every byte and event recorded. */
final class WsFixture {
    static final long MS = 1_000_000L;

    final Simulator sim = new Simulator(1);
    final Trace trace = new Trace(sim);
    final StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(5 * MS));
    final List<TraceEvent> events = new ArrayList<>();
    final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
    final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
    final Recorder server = new Recorder("server");
    final Recorder client = new Recorder("client");
    WsSession clientSession;

    WsFixture() {
        trace.subscribe(events::add);
        pipe.setTap((from, data, off, len) -> (from == pipe.client() ? fromClient : fromServer).write(data, off, len));
    }

    /** Serves with {@code ws} and opens a client with {@code o}; runs until quiet. */
    WsFixture connect(WsServer ws, WsClient.Options o) {
        ws.serve(pipe.server());
        clientSession = WsClient.open(sim, pipe.client(), o, trace, client);
        sim.run();
        return this;
    }

    WsFixture connect(boolean deflate) {
        return connect(new WsServer(sim, trace, server).deflate(deflate),
                WsClient.Options.of(URI.create("ws://chat.example.com/room/1"), new SplittableRandom(7)).withDeflate(deflate));
    }

    List<TraceEvent> ws(EventType type) {
        return events.stream().filter(e -> e.is(type)).toList();
    }

    /** What an endpoint heard, as lines. */
    static final class Recorder implements WsListener {
        final String name;
        final List<String> heard = new ArrayList<>();
        WsSession session;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void onOpen(WsSession s) {
            session = s;
            heard.add("open " + s.target() + " [" + s.extensions() + "]");
        }

        @Override
        public void onText(WsSession s, String text) {
            heard.add("text " + text);
        }

        @Override
        public void onBinary(WsSession s, byte[] data) {
            heard.add("binary " + data.length);
        }

        @Override
        public void onClose(WsSession s, int code, String reason, boolean clean) {
            heard.add("close " + code + " " + reason + " clean=" + clean);
        }

        @Override
        public void onFail(WsSession s, String error) {
            heard.add("fail " + error);
        }
    }
}
