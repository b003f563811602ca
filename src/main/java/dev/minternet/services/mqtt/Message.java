package dev.minternet.services.mqtt;

/**
 * An application message as the broker holds it: topic, payload, QoS and the RETAIN flag
 * (MQTT 3.1.1 section 3.3). Immutable; the payload array is never changed once made.
 */
record Message(String topic, byte[] payload, int qos, boolean retain) {
    /** The same message at {@code q} (the lower of the publish and the subscription QoS). */
    Message atQos(int q, boolean r) {
        return q == qos && r == retain ? this : new Message(topic, payload, q, r);
    }
}
