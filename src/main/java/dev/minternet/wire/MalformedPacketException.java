package dev.minternet.wire;

/**
 * A packet that does not parse. Thrown by the wire codecs and always caught by the layer that
 * received the bytes, which counts and drops the packet the way a real stack would.
 */
public final class MalformedPacketException extends Exception {
    public MalformedPacketException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
