package io.logto.sdk.servlet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpSessionStorageTest {

    @Test
    void getWhenNoSessionThenAbsentAndNoSessionCreated() {
        var request = new FakeRequests.Request();

        assertThat(new HttpSessionStorage(request.proxy).get("idToken")).isNull();
        assertThat(request.session.get()).isNull();
    }

    @Test
    void deleteWhenNoSessionThenNoSessionCreated() {
        var request = new FakeRequests.Request();

        new HttpSessionStorage(request.proxy).delete("idToken");

        assertThat(request.session.get()).isNull();
    }

    @Test
    void setThenSessionCreatedWithPrefixedStringAttribute() {
        var request = new FakeRequests.Request();
        var storage = new HttpSessionStorage(request.proxy);

        storage.set("idToken", "header.payload.signature");

        assertThat(request.session.get()).isNotNull();
        assertThat(request.attributes).containsExactly(java.util.Map.entry("logto.idToken", "header.payload.signature"));
        assertThat(storage.get("idToken")).isEqualTo("header.payload.signature");
        assertThat(new HttpSessionStorage(request.proxy).get("idToken")).as("a later request sees it")
                .isEqualTo("header.payload.signature");
    }

    @Test
    void setNullThenKeyDeleted() {
        var request = new FakeRequests.Request();
        var storage = new HttpSessionStorage(request.proxy);
        storage.set("refreshToken", "r1");

        storage.set("refreshToken", null);

        assertThat(request.attributes).isEmpty();
    }

    @Test
    void customPrefixThenAttributesUseIt() {
        var request = new FakeRequests.Request();

        new HttpSessionStorage(request.proxy, "app1.logto.").set("idToken", "t");

        assertThat(request.attributes).containsOnlyKeys("app1.logto.idToken");
    }

    @Test
    void attributeOfAnotherTypeThenReadAsAbsent() {
        var request = new FakeRequests.Request();
        request.proxy.getSession(true).setAttribute("logto.idToken", 42);

        assertThat(new HttpSessionStorage(request.proxy).get("idToken")).isNull();
    }

    @Test
    void mutexIsTheSessionOnceItExistsAndTheRequestBefore() {
        var request = new FakeRequests.Request();
        var storage = new HttpSessionStorage(request.proxy);
        Object before = storage.mutex();

        storage.set("idToken", "t");

        assertThat(before).isSameAs(request.proxy);
        assertThat(storage.mutex()).isSameAs(request.session.get());
        assertThat(new HttpSessionStorage(request.proxy).mutex()).isSameAs(request.session.get());
    }

    @Test
    void toStringShowsNoValues() {
        var request = new FakeRequests.Request();
        var storage = new HttpSessionStorage(request.proxy);
        storage.set("refreshToken", "secret-refresh-token");

        assertThat(storage.toString()).doesNotContain("secret-refresh-token");
    }
}
