package dev.minternet.link;

/**
 * A shared medium that transmits for several channels at once (a Wi-Fi access point's radio
 * channel): a channel attached to one hands it every datagram it is offered instead of queueing
 * and serializing it itself. The medium reports back through {@link Channel#mediumTransmitting},
 * {@link Channel#mediumDelivered} and {@link Channel#mediumDropped}.
 */
public interface Medium {
    /** {@code from} (an up link's channel) is offered {@code frame}. */
    void offer(Channel from, byte[] frame);
}
