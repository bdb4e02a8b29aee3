package dev.lrsweep.sweep.finder;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The outcome of one suggestion method: a learning rate and the index of the recorded point it
 * came from, or the reason no rate could be computed. Never {@code null}. Immutable.
 */
public final class Suggestion {
    private final String method;
    private final double lr;
    private final int index;
    private final String reason;

    private Suggestion(String method, double lr, int index, String reason) {
        this.method = Objects.requireNonNull(method, "method");
        this.lr = lr;
        this.index = index;
        this.reason = reason;
    }

    /**
     * A computed suggestion.
     *
     * @param method the method's name, e.g. {@code "steepest"}
     * @param lr     the suggested rate
     * @param index  the index, in the arrays given to the method, of the point the rate comes from
     * @return the suggestion
     */
    public static Suggestion of(String method, double lr, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        return new Suggestion(method, lr, index, null);
    }

    /**
     * A suggestion that could not be computed.
     *
     * @param method the method's name
     * @param reason why, in one line for the user
     * @return the failed suggestion
     */
    public static Suggestion notComputable(String method, String reason) {
        return new Suggestion(method, Double.NaN, -1, Objects.requireNonNull(reason, "reason"));
    }

    /** @return the method's name, e.g. {@code "valley"} */
    public String method() {
        return method;
    }

    /** @return whether a rate was computed */
    public boolean isPresent() {
        return reason == null;
    }

    /** @return the suggested rate, empty when not computable */
    public OptionalDouble lr() {
        return isPresent() ? OptionalDouble.of(lr) : OptionalDouble.empty();
    }

    /**
     * @return the index of the recorded point behind the rate (for {@code minimum_over_ten} the
     *     minimum's index, for {@code slide} the point before {@code adjust_value}); empty when not
     *     computable
     */
    public OptionalInt index() {
        return isPresent() ? OptionalInt.of(index) : OptionalInt.empty();
    }

    /** @return why no rate could be computed; empty when one was */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /**
     * @return the suggested rate
     * @throws IllegalStateException with the reason, when not computable
     */
    public double lrOrThrow() {
        if (!isPresent()) {
            throw new IllegalStateException(method + ": " + reason);
        }
        return lr;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Suggestion)) {
            return false;
        }
        Suggestion s = (Suggestion) o;
        return method.equals(s.method) && Double.compare(lr, s.lr) == 0 && index == s.index
                && Objects.equals(reason, s.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, lr, index, reason);
    }

    @Override
    public String toString() {
        return isPresent()
                ? method + ": lr " + RangeTest.fmt(lr) + " (point " + index + ")"
                : method + ": not computable: " + reason;
    }
}
