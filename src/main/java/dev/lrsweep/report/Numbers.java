package dev.lrsweep.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formats shared by the text reports; all locale-independent. */
public final class Numbers {
    private Numbers() {
    }

    /** A rate as the user would write it, to six significant digits: 0.01, 0.00362509, 1e-07, 3.5. */
    public static String rate(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-5 && a < 1e7) {
            return new BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
        }
        return TRAILING_ZEROS_BEFORE_E.matcher(f("%.5e", v)).replaceFirst("e");
    }

    /** Six significant digits, or "-" for a value that is not finite or absent. */
    public static String g6(double v) {
        if (v == 0) return "0";
        return Double.isFinite(v) ? f("%.6g", v) : "-";
    }

    /** Four significant digits without trailing zeros: 0.001, 2.5e-05, 0. */
    public static String g4(double v) {
        if (v == 0) return "0";
        if (!Double.isFinite(v)) return String.valueOf(v);
        String s = f("%.4g", v);
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e);
        if (mant.indexOf('.') >= 0) {
            // trailing zeros, then a trailing point
            int end = mant.length();
            while (mant.charAt(end - 1) == '0') end--;
            if (mant.charAt(end - 1) == '.') end--;
            mant = mant.substring(0, end);
        }
        return e < 0 ? mant : mant + s.substring(e);
    }

    /**
     * A {@code printf} with the root locale, so decimal points are always dots: the text of
     * {@code String.format(Locale.ROOT, ...)}, through one Formatter per thread (a new Formatter and
     * its locale lookup per call were most of the time a fresh JVM spent printing a table). A call
     * made while the thread's Formatter is in use (an argument's toString formatting) gets its own.
     */
    public static String f(String format, Object... args) {
        Reused r = REUSED.get();
        if (r.busy) return String.format(Locale.ROOT, format, args);
        r.busy = true;
        try {
            r.text.setLength(0);
            r.formatter.format(format, args);
            return r.text.toString();
        } finally {
            r.busy = false;
        }
    }

    private static final java.util.regex.Pattern TRAILING_ZEROS_BEFORE_E = java.util.regex.Pattern.compile("\\.?0+e");
    private static final ThreadLocal<Reused> REUSED = ThreadLocal.withInitial(Reused::new);

    /** A thread's Formatter and the buffer it writes to. */
    private static final class Reused {
        final StringBuilder text = new StringBuilder(64);
        final java.util.Formatter formatter = new java.util.Formatter(text, Locale.ROOT);
        boolean busy;
    }
}
