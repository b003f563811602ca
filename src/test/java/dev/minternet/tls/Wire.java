package dev.minternet.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An in-memory transport between a client and a server connection: moves each side's outbound
 * bytes to the other until both are quiet, keeping every flight (the bytes one side produced in
 * one turn) and a SHA-256 over all bytes in both directions.
 */
final class Wire {
    record Flight(boolean fromClient, byte[] bytes) {
    }

    final TlsConnection client;
    final TlsConnection server;
    final List<Flight> flights = new ArrayList<>();
    final List<TlsEvent> clientEvents = new ArrayList<>();
    final List<TlsEvent> serverEvents = new ArrayList<>();
    private final MessageDigest digest;

    Wire(TlsConnection client, TlsConnection server) {
        this.client = client;
        this.server = server;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Shuttles bytes until neither side has anything to send. */
    Wire run() {
        for (int turn = 0; turn < 100; turn++) {
            boolean moved = move(client, server, true) | move(server, client, false);
            clientEvents.addAll(client.drainEvents());
            serverEvents.addAll(server.drainEvents());
            if (!moved) {
                return this;
            }
        }
        throw new AssertionError("the connections never went quiet");
    }

    private boolean move(TlsConnection from, TlsConnection to, boolean fromClient) {
        byte[] b = from.takeOutbound();
        if (b.length == 0) {
            return false;
        }
        flights.add(new Flight(fromClient, b));
        digest.update(fromClient ? (byte) 'C' : (byte) 'S');
        digest.update(b);
        to.receive(b);
        return true;
    }

    String hash() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    <T extends TlsEvent> List<T> clientEvents(Class<T> type) {
        return clientEvents.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends TlsEvent> List<T> serverEvents(Class<T> type) {
        return serverEvents.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
