package dev.lrsweep.report.plot;

import java.util.OptionalDouble;

/** Number formats and legend texts shared by the image and the terminal charts; locale-independent. */
final class Fmt {
    private Fmt() {
    }

    /**
     * Four significant digits without trailing zeros: {@code 0.0123}, {@code 2.5e-05}, {@code 1000}.
     *
     * @param v the value
     * @return the text
     */
    static String g4(double v) {
        return dev.lrsweep.report.Numbers.g4(v);
    }

    /**
     * The legend text of the suggestion marker.
     *
     * @param method the suggestion's method, e.g. {@code "steepest"}; null or blank for none
     * @param lr     the suggested rate
     * @return {@code "suggestion (steepest) 0.0123"} or {@code "suggestion 0.0123"}
     */
    static String suggestion(String method, double lr) {
        String m = method == null || method.isBlank() ? "" : " (" + method.strip() + ")";
        return "suggestion" + m + " " + g4(lr);
    }

    /**
     * The legend text of the critical-rate marker.
     *
     * @param lr    the critical rate 2/λmax
     * @param ascii whether to spell λ out for a plain-ASCII terminal
     * @return {@code "critical lr 2/λmax 0.0334"} or {@code "critical lr 2/lambda_max 0.0334"}
     */
    static String critical(double lr, boolean ascii) {
        return "critical lr " + (ascii ? "2/lambda_max " : "2/\u03bbmax ") + g4(lr);
    }

    /**
     * @param v a value that may be absent
     * @return the value when present, finite and positive (a rate a log axis can show)
     */
    static OptionalDouble positive(OptionalDouble v) {
        return v != null && v.isPresent() && Double.isFinite(v.getAsDouble()) && v.getAsDouble() > 0
                ? v : OptionalDouble.empty();
    }
}
