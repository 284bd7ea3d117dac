package io.logto.sdk.oidc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JWS in compact serialization (RFC 7515 §7.1) split into what a signature check needs: the JOSE
 * header's {@code alg}, {@code kid} and {@code typ}, the signing input and the signature. The payload
 * is read only after the signature checked out ({@link #claims()}). The lean path of
 * {@link SigningKeys}: Jackson reads the two JSON parts, strictly (a duplicated member is refused,
 * as jose4j refuses it), and nothing else is parsed. Immutable.
 *
 * @param algorithm    the header's {@code alg}
 * @param keyId        the header's {@code kid}, or {@code null}
 * @param type         the header's {@code typ}, or {@code null} when absent or not a string
 * @param signingInput the ASCII bytes of {@code header.payload}
 * @param signature    the decoded signature
 * @param payload      the decoded payload
 */
record CompactJws(String algorithm, String keyId, String type, byte[] signingInput, byte[] signature,
                  byte[] payload) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);
    /** Readers made once: thread-safe, and cheaper per call than the mapper's own methods. */
    private static final ObjectReader HEADER = JSON.reader();
    private static final ObjectReader CLAIMS = JSON.readerFor(new TypeReference<LinkedHashMap<String, Object>>() {
    });
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    /** Thrown when the token is not a JWS this SDK reads; the message says why, without the token. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Splits and reads {@code token}. Refuses what no Logto token is: not three parts, a header
     * that is not a JSON object with a string {@code alg}, a {@code kid} that is not a string, a
     * {@code crit} header (no extension is understood, RFC 7515 §4.1.11).
     */
    static CompactJws parse(String token) throws MalformedException {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || token.indexOf('.', second + 1) >= 0) {
            throw new MalformedException("it is not a compact JWS");
        }
        JsonNode header;
        try {
            header = HEADER.readTree(BASE64URL.decode(token.substring(0, first)));
        } catch (IllegalArgumentException | IOException e) {
            throw new MalformedException("its header is not base64url JSON");
        }
        if (header == null || !header.isObject() || !header.path("alg").isTextual()) {
            throw new MalformedException("its header has no alg");
        }
        if (header.has("crit")) {
            throw new MalformedException("its header names critical extensions");
        }
        JsonNode kid = header.get("kid");
        if (kid != null && !kid.isTextual()) {
            throw new MalformedException("its kid is not a string");
        }
        JsonNode typ = header.get("typ");
        try {
            return new CompactJws(header.get("alg").asText(), kid == null ? null : kid.asText(),
                    typ != null && typ.isTextual() ? typ.asText() : null,
                    token.substring(0, second).getBytes(StandardCharsets.US_ASCII),
                    BASE64URL.decode(token.substring(second + 1)),
                    BASE64URL.decode(token.substring(first + 1, second)));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("its payload or signature is not base64url");
        }
    }

    /** The payload as a JSON object (numbers as {@code Long} or {@code Double}, like jose4j's). */
    Map<String, Object> claims() throws MalformedException {
        try {
            Map<String, Object> claims = CLAIMS.readValue(payload);
            if (claims == null) {
                throw new MalformedException("its payload is not a JSON object");
            }
            return claims;
        } catch (IOException e) {
            throw new MalformedException("its payload is not a JSON object");
        }
    }

    @Override
    public String toString() {
        return "CompactJws{alg=" + algorithm + ", kid=" + keyId + ", typ=" + type + "}";
    }
}
