package io.logto.sdk.benchmarks;

import io.logto.sdk.storage.SessionStorage;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An HttpSession-like session: attributes in a {@link ConcurrentHashMap}, as servlet containers keep
 * them. Wrapped in {@link SessionStorage}, it stands for the servlet adapter's storage.
 */
public final class MapSession implements SessionStorage.Attributes {
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

    @Override
    public String getAttribute(String name) {
        return (String) attributes.get(name);
    }

    @Override
    public void setAttribute(String name, String value) {
        attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    /** The stored attributes, for measuring the session's size. */
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }
}
