package io.logto.sdk;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the parsers that read attacker-controlled text: the
 * callback URL and stored or received JWTs. Any outcome but a value or a {@link LogtoException}
 * is a bug (a raw runtime exception escapes the SDK's error contract).
 *
 * <p>In a normal {@code mvn verify} these run in regression mode: once per seed in
 * {@code src/test/resources/io/logto/sdk/ParsingFuzzTestInputs/<method>/}, in well under a second.
 * To fuzz one target for real (30 s each, about a million inputs):
 * {@code JAZZER_FUZZ=1 mvn -pl logto-core test-compile surefire:test@fuzz-regression -Djazzer.hooks=true
 * -Dfuzz.test='ParsingFuzzTest#callbackUrl'};
 * a crashing input is written next to the seeds and then replayed by every {@code mvn verify}.
 */
class ParsingFuzzTest {
    private static final String REDIRECT = "https://app.example.com/callback";

    @FuzzTest(maxDuration = "20s")
    void callbackUrl(FuzzedDataProvider data) {
        String url = data.consumeRemainingAsString();
        for (String candidate : new String[] {url, REDIRECT + "?" + url}) {
            try {
                CallbackParameters p = CallbackParameters.parse(candidate);
                p.arrivedAt(REDIRECT);
                p.code().ifPresent(String::length);
                p.toString();
            } catch (LogtoException expected) {
                // the contract: malformed input is a typed error
            }
        }
    }

    @FuzzTest(maxDuration = "20s")
    void jwtClaims(FuzzedDataProvider data) {
        String token = data.consumeRemainingAsString();
        try {
            Map<String, Object> claims = ClaimReader.decodePayload(token, LogtoException.Code.ACCESS_TOKEN_INVALID, "t");
            readAll(claims);
        } catch (LogtoException expected) {
            // not a JWT, or not one with claims
        }
    }

    @FuzzTest(maxDuration = "20s")
    void jwtPayloadJson(FuzzedDataProvider data) {
        // Fuzz the JSON inside a well-formed compact JWS, where the byte-level fuzzer rarely gets.
        String json = data.consumeRemainingAsString();
        var enc = java.util.Base64.getUrlEncoder().withoutPadding();
        String token = enc.encodeToString("{\"alg\":\"ES384\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + enc.encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".c2ln";
        try {
            readAll(ClaimReader.decodePayload(token, LogtoException.Code.ID_TOKEN_INVALID, "t"));
        } catch (LogtoException expected) {
            // invalid JSON or a missing required claim
        }
    }

    private static void readAll(Map<String, Object> claims) {
        for (Runnable read : new Runnable[] {
                () -> IdTokenClaims.fromMap(claims).toString(),
                () -> AccessTokenClaims.fromMap(claims).toString(),
                () -> UserInfoResponse.fromMap(claims).toString()}) {
            try {
                read.run();
            } catch (LogtoException expected) {
                // a required claim is missing
            }
        }
    }
}
