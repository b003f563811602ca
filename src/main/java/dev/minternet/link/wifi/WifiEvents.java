package dev.minternet.link.wifi;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/**
 * Trace events of layer {@code wifi}: the 802.11 DCF of a Wi-Fi access point's shared channel
 * (link.wifi.WifiMedium). The node field is the station's node, or the access point's name for
 * what the access point sends and for collisions.
 */
public final class WifiEvents {
    private WifiEvents() {
    }

    public static final Catalog CATALOG = new Catalog("wifi",
            "Wi-Fi: 802.11a DCF on one shared channel per access point (link.wifi.WifiMedium); "
                    + "the node field is the station's node, or the access point's name.");

    public static final Field<String> IFACE = Field.text("iface", "the station's interface (radio for the access point)");
    public static final Field<String> WLAN = Field.text("wlan", "the access point's name (the LAN)");
    public static final Field<Long> CW = Field.integer("cw", Unit.COUNT, "the contention window: the backoff is drawn from 0 to cw slots");
    public static final Field<Long> SLOTS = Field.integer("slots", Unit.COUNT, "the backoff drawn, in 9 us slots");
    public static final Field<Long> RETRY = Field.integer("retry", Unit.COUNT, "the frame's retry count (0 on a first attempt)");
    public static final Field<Long> STATIONS = Field.integer("stations", Unit.COUNT, "transmitters whose backoffs ended in the same slot");
    public static final Field<String> WHO = Field.text("who", "the colliding transmitters (node:iface, or the access point's name)");
    public static final Field<Long> AIRTIME = Field.integer("airtime", Unit.NANOSECONDS, "how long the longest colliding frame kept the channel busy");
    public static final Field<Long> LEN = Field.integer("len", Unit.BYTES, "the frame's length (Ethernet II, as captured)");
    public static final Field<String> DST = Field.text("dst", "the frame's destination MAC address");
    public static final Field<String> REASON = Field.text("reason", "retry-limit (7 attempts without an ACK)");

    public static final EventType BACKOFF = CATALOG.event("backoff",
            "a transmitter drew a random backoff: after its frame was sent or dropped (post-backoff), on a collision,"
                    + " or when a frame arrived while the channel was busy", IFACE, WLAN, CW, SLOTS, RETRY);
    public static final EventType COLLISION = CATALOG.event("collision",
            "two or more backoffs ended in the same slot: their frames overlap on the air and none is received",
            WLAN, STATIONS, WHO, AIRTIME);
    public static final EventType RETRY_EVENT = CATALOG.event("retry",
            "no ACK came within the ACK timeout: the frame will be sent again after a backoff with a doubled window",
            IFACE, WLAN, RETRY, CW, LEN, DST);
    public static final EventType DROP = CATALOG.event("drop",
            "the frame was dropped after the retry limit (dot11ShortRetryLimit 7)", IFACE, WLAN, REASON, LEN, DST);
}
