package dev.minternet.services.redis;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code redis}: the Redis server's connections, commands, evictions and publishes. */
public final class RedisEvents {
    private RedisEvents() {
    }

    public static final Catalog CATALOG = new Catalog("redis",
            "The RESP2/RESP3 server (services.redis.RedisServer): one event per command, LRU evictions under maxmemory, "
                    + "PUBLISH fan-out.");

    public static final Field<Long> CLIENT = Field.integer("client", Unit.NONE, "the connection's client id (CLIENT ID; Redis 7.0 starts at 3)");
    public static final Field<String> FROM = Field.text("from", "the client's address:port");
    public static final Field<String> CMD = Field.text("cmd", "the command's name in capitals (as typed when unknown)");
    public static final Field<String> KEY = Field.text("key", "the command's first argument (clipped), empty when it has none");
    public static final Field<String> REPLY = Field.text("reply", "what the reply was: nil, error ERR, integer, bulk and its length, array...");
    public static final Field<String> POLICY = Field.text("policy", "the maxmemory-policy (allkeys-lru, volatile-lru, ...)");
    public static final Field<Long> USED_MEMORY = Field.integer("used_memory", Unit.BYTES, "the keyspace's modelled size after the eviction");
    public static final Field<Long> MAXMEMORY = Field.integer("maxmemory", Unit.BYTES, "the configured limit");
    public static final Field<String> CHANNEL = Field.text("channel", "the channel published to (clipped)");
    public static final Field<Long> RECEIVERS = Field.integer("receivers", Unit.COUNT, "subscribers the message reached (PUBLISH's reply)");
    public static final Field<String> ERROR = Field.text("error", "the protocol error Redis replies before closing the connection");

    public static final EventType CONNECT = CATALOG.event("connect", "a client connection is accepted", CLIENT, FROM);
    public static final EventType COMMAND = CATALOG.event("command", "a command ran and its reply was queued", CLIENT, CMD, KEY, REPLY);
    public static final EventType EVICT = CATALOG.event("evict", "a key is evicted to get under maxmemory (sampled LRU)", KEY, POLICY, USED_MEMORY, MAXMEMORY);
    public static final EventType PUBLISH = CATALOG.event("publish", "PUBLISH delivered a message to the channel's subscribers", CHANNEL, RECEIVERS);
    public static final EventType PROTOCOL_ERROR = CATALOG.event("protocol-error", "the client sent bytes that are not RESP; the server replies the error and closes", CLIENT, ERROR);
    public static final EventType DISCONNECT = CATALOG.event("disconnect", "a client connection closed", CLIENT);
}
