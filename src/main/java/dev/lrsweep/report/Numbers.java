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
        return String.format(Locale.ROOT, "%.5e", v).replaceAll("\\.?0+e", "e");
    }

    /** Six significant digits, or "-" for a value that is not finite or absent. */
    public static String g6(double v) {
        if (v == 0) return "0";
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "-";
    }

    /** Four significant digits without trailing zeros: 0.001, 2.5e-05, 0. */
    public static String g4(double v) {
        if (v == 0) return "0";
        if (!Double.isFinite(v)) return String.valueOf(v);
        String s = String.format(Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e);
        if (mant.contains(".")) mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
        return e < 0 ? mant : mant + s.substring(e);
    }

    /** A {@code printf} with the root locale, so decimal points are always dots. */
    public static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
