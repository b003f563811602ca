/**
 * The MQTT broker (MQTT 3.1.1 and 5.0 over Netty's MQTT codec): sessions, QoS 0/1/2 flows,
 * retained messages, wills, keep-alive, topic wildcards. See {@link dev.minternet.services.mqtt.MqttBroker}.
 */
package dev.minternet.services.mqtt;
