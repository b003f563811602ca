package dev.minternet.tls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

/**
 * A BouncyCastle extensions table ({@code Hashtable<Integer, byte[]>}, as its API takes them)
 * that enumerates its keys in the order they were first put, so a ClientHello carries its
 * extensions in the order a real client sends them. BouncyCastle fills some entries itself
 * (supported_versions, key_share); putting a placeholder first fixes their position. One
 * limit remains: BouncyCastle writes the zero-length extensions before the others.
 */
final class OrderedExtensions extends Hashtable<Object, Object> {
    private static final long serialVersionUID = 1L;
    private final List<Object> order = new ArrayList<>();

    @Override
    public synchronized Object put(Object key, Object value) {
        if (!containsKey(key)) {
            order.add(key);
        }
        return super.put(key, value);
    }

    @Override
    public synchronized void putAll(Map<?, ?> t) {
        t.forEach(this::put);
    }

    @Override
    public synchronized Object remove(Object key) {
        order.remove(key);
        return super.remove(key);
    }

    @Override
    public synchronized void clear() {
        order.clear();
        super.clear();
    }

    @Override
    public synchronized Enumeration<Object> keys() {
        return Collections.enumeration(new ArrayList<>(order));
    }
}
