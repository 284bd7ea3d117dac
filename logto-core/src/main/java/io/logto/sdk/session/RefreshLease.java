package io.logto.sdk.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The value kept under {@link io.logto.sdk.storage.Storage#REFRESH_LEASE} when a storage coordinates
 * processes: who refreshes the session right now, and how the last refresh ended, so that the
 * processes that waited can use its result instead of sending the same refresh token again.
 *
 * <p>Stored as JSON: {@code {"holder","heldUntil","superseded":[…],"result":{…},"failure":{…}}}.
 * Refresh tokens appear only as SHA-256 fingerprints, except the one in {@code result}, which is the
 * session's current token (the session holds it too). Immutable: each change is a new record,
 * written with compare-and-set.
 *
 * @param holder     who holds the lease (a random id per refresh), or {@code null} when free
 * @param heldUntil  epoch milliseconds (holder's clock) when the lease ends; 0 when free
 * @param superseded fingerprints of the refresh tokens that {@code result} replaces, newest last, at
 *                   most {@value #MAX_SUPERSEDED}: a process that still holds one of them (its copy
 *                   of the session is older than the refresh) uses {@code result}
 * @param result     the last successful refresh, or {@code null}
 * @param failure    the last failed refresh, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefreshLease(String holder, long heldUntil, List<String> superseded, Result result, Failure failure) {
    /** How many replaced refresh tokens are remembered. */
    public static final int MAX_SUPERSEDED = 8;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** No lease, no outcome. */
    public static final RefreshLease EMPTY = new RefreshLease(null, 0, List.of(), null, null);

    /**
     * Normalizes the list.
     *
     * @param holder     who holds the lease, or {@code null}
     * @param heldUntil  when the lease ends (epoch ms)
     * @param superseded fingerprints of replaced refresh tokens
     * @param result     the last successful refresh, or {@code null}
     * @param failure    the last failed refresh, or {@code null}
     */
    public RefreshLease {
        superseded = superseded == null ? List.of() : List.copyOf(superseded);
    }

    /**
     * One successful refresh: the session's tokens after it.
     *
     * @param idToken      the new ID token, or {@code null} when the response had none (keep the old one)
     * @param refreshToken the refresh token to use from now on
     * @param target       the key of the target the access token is for ({@link UserSession#putAccessToken})
     * @param accessToken  the access token, as cached
     * @param at           epoch milliseconds when the refresh finished
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String idToken, String refreshToken, String target, CachedAccessToken accessToken, long at) {
        @Override
        public String toString() {
            return "Result{target=" + target + ", at=" + at + "}";
        }
    }

    /**
     * One failed refresh.
     *
     * @param refreshToken the fingerprint of the refresh token that was sent
     * @param refused      whether the provider refused it for good (the session is over)
     * @param at           epoch milliseconds when it failed
     */
    public record Failure(String refreshToken, boolean refused, long at) {
    }

    /**
     * Reads a stored lease; {@link #EMPTY} for {@code null} or a value that does not parse (it is
     * then replaced by the next compare-and-set).
     *
     * @param json the stored value, or {@code null}
     * @return the lease
     */
    public static RefreshLease parse(String json) {
        if (json == null || json.isEmpty()) {
            return EMPTY;
        }
        try {
            RefreshLease lease = JSON.readValue(json, RefreshLease.class);
            return lease == null ? EMPTY : lease;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return EMPTY;
        }
    }

    /**
     * The stored form.
     *
     * @return JSON
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a lease always serializes", e);
        }
    }

    /**
     * Whether someone holds the lease at {@code nowMillis}, allowing {@code skewMillis} for the
     * holder's clock being behind ours.
     *
     * @param nowMillis  now, epoch ms
     * @param skewMillis how far behind the holder's clock may be
     * @return whether the lease is held
     */
    public boolean isHeldAt(long nowMillis, long skewMillis) {
        return holder != null && nowMillis <= heldUntil + skewMillis;
    }

    /**
     * This record, held by {@code newHolder} until {@code until}; the outcome of the last refresh stays.
     *
     * @param newHolder the new holder's id
     * @param until     epoch ms
     * @return the held record
     */
    public RefreshLease heldBy(String newHolder, long until) {
        return new RefreshLease(newHolder, until, superseded, result, failure);
    }

    /**
     * Released with a successful refresh that replaced the refresh tokens {@code replaced} (fingerprints).
     *
     * @param newResult the refresh's result
     * @param replaced  fingerprints of the tokens it replaces
     * @return the released record
     */
    public RefreshLease releasedWith(Result newResult, List<String> replaced) {
        var all = new ArrayList<>(superseded);
        for (String fingerprint : replaced) {
            all.remove(fingerprint);
            all.add(fingerprint);
        }
        // The current token is not superseded (it may have been, before a provider stopped rotating).
        all.remove(fingerprint(newResult.refreshToken()));
        while (all.size() > MAX_SUPERSEDED) {
            all.remove(0);
        }
        return new RefreshLease(null, 0, all, newResult, null);
    }

    /**
     * Released after a failed refresh.
     *
     * @param newFailure the failure
     * @return the released record
     */
    public RefreshLease releasedWith(Failure newFailure) {
        return new RefreshLease(null, 0, superseded, result, newFailure);
    }

    /**
     * The last result, if it is usable by a session whose refresh token has {@code fingerprint}: the
     * token is the result's own or one it superseded, and the result is younger than {@code keepMillis}.
     *
     * @param fingerprint the fingerprint of the caller's refresh token
     * @param nowMillis   now, epoch ms
     * @param keepMillis  how long a result is used
     * @return the result
     */
    public Optional<Result> resultFor(String fingerprint, long nowMillis, long keepMillis) {
        if (result == null || result.refreshToken() == null || result.target() == null || result.accessToken() == null
                || nowMillis - result.at() > keepMillis
                || nowMillis < result.at() - keepMillis) {
            return Optional.empty();
        }
        boolean ours = superseded.contains(fingerprint) || fingerprint(result.refreshToken()).equals(fingerprint);
        return ours ? Optional.of(result) : Optional.empty();
    }

    /**
     * The last failure, if it is of the token with {@code fingerprint} and younger than {@code keepMillis}.
     *
     * @param fingerprint the fingerprint of the caller's refresh token
     * @param nowMillis   now, epoch ms
     * @param keepMillis  how long a failure is reported to later callers
     * @return the failure
     */
    public Optional<Failure> failureFor(String fingerprint, long nowMillis, long keepMillis) {
        return failure != null && failure.refreshToken().equals(fingerprint)
                && Math.abs(nowMillis - failure.at()) <= keepMillis ? Optional.of(failure) : Optional.empty();
    }

    /**
     * A stable, non-reversible name for a refresh token (SHA-256, hex).
     *
     * @param token the token
     * @return the fingerprint
     */
    public static String fingerprint(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "RefreshLease{holder=" + (holder != null) + ", heldUntil=" + heldUntil + ", superseded="
                + superseded.size() + ", result=" + result + ", failure=" + failure + "}";
    }
}
