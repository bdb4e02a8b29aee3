package dev.lrsweep.report.plot;

import java.nio.file.Path;
import java.util.Locale;

/** The image formats a plot file can have, and the atomic write of one. */
enum PlotFile {
    /** A PNG bitmap. */
    PNG,
    /** An SVG drawing. */
    SVG;

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
}
