package dev.lrsweep.data;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Formats a double exactly as {@code String.format(Locale.ROOT, "%.6g", v)} does, about twenty times
 * faster, into a byte buffer.
 *
 * <p>The value is scaled into [10^5, 10^6) by one exact power of ten (a single rounding, relative
 * error ≤ 2^-53) and rounded to an integer. Java rounds the decimal digits of the double half up,
 * and which digits it starts from differs between cases, so a value whose scaled fraction lies
 * within 10^-5 of one half — far wider than any of those differences — is handed to
 * {@link String#format} itself, as are zero, non-finite values and magnitudes beyond 10^±16.
 */
final class G6Format {
    /** The longest output: sign, six digits, point, 'e', sign, three exponent digits. */
    static final int MAX_LENGTH = 14;
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    private static final double TIE_MARGIN = 1e-5;
    private static final double LOG10_2 = 0.30102999566398120;

    private G6Format() {
    }

    /** {@code v} formatted as by {@code %.6g}, as a string (for tests and single values). */
    static String format(double v) {
        byte[] buf = new byte[MAX_LENGTH + 16];
        int n = format(v, buf, 0);
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code v} formatted as by {@code %.6g} into {@code dst} at {@code pos}.
     *
     * @param dst room for at least {@link #MAX_LENGTH} bytes from {@code pos}
     * @return the position after the last byte written
     */
    static int format(double v, byte[] dst, int pos) {
        if (v == 0 || !Double.isFinite(v)) return slow(v, dst, pos);
        double a = Math.abs(v);
        // floor(log10 a) is this or one more: a = m·2^e2 with log10 m in [0, 0.302)
        int e = (int) Math.floor(Math.getExponent(a) * LOG10_2);
        if (e < -16 || e > 16) return slow(v, dst, pos);
        double s = scale(a, 5 - e);
        if (s >= 1_000_000) {
            e++;
            s = scale(a, 5 - e);
        } else if (s < 100_000) {
            e--;
            s = scale(a, 5 - e);
        }
        double floor = Math.floor(s);
        double frac = s - floor;
        if (Math.abs(frac - 0.5) < TIE_MARGIN) return slow(v, dst, pos);
        int r = (int) floor + (frac > 0.5 ? 1 : 0);
        if (r == 1_000_000) {
            r = 100_000;
            e++;
        }
        int p = pos;
        if (v < 0) dst[p++] = '-';
        if (e < -4 || e >= 6) {
            p = digits(r, 1, dst, p);
            dst[p++] = 'e';
            dst[p++] = (byte) (e < 0 ? '-' : '+');
            int x = Math.abs(e);
            if (x >= 100) dst[p++] = (byte) ('0' + x / 100);
            dst[p++] = (byte) ('0' + x / 10 % 10);
            dst[p++] = (byte) ('0' + x % 10);
        } else if (e >= 0) {
            p = digits(r, e + 1, dst, p);
        } else {
            dst[p++] = '0';
            dst[p++] = '.';
            for (int z = -1; z > e; z--) dst[p++] = '0';
            p = digits(r, 0, dst, p);
        }
        return p;
    }

    /** {@code a · 10^k} with one rounding: both operands are exact for |k| ≤ 22. */
    private static double scale(double a, int k) {
        return k >= 0 ? a * POW10[k] : a / POW10[-k];
    }

    /**
     * The six digits of r (10^5 ≤ r < 10^6), with a point after the first {@code before} of them when
     * {@code before} is 1 to 5 (none for 0 or 6).
     */
    private static int digits(int r, int before, byte[] dst, int p) {
        boolean point = before >= 1 && before <= 5;
        int end = p + (point ? 7 : 6);
        int q = end;
        for (int i = 5; i >= 0; i--) {
            dst[--q] = (byte) ('0' + r % 10);
            r /= 10;
            if (point && i == before) dst[--q] = '.';
        }
        return end;
    }

    private static int slow(double v, byte[] dst, int pos) {
        byte[] s = String.format(Locale.ROOT, "%.6g", v).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(s, 0, dst, pos, s.length);
        return pos + s.length;
    }
}
