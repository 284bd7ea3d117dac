package io.logto.sdk.oidc;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The {@code jti}s of the logout tokens accepted while those tokens could still be accepted:
 * Back-Channel Logout 1.0 §2.6 step 7, "another Logout Token with the same {@code jti} value has not
 * been recently received". An expiring set with a hard cap:
 * <ul>
 *   <li>each id is kept until the moment its token would be refused anyway (its {@code exp}, or
 *       {@code iat} plus the maximum age, plus the skew) and forgotten after, so a replay is refused
 *       for the token's whole life and never later needs remembering;</li>
 *   <li>at most {@code capacity} ids are kept. When the cap is hit with every id still live, the
 *       one whose token expires soonest is forgotten to make room: the new logout is never refused
 *       (that would leave a session running that the provider ended), and only a replay of that
 *       one token, in the little life it had left, would be accepted again — which ends again what
 *       it already ended.</li>
 * </ul>
 * Only tokens that passed every other check (so: signed by the provider) are added, so forged
 * tokens cannot fill it. O(log n) per addition. Thread-safe.
 */
final class SeenTokenIds {
    private record Seen(String id, long forgetAfter) {
    }

    private final int capacity;
    private final Map<String, Long> forgetAfter = new HashMap<>();
    private final PriorityQueue<Seen> bySoonest = new PriorityQueue<>(Comparator.comparingLong(Seen::forgetAfter));

    SeenTokenIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /**
     * Remembers {@code id} until {@code until} (epoch seconds), unless it is already remembered.
     *
     * @return {@code true} the first time; {@code false} for a replay within the remembered time
     */
    synchronized boolean firstSighting(String id, long until, long now) {
        forgetExpired(now);
        if (forgetAfter.containsKey(id)) {
            return false;
        }
        if (forgetAfter.size() >= capacity) {
            forgetAfter.remove(bySoonest.remove().id());
        }
        forgetAfter.put(id, until);
        bySoonest.add(new Seen(id, until));
        return true;
    }

    /** How many ids are remembered now. */
    synchronized int size() {
        return forgetAfter.size();
    }

    private void forgetExpired(long now) {
        while (!bySoonest.isEmpty() && bySoonest.peek().forgetAfter() < now) {
            forgetAfter.remove(bySoonest.remove().id());
        }
    }
}
