package io.logto.sdk.storage;

import io.logto.sdk.LogtoException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CookieKeys}: each malformed key spec is refused by its own check, with a message that names
 * the entry and never shows key material; the first key encrypts, every key decrypts.
 */
class CookieKeysTest {
    private static final String KEY_1 = EncryptedCookiesTest.KEY_1;
    private static final String KEY_2 = EncryptedCookiesTest.KEY_2;

    private static void refused(String spec, String message) {
        assertThatThrownBy(() -> CookieKeys.parse(spec)).as(spec).isInstanceOfSatisfying(LogtoException.class, e -> {
            assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG);
            assertThat(e.getMessage()).isEqualTo(message).doesNotContain(KEY_1).doesNotContain(KEY_2);
        });
    }

    private static byte[] filled(int b) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) b);
        return key;
    }

    @Test
    void parseWhenNothingGivenThenRefusedAsNoKeys() {
        String noKeys = "no cookie keys: give id:base64key[,id:base64key…], e.g. from `openssl rand -base64 32`";
        refused(null, noKeys);
        refused("", noKeys);
        refused(" \t ", noKeys);
    }

    @Test
    void parseWhenAnEntryIsBadThenTheMessageNamesWhichEntryAndWhy() {
        refused("k1:" + KEY_1 + ",k2", "cookie key 2 is not id:base64key");
        // An empty id (":key") is the id check's to refuse, not the colon check's.
        refused(":" + KEY_1, "cookie key 1 has an id that is not 1-16 of A-Z a-z 0-9 _ -");
        refused("k1:" + KEY_1 + ",bad id:" + KEY_2, "cookie key 2 has an id that is not 1-16 of A-Z a-z 0-9 _ -");
        refused("a234567890123456x:" + KEY_1, "cookie key 1 has an id that is not 1-16 of A-Z a-z 0-9 _ -");
        refused("k1:" + KEY_1 + ",k2:***", "cookie key 2 is not base64");
        refused("k1:" + Base64.getEncoder().encodeToString(new byte[16]), "cookie key 1 must be 32 bytes (AES-256), it has 16");
        refused("k1:" + Base64.getEncoder().encodeToString(new byte[33]), "cookie key 1 must be 32 bytes (AES-256), it has 33");
        refused("k1:" + KEY_1 + ",k1:" + KEY_2, "cookie key id k1 appears twice");
    }

    @Test
    void parseWhenKeysAreBase64urlWithDashOnlyOrUnderscoreOnlyThenBothDecode() {
        // 0xF8... encodes with '-' and no '_', 0xFC... with '_' and no '-': each alone picks the URL alphabet.
        String dash = Base64.getUrlEncoder().encodeToString(filled(0xF8));
        String underscore = Base64.getUrlEncoder().encodeToString(filled(0xFC));
        assertThat(dash).contains("-").doesNotContain("_");
        assertThat(underscore).contains("_").doesNotContain("-");

        var keys = CookieKeys.parse("d:" + dash + ", u:" + underscore + " ,s:" + Base64.getEncoder().encodeToString(filled(0xF8)));

        assertThat(keys.ids()).containsExactly("d", "u", "s");
        assertThat(keys.byId("d")).get().extracting(k -> k.getEncoded()).isEqualTo(filled(0xF8));
        assertThat(keys.byId("u")).get().extracting(k -> k.getEncoded()).isEqualTo(filled(0xFC));
        assertThat(keys.byId("s")).get().extracting(k -> k.getEncoded()).isEqualTo(filled(0xF8));
    }

    @Test
    void theFirstKeyEncryptsAndEveryKeyIsFoundByItsId() {
        var keys = CookieKeys.parse("k2:" + KEY_2 + ",k1:" + KEY_1);

        assertThat(keys.currentId()).isEqualTo("k2");
        assertThat(keys.current().getEncoded()).isEqualTo(Base64.getDecoder().decode(KEY_2));
        assertThat(keys.current().getAlgorithm()).isEqualTo("AES");
        assertThat(keys.byId("k1")).get().extracting(k -> k.getEncoded()).isEqualTo(Base64.getDecoder().decode(KEY_1));
        assertThat(keys.byId("k3")).isEmpty();
        assertThat(keys.ids()).containsExactly("k2", "k1");
    }

    @Test
    void ofWhenRawKeysThenKeptInOrderAndCopied() {
        byte[] first = filled(7);
        var raw = new LinkedHashMap<String, byte[]>();
        raw.put("new", first);
        raw.put("old", filled(9));

        var keys = CookieKeys.of(raw);
        first[0] = 0;

        assertThat(keys.ids()).containsExactly("new", "old");
        assertThat(keys.currentId()).isEqualTo("new");
        assertThat(keys.current().getEncoded()).as("a later change to the caller's array is not seen").isEqualTo(filled(7));
        assertThat(keys.byId("old")).get().extracting(k -> k.getEncoded()).isEqualTo(filled(9));
    }

    @Test
    void ofWhenAnyEntryIsBadOrThereIsNoneThenRefused() {
        String each = "each cookie key needs an id of 1-16 of A-Z a-z 0-9 _ - and 32 bytes";
        var nullKey = new LinkedHashMap<String, byte[]>();
        nullKey.put("k1", null);
        for (Map<String, byte[]> bad : List.of(Map.of("bad id", filled(1)), Map.of("k1", new byte[31]),
                Map.of("k1", new byte[33]), nullKey)) {
            assertThatThrownBy(() -> CookieKeys.of(bad)).isInstanceOfSatisfying(LogtoException.class, e -> {
                assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG);
                assertThat(e.getMessage()).isEqualTo(each);
            });
        }
        assertThatThrownBy(() -> CookieKeys.of(Map.of())).isInstanceOfSatisfying(LogtoException.class, e -> {
            assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG);
            assertThat(e.getMessage()).isEqualTo("no cookie keys");
        });
    }
}
