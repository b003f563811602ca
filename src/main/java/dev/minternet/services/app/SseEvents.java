package dev.minternet.services.app;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code sse}: the application server's server-sent events (services.app.EventStream). */
public final class SseEvents {
    private SseEvents() {
    }

    public static final Catalog CATALOG = new Catalog("sse",
            "Server-sent events on the application server (services.app.EventStream, GET /api/events): clients subscribing, ticks pushed, missed ticks replayed.");

    public static final Field<String> PEER = Field.text("peer", "the client's address:port");
    public static final Field<Long> LAST_ID = Field.integer("last_id", Unit.NONE, "the Last-Event-ID the client sent, -1 when none");
    public static final Field<Long> FROM = Field.integer("from", Unit.NONE, "the first tick this client gets");
    public static final Field<Long> ID = Field.integer("id", Unit.NONE, "the event's id (the tick's number)");
    public static final Field<Long> COUNT = Field.integer("count", Unit.COUNT, "events replayed");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the event's size in the stream");

    public static final EventType OPEN = CATALOG.event("open", "a client subscribed to the event stream", PEER, LAST_ID, FROM);
    public static final EventType REPLAY = CATALOG.event("replay", "missed events sent at once after a reconnect with Last-Event-ID", PEER, FROM, COUNT);
    public static final EventType SEND = CATALOG.event("send", "a tick pushed to a client as one chunk", PEER, ID, BYTES);
    public static final EventType CLOSE = CATALOG.event("close", "the client went away; its timers stop", PEER);
}
