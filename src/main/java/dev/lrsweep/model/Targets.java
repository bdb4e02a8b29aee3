package dev.lrsweep.model;

import dev.lrsweep.data.DataException;
import dev.lrsweep.data.Dataset;

/** Checks that a dataset's target suits a model, failing with a one-line {@link DataException}. */
final class Targets {
    private Targets() {
    }

    /**
     * Fails unless every target value is 0 or 1.
     *
     * @param model the model's name for the message, e.g. {@code logistic}
     */
    static void requireBinary(Dataset data, String model) {
        double[] y = data.yArray();
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0.0 && y[i] != 1.0) {
                throw DataException.atRow(data, i, "--model " + model + ": the target '"
                        + data.targetName() + "' must be 0 or 1, found " + number(y[i]));
            }
        }
    }

    /**
     * Fails unless the target holds class indices 0..C-1 with at least two classes, and returns C.
     *
     * @param model the model's name for the message, e.g. {@code softmax}
     */
    static int requireClasses(Dataset data, String model) {
        int classes = data.classes();
        if (classes < 2) {
            throw new DataException("--model " + model + ": the target '" + data.targetName()
                    + "' must hold class labels with at least 2 classes, found "
                    + (classes == 0 ? "numbers" : "1 class (" + data.classLabels().get(0) + ")"));
        }
        double[] y = data.yArray();
        for (int i = 0; i < y.length; i++) {
            if (!(y[i] >= 0 && y[i] < classes && y[i] == Math.rint(y[i]))) {
                throw DataException.atRow(data, i, "--model " + model + ": the target '"
                        + data.targetName() + "' must hold class indices 0.." + (classes - 1) + ", found "
                        + number(y[i]));
            }
        }
        return classes;
    }

    /** Fails when the target holds class labels (a model that needs numbers was given labels). */
    static void requireNumeric(Dataset data, String model) {
        if (data.classes() != 0) {
            throw new DataException("--model " + model + ": the target '" + data.targetName()
                    + "' holds class labels, but this model needs a numeric target");
        }
    }

    /** Fails when the dataset has no feature columns. */
    static void requireFeatures(Dataset data, String model) {
        if (data.features() == 0) {
            throw new DataException("--model " + model + ": needs at least one feature column");
        }
    }

    /** A value as a user would write it: 2 rather than 2.0, 2.5, -1e-07, NaN. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
