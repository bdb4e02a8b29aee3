/**
 * The command line: picocli commands (one class per subcommand), option mixins and exit codes.
 * {@link dev.lrsweep.cli.Main#run} is the seam tests drive.
 */
package dev.lrsweep.cli;
