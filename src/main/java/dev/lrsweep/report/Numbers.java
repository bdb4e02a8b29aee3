package dev.lrsweep.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formats shared by the text reports; all locale-independent. */
public final class Numbers {
    private Numbers() {
    }

    /** A rate as the user would write it: 0.01, 0.0001, 1e-07, 3.5. */
    public static String rate(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-5 && a < 1e7) return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+e", "e");
    }

    /** Six significant digits, or "-" for a value that is not finite or absent. */
    public static String g6(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "-";
    }

    /** A {@code printf} with the root locale, so decimal points are always dots. */
    public static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
