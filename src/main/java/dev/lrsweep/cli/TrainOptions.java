package dev.lrsweep.cli;

import dev.lrsweep.data.CsvReader;
import dev.lrsweep.data.DataException;
import dev.lrsweep.data.Dataset;
import dev.lrsweep.data.Splits;
import dev.lrsweep.data.Standardizer;
import dev.lrsweep.model.ModelSpec;
import dev.lrsweep.optim.GradientClipping;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.schedule.ScheduleSpec;
import dev.lrsweep.spec.Compat;
import dev.lrsweep.spec.SpecException;
import dev.lrsweep.sweep.Experiment;
import dev.lrsweep.sweep.LrScaling;
import dev.lrsweep.train.TrainConfig;
import dev.lrsweep.train.callback.EarlyStopping;
import dev.lrsweep.train.callback.ReduceLrOnPlateau;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options describing how each trial trains: model, optimizer, schedule, batches, callbacks. */
@picocli.CommandLine.Command(addMethodSubcommands = false) // no scan of its methods for subcommands
final class TrainOptions {
    /** Library whose forms to follow where Keras and PyTorch differ. */
    enum CompatChoice { keras, torch }

    /** Batch-size scaling rules. */
    enum ScaleRule { none, linear, sqrt }

    @Option(names = "--model", defaultValue = "linear", paramLabel = "SPEC",
            description = "linear | logistic | softmax | mlp(hidden=32,layers=1,activation=relu) "
                    + "(default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--no-intercept", description = "Fit without an intercept b (linear, logistic and softmax "
            + "models; a network always has biases).")
    boolean noIntercept;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "LAMBDA",
            description = "L2 penalty LAMBDA*sum(w^2) on weights, not biases (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--optimizer", paramLabel = "SPEC",
            description = "sgd(momentum,nesterov) | adam(beta_1,beta_2,epsilon,amsgrad) | adamw(weight_decay) | "
                    + "rmsprop(rho,momentum,centered) | adagrad(initial_accumulator_value) (default: sgd). "
                    + "Several (comma-separated or repeated) are swept.")
    List<String> optimizer;

    @Option(names = "--schedule", paramLabel = "SPEC",
            description = "Learning-rate schedule, e.g. exponential(decay_steps=10,decay_rate=0.96), "
                    + "warmup(steps=10,then=cosine(decay_steps=200)), one_cycle(total_steps=100) "
                    + "(default: constant). Several are swept.")
    List<String> schedule;

    @Option(names = "--compat", defaultValue = "keras", paramLabel = "LIB",
            description = "Follow ${COMPLETION-CANDIDATES} where they differ (default: ${DEFAULT-VALUE}).")
    CompatChoice compat;

    @Option(names = "--steps", paramLabel = "N", description = "Optimizer updates per trial (default: 100).")
    Integer steps;

    @Option(names = "--epochs", paramLabel = "E", description = "Passes over the training rows, instead of --steps.")
    Integer epochs;

    @Option(names = "--batch-size", split = ",", paramLabel = "B",
            description = "Rows per update (default: all rows, full batch). Several are swept.")
    List<Integer> batchSize;

    @Option(names = "--shuffle", defaultValue = "true", arity = "1", paramLabel = "BOOL",
            description = "Reshuffle rows every epoch, seeded (default: ${DEFAULT-VALUE}).")
    boolean shuffle;

    @Option(names = "--scale-lr", defaultValue = "none", paramLabel = "RULE",
            description = "Scale every rate by B/B0 (linear) or sqrt(B/B0) (sqrt), a schedule's own rates (max, end, "
                    + "warmup_target, eta_min) too (default: ${DEFAULT-VALUE}).")
    ScaleRule scaleLr;

    @Option(names = "--base-batch", paramLabel = "B0", description = "The batch size the rates were chosen for.")
    Integer baseBatch;

    @Option(names = "--val-split", paramLabel = "F", description = "Hold out this fraction of rows (seeded).")
    Double valSplit;

    @Option(names = "--val", paramLabel = "FILE", description = "Validation rows from another CSV file.")
    Path valFile;

    @Option(names = "--standardize", description = "Standardize features with training-split statistics.")
    boolean standardize;

    @Option(names = "--reduce-on-plateau", paramLabel = "K=V,...", arity = "0..1", fallbackValue = "",
            description = "factor=0.1,patience=10,min_delta=1e-4,cooldown=0,min_lr=0 (Keras rules; "
                    + "PyTorch's with --compat torch).")
    String plateau;

    @Option(names = "--early-stopping", paramLabel = "K=V,...", arity = "0..1", fallbackValue = "",
            description = "patience=0,min_delta=0,restore_best=false,baseline=,start_from_epoch=0.")
    String earlyStopping;

    @Option(names = "--clip-norm", paramLabel = "C", description = "Clip the gradient's global L2 norm to C.")
    Double clipNorm;

    @Option(names = "--clip-value", paramLabel = "V", description = "Clamp each gradient component to [-V, V].")
    Double clipValue;

    @Option(names = "--layer-lr", split = ",", paramLabel = "M",
            description = "Per-layer rate multipliers, first layer first (discriminative rates).")
    List<Double> layerLr;

    @Option(names = "--log-every", defaultValue = "10", paramLabel = "K",
            description = "A table row every K steps (default: ${DEFAULT-VALUE}).")
    int logEvery;

    Compat compat() {
        return compat == CompatChoice.torch ? Compat.TORCH : Compat.KERAS;
    }

    ModelSpec modelSpec() {
        return parse("--model", () -> ModelSpec.parse(model));
    }

    List<OptimizerSpec> optimizerSpecs() {
        List<OptimizerSpec> out = new java.util.ArrayList<>();
        for (String text : SpecLists.split(optimizer, "sgd")) {
            OptimizerSpec o = parse("--optimizer", () -> OptimizerSpec.parse(text));
            parse("--optimizer", () -> {
                o.validate(compat());
                return o;
            });
            out.add(o);
        }
        return out;
    }

    List<ScheduleSpec> scheduleSpecs() {
        List<ScheduleSpec> out = new java.util.ArrayList<>();
        for (String text : SpecLists.split(schedule, "constant")) out.add(parse("--schedule", () -> ScheduleSpec.parse(text)));
        return out;
    }

    int[] batchSizes() {
        return batchSize == null ? new int[] {0} : batchSize.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Runs a spec parse, naming the flag in any error. */
    static <T> T parse(String flag, java.util.function.Supplier<T> p) {
        try {
            return p.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }

    /** Checks every flag that can be checked before the data is read. */
    void validate() {
        if (noIntercept && modelSpec().name().equals("mlp")) {
            throw new UsageException("--no-intercept: a network always has biases; the flag is for linear, logistic "
                    + "and softmax models");
        }
        if (steps != null && epochs != null) throw new UsageException("--steps and --epochs: give one, not both");
        if (steps != null && steps < 1) throw new UsageException("--steps: must be at least 1, got " + steps);
        if (epochs != null && epochs < 1) throw new UsageException("--epochs: must be at least 1, got " + epochs);
        if (batchSize != null) {
            for (int b : batchSize) if (b < 1) throw new UsageException("--batch-size: must be at least 1, got " + b);
        }
        if (logEvery < 1) throw new UsageException("--log-every: must be at least 1, got " + logEvery);
        if (!(l2 >= 0) || !Double.isFinite(l2)) throw new UsageException("--l2: must be a finite number >= 0, got " + l2);
        if (valSplit != null && !(valSplit > 0 && valSplit < 1)) {
            throw new UsageException("--val-split: must lie strictly between 0 and 1, got " + valSplit);
        }
        if (valSplit != null && valFile != null) throw new UsageException("--val-split and --val: give one, not both");
        if (clipNorm != null && clipValue != null) throw new UsageException("--clip-norm and --clip-value: give one, not both");
        if (clipNorm != null && !(clipNorm > 0 && Double.isFinite(clipNorm))) {
            throw new UsageException("--clip-norm: must be a finite number > 0, got " + clipNorm);
        }
        if (clipValue != null && !(clipValue > 0 && Double.isFinite(clipValue))) {
            throw new UsageException("--clip-value: must be a finite number > 0, got " + clipValue);
        }
        if (scaleLr != ScaleRule.none && baseBatch == null) {
            throw new UsageException("--scale-lr: needs --base-batch, the batch size the rates were chosen for");
        }
        if (baseBatch != null && baseBatch < 1) throw new UsageException("--base-batch: must be at least 1, got " + baseBatch);
        if (baseBatch != null && scaleLr == ScaleRule.none) {
            throw new UsageException("--base-batch: only used with --scale-lr linear|sqrt (nothing would be scaled)");
        }
        if (layerLr != null) {
            for (double m : layerLr) {
                if (!(m >= 0) || !Double.isFinite(m)) {
                    throw new UsageException("--layer-lr: multipliers must be finite numbers >= 0, got " + m);
                }
            }
        }
        modelSpec();
        optimizerSpecs();
        scheduleSpecs();
        if (plateau != null) parse("--reduce-on-plateau", () -> ReduceLrOnPlateau.parse(plateau, compat()));
        if (earlyStopping != null) parse("--early-stopping", () -> EarlyStopping.parse(earlyStopping, compat()));
    }

    /**
     * The data and the experiment, resolved.
     *
     * @param all          every row of --data
     * @param standardizer the training-split statistics, or null without --standardize
     * @param experiment   what each trial runs
     */
    record Prepared(Dataset all, Standardizer standardizer, Experiment experiment) {
    }

    /**
     * Reads the data, splits and standardizes it, and resolves every option into an experiment.
     *
     * @param seed the sweep's seed: the validation split derives from it
     */
    Prepared prepare(DataOptions dataOptions, long seed, java.io.PrintWriter err) {
        ModelSpec modelSpec = modelSpec();
        boolean labels = modelSpec.classifies();
        // notes about the cache are printed once the data and options are known good, so that an
        // error stays the one line on stderr
        List<String> notes = new java.util.ArrayList<>();
        Dataset all = dataOptions.read(labels, notes);
        try {
            modelSpec.checkTargets(all);
        } catch (DataException e) {
            throw CsvReader.located(dataOptions.data, dataOptions.csvOptions(labels), e);
        }
        Dataset train = all;
        Dataset val = null;
        if (valSplit != null) {
            Splits.Pair pair = Splits.split(all, valSplit, seed);
            train = pair.train();
            val = pair.val();
        } else if (valFile != null) {
            try {
                val = dataOptions.readValidation(valFile, all, labels);
                modelSpec.checkTargets(val);
            } catch (DataException e) {
                throw CsvReader.located(valFile, dataOptions.validationOptions(all, labels), e);
            }
        }
        Standardizer std = null;
        if (standardize) {
            std = Standardizer.fit(train);
            train = std.apply(train);
            if (val != null) val = std.apply(val);
        }
        GradientClipping clipping = clipNorm != null ? GradientClipping.clipNorm(clipNorm, compat())
                : clipValue != null ? GradientClipping.clipValue(clipValue) : GradientClipping.none();
        double[] layers = layerLr == null ? null : layerLr.stream().mapToDouble(Double::doubleValue).toArray();
        TrainConfig config = new TrainConfig(steps != null ? steps : 100, 0, shuffle, logEvery, clipping, layers,
                plateau, earlyStopping, compat());
        LrScaling scaling = switch (scaleLr) {
            case none -> LrScaling.none();
            case linear -> new LrScaling(LrScaling.Rule.LINEAR, baseBatch);
            case sqrt -> new LrScaling(LrScaling.Rule.SQRT, baseBatch);
        };
        Experiment e = new Experiment(modelSpec, !noIntercept, l2, compat(), config, epochs, scaling, train, val);
        try {
            e.newModel();
        } catch (IllegalArgumentException ex) {
            throw new UsageException("--model: " + ex.getMessage());
        }
        if (layers != null && layers.length != e.newModel().layers()) {
            throw new UsageException("--layer-lr: the model has " + e.newModel().layers() + " layer(s), got "
                    + layers.length + " multiplier(s)");
        }
        notes.forEach(err::println);
        return new Prepared(all, std, e);
    }

    /** The resolved training settings for the JSON {@code command} block. */
    Map<String, Object> describe(Experiment e) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", e.model().toString());
        c.put("intercept", e.intercept());
        c.put("l2", e.l2());
        c.put("optimizer", optimizerSpecs().stream().map(Object::toString).toList());
        c.put("schedule", scheduleSpecs().stream().map(Object::toString).toList());
        c.put("compat", compat.name());
        c.put("steps", epochs == null ? e.config().steps() : null);
        c.put("epochs", epochs);
        c.put("batch_size", batchSize);
        c.put("shuffle", shuffle);
        c.put("scale_lr", scaleLr.name().toLowerCase(Locale.ROOT));
        c.put("base_batch", baseBatch);
        // what the rule scales: the schedule's own rates too (builds before this key scaled the
        // swept rate alone); written only with a rule, so that their results logs and parts of a
        // scaled sweep are of another sweep, and every other sweep keeps its hash
        if (scaleLr != ScaleRule.none) c.put("scale_lr_scope", "schedule");
        c.put("val_split", valSplit);
        c.put("val", valFile == null ? null : valFile.toString());
        c.put("standardize", standardize);
        c.put("reduce_on_plateau", plateau);
        c.put("early_stopping", earlyStopping);
        c.put("clip_norm", clipNorm);
        c.put("clip_value", clipValue);
        c.put("layer_lr", layerLr);
        c.put("log_every", logEvery);
        return c;
    }
}
