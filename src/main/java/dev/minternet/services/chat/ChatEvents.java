package dev.minternet.services.chat;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code chat}: members joining and leaving rooms, messages broadcast. */
public final class ChatEvents {
    private ChatEvents() {
    }

    public static final Catalog CATALOG = new Catalog("chat",
            "The chat service (services.chat.ChatServer): rooms over WebSockets, join/leave, broadcast.");

    public static final Field<String> ROOM = Field.text("room", "the room's name (from the request path)");
    public static final Field<String> MEMBER = Field.text("member", "the member's name");
    public static final Field<Long> MEMBERS = Field.integer("members", Unit.COUNT, "members in the room after the change");
    public static final Field<String> FROM = Field.text("from", "the sender's name");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the message's payload (UTF-8 for text)");
    public static final Field<Long> RECIPIENTS = Field.integer("recipients", Unit.COUNT, "members it is sent to (the sender included)");
    public static final Field<Long> CODE = Field.integer("code", Unit.NONE, "the WebSocket close code the member left with");

    public static final EventType JOIN = CATALOG.event("join", "a member's WebSocket opened on a room", ROOM, MEMBER, MEMBERS);
    public static final EventType MESSAGE = CATALOG.event("message", "a member's message is broadcast to the room", ROOM, FROM, BYTES,
            RECIPIENTS);
    public static final EventType RELAY = CATALOG.event("relay",
            "a message from the cluster's Redis channel is sent to this server's members of the room", ROOM, BYTES, RECIPIENTS);
    public static final EventType LEAVE = CATALOG.event("leave", "a member's WebSocket closed", ROOM, MEMBER, MEMBERS, CODE);
}
