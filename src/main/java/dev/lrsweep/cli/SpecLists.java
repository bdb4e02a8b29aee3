package dev.lrsweep.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits option values that may list several specs: {@code sgd,adam(beta_1=0.8,beta_2=0.99)} is two
 * specs, because only commas outside parentheses and brackets separate them.
 */
final class SpecLists {
    private SpecLists() {
    }

    /** Every top-level comma-separated item of every value, or {@code fallback} when none was given. */
    static List<String> split(List<String> values, String fallback) {
        if (values == null || values.isEmpty()) return List.of(fallback);
        List<String> out = new ArrayList<>();
        for (String v : values) {
            int depth = 0;
            int start = 0;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '(' || c == '[') depth++;
                if (c == ')' || c == ']') depth--;
                if (c == ',' && depth == 0) {
                    out.add(v.substring(start, i).strip());
                    start = i + 1;
                }
            }
            out.add(v.substring(start).strip());
        }
        return out;
    }
}
