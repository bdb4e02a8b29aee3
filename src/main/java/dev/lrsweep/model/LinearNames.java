package dev.lrsweep.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameter names of a model with one weight per feature and an optional intercept, as the
 * reference experiment names them: {@code a1..ak} in feature order, then {@code b}.
 *
 * @param names    the names
 * @param meanings what each stands for, e.g. {@code "a1 = x1"}, {@code "b = intercept"}
 */
record LinearNames(List<String> names, List<String> meanings) {
    static LinearNames of(List<String> featureNames, boolean intercept) {
        List<String> n = new ArrayList<>();
        List<String> m = new ArrayList<>();
        for (int j = 0; j < featureNames.size(); j++) {
            n.add("a" + (j + 1));
            m.add("a" + (j + 1) + " = " + featureNames.get(j));
        }
        if (intercept) {
            n.add("b");
            m.add("b = intercept");
        }
        return new LinearNames(List.copyOf(n), List.copyOf(m));
    }
}
