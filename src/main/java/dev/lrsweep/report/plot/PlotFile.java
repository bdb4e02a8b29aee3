package dev.lrsweep.report.plot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The image formats a plot file can have, and the atomic write of one. */
enum PlotFile {
    /** A PNG bitmap. */
    PNG,
    /** An SVG drawing. */
    SVG;

    /** Writes a file's content to a stream. */
    @FunctionalInterface
    interface Content {
        /**
         * @param out the stream; closed by the caller
         * @throws IOException when writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * The format a file name asks for, by its extension (case-insensitive).
     *
     * @param file the plot file
     * @return the format
     * @throws IllegalArgumentException when the name ends in neither {@code .png} nor {@code .svg}
     */
    static PlotFile of(Path file) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png") && lower.length() > 4) return PNG;
        if (lower.endsWith(".svg") && lower.length() > 4) return SVG;
        throw new IllegalArgumentException("plot file must end in .png or .svg: " + file);
    }

    /**
     * Replaces {@code target} with the content: written to a temporary file in the same directory,
     * then renamed, so a failure never leaves a half-written file under the target's name.
     *
     * @param target  the file to write
     * @param content what to write
     * @throws IOException when the directory is missing or not writable, or writing fails; the
     *                     target is then untouched and the temporary file removed
     */
    static void writeAtomically(Path target, Content content) throws IOException {
        dev.lrsweep.report.AtomicFiles.write(target, content::writeTo);
    }
}
