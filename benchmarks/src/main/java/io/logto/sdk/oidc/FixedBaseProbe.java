package io.logto.sdk.oidc;

import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/** Probe: ECDSA verification with signed fixed-window tables for G and Q (no doublings per check). */
final class FixedBaseProbe {
    final ECPoint[][] g;
    final ECPoint[][] q;
    final int w;
    final org.bouncycastle.crypto.params.ECDomainParameters domain;

    FixedBaseProbe(org.bouncycastle.crypto.params.ECDomainParameters domain, ECPoint q, int w) {
        this.domain = domain;
        this.w = w;
        int bits = domain.getN().bitLength();
        this.g = table(domain.getG(), bits, w);
        this.q = table(q, bits, w);
    }

    static ECPoint[][] table(ECPoint p, int bits, int w) {
        int windows = (bits + w - 1) / w + 1;
        int half = 1 << (w - 1);
        ECPoint[][] rows = new ECPoint[windows][];
        ECPoint base = p.normalize();
        ECCurve curve = p.getCurve();
        for (int j = 0; j < windows; j++) {
            ECPoint[] row = new ECPoint[half];
            row[0] = base;
            for (int d = 1; d < half; d++) {
                row[d] = row[d - 1].add(base);
            }
            curve.normalizeAll(row);
            rows[j] = row;
            base = base.timesPow2(w).normalize();
        }
        return rows;
    }

    static ECPoint add(ECPoint acc, ECPoint[][] rows, BigInteger k, int w) {
        int mask = (1 << w) - 1;
        int half = 1 << (w - 1);
        int carry = 0;
        for (int j = 0; j < rows.length; j++) {
            int value = (k.shiftRight(w * j).intValue() & mask) + carry;
            if (value > half) {
                value -= 1 << w;
                carry = 1;
            } else {
                carry = 0;
            }
            if (value > 0) {
                acc = acc.add(rows[j][value - 1]);
            } else if (value < 0) {
                acc = acc.add(rows[j][-value - 1].negate());
            }
        }
        return acc;
    }

    boolean verify(byte[] signingInput, byte[] signature, int size) throws Exception {
        BigInteger n = domain.getN();
        BigInteger r = BigIntegers.fromUnsignedByteArray(signature, 0, size);
        BigInteger s = BigIntegers.fromUnsignedByteArray(signature, size, size);
        if (r.signum() == 0 || r.compareTo(n) >= 0 || s.signum() == 0 || s.compareTo(n) >= 0) {
            return false;
        }
        BigInteger e = new BigInteger(1, MessageDigest.getInstance("SHA-384").digest(signingInput));
        BigInteger wInv = BigIntegers.modOddInverseVar(n, s);
        BigInteger u1 = e.multiply(wInv).mod(n);
        BigInteger u2 = r.multiply(wInv).mod(n);
        ECPoint acc = domain.getCurve().getInfinity();
        acc = add(acc, g, u1, w);
        acc = add(acc, q, u2, w);
        if (acc.isInfinity()) {
            return false;
        }
        ECFieldElement zz = acc.getZCoord(0).square();
        return domain.getCurve().fromBigInteger(r).multiply(zz).equals(acc.getXCoord());
    }
}
