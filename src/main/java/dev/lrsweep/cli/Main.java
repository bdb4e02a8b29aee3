package dev.lrsweep.cli;

import dev.lrsweep.data.DataException;
import dev.lrsweep.spec.SpecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lrsweep} command. {@link #run} is the one seam tests drive: it parses, runs and returns
 * the exit code, printing only to the writers it is given.
 */
@Command(addMethodSubcommands = false, name = "lrsweep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Which learning rate, and why: learning-rate sweeps for gradient descent.",
        footer = {"", "Examples:",
            "  lrsweep grid --rates 0.01,0.02,0.03,0.032,0.035,0.04 \\",
            "      --data examples/qiita/apples.csv --target y --no-intercept",
            "  lrsweep random --min 1e-4 --max 1 --trials 20 --seed 7 --data d.csv --json out.json",
            "  lrsweep find --data examples/diabetes/diabetes.csv --standardize --plot find.png",
            "  lrsweep check out.json --expect-best-between 0.02:0.04",
            "", "Exit codes: 0 ok, 1 internal error, 2 bad usage or input, 3 a gate tripped, 130 interrupted.",
            "Run 'lrsweep COMMAND --help' for a command's options."})
public final class Main implements Runnable {
    /** The subcommands, in the order the usage message lists them ('help' comes last). */
    private static final List<Class<?>> COMMANDS = List.of(GridCommand.class, RandomCommand.class, FindCommand.class,
            RunCommand.class, CheckCommand.class, MergeCommand.class, GenCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Interrupt interrupt;

    Main(Interrupt interrupt) {
        this.interrupt = interrupt;
    }

    /** The process's interrupt handling, for subcommands. */
    Interrupt interrupt() {
        return interrupt;
    }

    /** Entry point: exits with the code {@link #run} returns. */
    public static void main(String[] args) {
        Stdout stdout = new Stdout(System.out);
        processStdout = stdout;
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Interrupt interrupt = Interrupt.install();
        int code = ExitCodes.INTERNAL;
        try {
            code = run(out, err, interrupt, args);
            // PrintWriter keeps write errors to itself: a closed pipe or a full disk lost the output.
            // A gate's 3, an interrupt's 130 and an error's 1 or 2 stand; a success does not. A
            // tripped gate still says that its report was lost (its one line on stdout was all of it).
            boolean gate = code == ExitCodes.GATE;
            if ((out.checkError() || System.out.checkError()) && (code == ExitCodes.OK || gate)) {
                if (stdout.brokenPipe()) {
                    // the reader took what it wanted (| head): quietly, as a tool SIGPIPE ends
                    if (!gate) code = ExitCodes.BROKEN_PIPE;
                } else {
                    err.println(commandName(args) + ": cannot write to stdout (" + stdout.failure()
                            + "): the output is incomplete" + (filesSkipped ? "; no output file was written" : ""));
                    if (!gate) code = ExitCodes.USAGE;
                }
            }
        } finally {
            out.flush();
            err.flush();
            // also when an Error escaped: the shutdown hook would otherwise wait for the summary
            interrupt.finished();
        }
        System.exit(code);
    }

    /** The process's stdout when {@link #main} runs it (null under a test's writers). */
    private static volatile Stdout processStdout;

    /**
     * Whether stdout lost output for good: {@code out} flushed, a write failed, and not at a pipe
     * whose reader left (a full disk, a closed descriptor). The run then fails (exit 2, said once
     * when it ends), so commands leave their output files unwritten rather than leave the outputs
     * of a failed run; after a closed pipe (| head) they still write them.
     */
    static boolean stdoutLost(PrintWriter out) {
        Stdout s = processStdout;
        boolean lost = (out.checkError() || System.out.checkError()) && s != null && !s.brokenPipe();
        if (lost) filesSkipped = true;
        return lost;
    }

    /** Whether a command left its output files unwritten because stdout had failed. */
    private static volatile boolean filesSkipped;

    /**
     * The process's stdout, remembering why a write first failed (PrintStream and PrintWriter only
     * say that one did). Writes go to {@link System#out}'s own file descriptor stream.
     */
    static final class Stdout extends java.io.OutputStream {
        private final java.io.OutputStream target = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        private final java.io.PrintStream fallback;
        private volatile IOException failure;

        Stdout(java.io.PrintStream fallback) {
            this.fallback = fallback;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                fallback.flush(); // whatever went to System.out first keeps its place
                target.write(b, off, len);
            } catch (IOException e) {
                if (failure == null) failure = e;
                throw e;
            }
        }

        /**
         * Whether the first failed write met a pipe (or socket) whose reader had gone. Told by what
         * stdout is, where /proc says (a pipe cannot be a full disk), else by the error's words,
         * which the C library translates ("Broken pipe" in English).
         */
        boolean brokenPipe() {
            IOException f = failure;
            if (f == null) return false;
            String fd = stdoutTarget();
            if (fd.startsWith("pipe:") || fd.startsWith("socket:")) return true;
            if (fd.startsWith("/")) return false;
            String m = f.getMessage();
            return m != null && java.util.regex.Pattern.compile("(?i)broken pipe|EPIPE").matcher(m).find();
        }

        /** What file descriptor 1 is ({@code pipe:[…]}, a path), or "" where /proc cannot say. */
        private static String stdoutTarget() {
            try {
                return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1")).toString();
            } catch (IOException | RuntimeException e) {
                // no /proc, or no symbolic links there: the error's words decide
                return "";
            }
        }

        /** Why the first write failed, in a few words. */
        String failure() {
            IOException f = failure;
            return f == null ? "a write failed" : oneLine(f.getMessage());
        }
    }

    /**
     * Runs lrsweep with {@code args}.
     *
     * @return the exit code: 0 success, 1 internal error, 2 bad usage or input, 3 a gate tripped
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, Interrupt.none(), args);
    }

    /** Runs lrsweep with the process's interrupt handling. */
    static int run(PrintWriter out, PrintWriter err, Interrupt interrupt, String... args) {
        return run(out, err, interrupt, java.util.Map.of(), args);
    }

    /**
     * Runs lrsweep with {@code args}, some of which came from a sweep file: {@code origins} maps such
     * a flag to where it was written ({@code file:line: key 'max'}), and an error that names the
     * flag names that place first.
     */
    static int run(PrintWriter out, PrintWriter err, Interrupt interrupt, java.util.Map<String, String> origins,
                   String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        String helpProblem = helpArgumentProblem(args);
        if (helpProblem != null) {
            // picocli's help command ignores what it does not know and prints a usage, exit 0
            err.println("lrsweep help: " + helpProblem + " (see 'lrsweep help --help')");
            return ExitCodes.USAGE;
        }
        CommandLine cl = commandLine(interrupt, args);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        // a named class, not lambdas: picocli's handler interfaces are Java 5 class files, which the
        // class-data archive leaves out, so a lambda for one was spun at every start (~15 ms)
        ErrorHandlers handlers = new ErrorHandlers(err, origins, debug);
        cl.setParameterExceptionHandler(handlers);
        cl.setExecutionExceptionHandler(handlers);
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands Exceptions to the handler above, not Errors
            err.println(commandName(args) + ": out of memory (" + oneLine(e.getMessage()) + "): the data or the model does not fit "
                    + "the JVM's heap; give it more with LRSWEEP_JAVA_OPTS=-Xmx...");
            if (debug) e.printStackTrace(err);
            code = ExitCodes.USAGE;
        } catch (StackOverflowError | InternalError e) {
            err.println("lrsweep: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) e.printStackTrace(err);
            code = ExitCodes.INTERNAL;
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Errors as lrsweep reports them: a parse error is one line naming the flag (and where a sweep
     * file set it), exit code 2; an error while a command ran is one line and exit code 2 for bad
     * input, exit code 1 for a bug.
     */
    private static final class ErrorHandlers
            implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
        private final PrintWriter err;
        private final java.util.Map<String, String> origins;
        private final boolean debug;

        ErrorHandlers(PrintWriter err, java.util.Map<String, String> origins, boolean debug) {
            this.err = err;
            this.origins = origins;
            this.debug = debug;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine c = ex.getCommandLine();
            err.println(shownName(c, origins) + ": " + located(oneLine(ex.getMessage()), origins) + " (see '"
                    + qualifiedName(c) + " --help')");
            if (debug) ex.printStackTrace(err);
            err.flush();
            return ExitCodes.USAGE;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine c, CommandLine.ParseResult parsed) {
            int code;
            if (ex instanceof UsageException || ex instanceof DataException || ex instanceof SpecException
                    || ex instanceof IOException) {
                err.println(shownName(c, origins) + ": " + located(oneLine(ex instanceof java.nio.file.FileSystemException fs
                        ? describe(fs) : ex.getMessage()), origins));
                code = ExitCodes.USAGE;
            } else {
                err.println(qualifiedName(c) + ": internal error: " + ex
                        + (debug ? "" : " (run with --debug for the stack trace)"));
                code = ExitCodes.INTERNAL;
            }
            if (debug) ex.printStackTrace(err);
            err.flush();
            return code;
        }
    }

    /**
     * The command tree for {@code args}: when the first argument names a command, the top command
     * with that one only (picocli builds a command's model by reflection, tens of milliseconds
     * each, a good part of a short run's start-up); otherwise, as for {@code --help}, {@code help}
     * or a misspelt command, the top command with all of them.
     */
    static CommandLine commandLine(Interrupt interrupt, String... args) {
        CommandLine cl = new CommandLine(new Main(interrupt));
        String first = args.length > 0 ? args[0] : null;
        boolean named = COMMANDS.stream().anyMatch(c -> commandName(c).equals(first));
        for (Class<?> c : COMMANDS) {
            if (!named || commandName(c).equals(first)) cl.addSubcommand(commandName(c), c);
        }
        if (!named) cl.addSubcommand("help", CommandLine.HelpCommand.class);
        CommandLine find = cl.getSubcommands().get("find");
        if (find != null) FindCommand.hideSharedFlags(find.getCommandSpec());
        return cl;
    }

    /**
     * What is wrong with the arguments of {@code lrsweep help}, which takes at most one command name
     * and -h or --help, or null when they are right or the command is another.
     */
    static String helpArgumentProblem(String... args) {
        if (args.length == 0 || !args[0].equals("help")) return null;
        int names = 0;
        boolean options = true;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (options && a.equals("--")) {
                // the end of the options, as everywhere
                options = false;
                continue;
            }
            if (options && (a.equals("-h") || a.equals("--help"))) continue;
            if (options && a.startsWith("-") && a.length() > 1) return "Unknown option: '" + a + "'";
            if (++names > 1) return "Unmatched argument at index " + i + ": '" + a + "'";
        }
        return null;
    }

    private static String commandName(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: grid, random, find, run, check, merge, gen");
    }

    /** "lrsweep grid" for a run of grid, as picocli names commands in errors; "lrsweep" before one is named. */
    static String commandName(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : COMMANDS) {
                Command command = c.getAnnotation(Command.class);
                if (command != null && command.name().equals(args[0])) return "lrsweep " + args[0];
            }
        }
        return "lrsweep";
    }

    private static String qualifiedName(CommandLine c) {
        return c.getCommandSpec().qualifiedName();
    }

    /** The command an error line names: {@code lrsweep run} for a sweep file's run, which the user typed. */
    private static String shownName(CommandLine c, java.util.Map<String, String> origins) {
        return origins.containsKey(SWEEP_FILE_KEY) ? "lrsweep run" : qualifiedName(c);
    }

    /** A key {@link RunCommand} puts in the origins of a sweep file's run, so that errors name {@code lrsweep run}. */
    static final String SWEEP_FILE_KEY = "(sweep file)";

    /** What a command writes as its output files: each given to the sink. */
    @FunctionalInterface
    interface OutputFiles {
        void stage(dev.lrsweep.data.AtomicOutput.Sink sink) throws IOException;
    }

    /**
     * Writes a command's output files together ({@link dev.lrsweep.data.AtomicOutput.Batch}): each
     * is staged, and they are put in place only once every one is written, so a write that fails
     * leaves none of them; then says "wrote F" for each, in the order given. A failure is one error
     * naming the file, and what was written all the same.
     */
    static void writeTogether(java.io.PrintWriter err, OutputFiles files) throws IOException {
        java.util.List<java.nio.file.Path> wrote = new java.util.ArrayList<>();
        dev.lrsweep.data.AtomicOutput.Batch batch = new dev.lrsweep.data.AtomicOutput.Batch();
        try (batch) {
            files.stage((target, content) -> {
                batch.write(target, content);
                wrote.add(target);
            });
            batch.commit();
        } catch (IOException e) {
            throw outputFailed(e, batch.written());
        }
        for (java.nio.file.Path f : wrote) err.println("wrote " + f);
    }

    /**
     * The error of a batch of output files that failed, for the one-line report: the file and the
     * reason, then which of the files were written all the same (none, as a rule).
     */
    private static IOException outputFailed(IOException e, java.util.List<java.nio.file.Path> written) {
        String what = e instanceof java.nio.file.FileSystemException fs ? describe(fs) : e.getMessage();
        String rest = written.isEmpty() ? "; no output file was written"
                : "; of the output files only " + String.join(", ", written.stream().map(Object::toString).toList())
                + (written.size() == 1 ? " was" : " were") + " written";
        return new IOException(what + rest, e);
    }

    /**
     * A file-system error as a reader wants it: the file and the reason (the exception's own
     * message is often the bare path).
     */
    static String describe(java.nio.file.FileSystemException e) {
        String reason = e.getReason() != null ? e.getReason()
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                : e instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                : e.getClass().getSimpleName();
        String file = e.getFile() != null ? e.getFile() : "";
        return (file.isEmpty() ? "" : file + ": ") + "cannot write or read it: " + reason
                + (e.getOtherFile() != null ? " (with " + e.getOtherFile() + ")" : "");
    }

    /** A message that starts with a place in a file: {@code file:line: } or {@code file:line:column: }. */
    private static final java.util.regex.Pattern PLACED = java.util.regex.Pattern.compile("\\S+?:\\d+(:\\d+)?: ");

    /** {@code message}, led by the sweep-file place of the first flag it names that came from one. */
    static String located(String message, java.util.Map<String, String> origins) {
        // a message already placed in a file (d.csv:4:2: ...) is about that file, not the flag it names
        if (origins.isEmpty() || PLACED.matcher(message).lookingAt()) return message;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("--[a-z][a-z0-9-]*").matcher(message);
        while (m.find()) {
            String where = origins.get(m.group());
            if (where != null) return where + ": " + message;
        }
        return message;
    }

    static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** The version from the build. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // fall through to the default below
        }
        return p.getProperty("version", "unknown");
    }

    /** Supplies {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lrsweep " + version()};
        }
    }
}
