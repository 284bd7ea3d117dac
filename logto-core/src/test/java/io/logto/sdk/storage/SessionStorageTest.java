package io.logto.sdk.storage;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class SessionStorageTest {
    /** A session as a servlet container would offer it. */
    static final class MapSession implements SessionStorage.Attributes {
        final Map<String, String> attributes = new HashMap<>();
        final Object lock = new Object();

        @Override
        public String getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, String value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }

        @Override
        public Object mutex() {
            return lock;
        }
    }

    @Test
    void setWhenDefaultPrefixThenAttributeIsPrefixed() {
        var session = new MapSession();
        var storage = new SessionStorage(session);

        storage.set("idToken", "t");

        assertThat(session.attributes).containsExactly(Map.entry("logto.idToken", "t"));
        assertThat(storage.get("idToken")).isEqualTo("t");
    }

    @Test
    void setWhenCustomPrefixThenAppsAttributesUntouched() {
        var session = new MapSession();
        session.attributes.put("idToken", "the app's own");
        var storage = new SessionStorage(session, "tenant-a:");

        storage.set("idToken", "t");
        storage.delete("idToken");

        assertThat(session.attributes).containsExactly(Map.entry("idToken", "the app's own"));
    }

    @Test
    void setWhenNullThenAttributeRemoved() {
        var session = new MapSession();
        var storage = new SessionStorage(session);
        storage.set("k", "v");

        storage.set("k", null);

        assertThat(session.attributes).isEmpty();
    }

    @Test
    void mutexWhenSessionHasOneThenItIsUsed() {
        var session = new MapSession();

        assertThat(new SessionStorage(session).mutex()).isSameAs(session.lock);
        assertThat(new SessionStorage(session).mutex()).isSameAs(new SessionStorage(session).mutex());
    }

    @Test
    void constructorWhenNullSessionThenRejected() {
        assertThatNullPointerException().isThrownBy(() -> new SessionStorage(null));
    }

    @Test
    void toStringWhenValuesStoredThenShowsNone() {
        var session = new MapSession();
        var storage = new SessionStorage(session);
        storage.set("refreshToken", "secret-value");

        assertThat(storage.toString()).doesNotContain("secret-value");
    }
}
