package dev.lrsweep.report.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TerminalChartTest {

    /** The lines of a chart and where its plot area is. */
    private record Parsed(List<String> lines, int axisLine, int plotStart) {
        static Parsed of(String chart) {
            List<String> lines = chart.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches(" *\\+-+")) {
                    return new Parsed(lines, i, lines.get(i).indexOf('+') + 1);
                }
            }
            throw new AssertionError("no x axis line in\n" + chart);
        }

        List<String> plotRows() {
            return lines.stream()
                    .filter(l -> l.length() >= plotStart && l.charAt(plotStart - 1) == '|')
                    .toList();
        }

        /** The cell of a plot row, a space where the row was trimmed. */
        char cell(String row, int col) {
            int i = plotStart + col;
            return i < row.length() ? row.charAt(i) : ' ';
        }

        String plotText() {
            StringBuilder b = new StringBuilder();
            for (String row : plotRows()) b.append(row.substring(plotStart)).append('\n');
            return b.toString();
        }
    }

    @Test
    void lossChartHasHeightRowsAGlyphPerCurveAndTheDivergence() {
        String chart = TerminalChart.lossCurves(PlotsTest.threeTrials(), 50, 12);
        Parsed p = Parsed.of(chart);
        assertEquals(12, p.plotRows().size());
        assertEquals(p.axisLine - 12, p.lines.indexOf(p.plotRows().get(0)), "plot rows sit right above the axis");
        String plot = p.plotText();
        for (char glyph : new char[] {'*', '+', 'o', TerminalChart.EXIT_MARK}) {
            assertTrue(plot.indexOf(glyph) >= 0, () -> "missing " + glyph + " in\n" + chart);
        }
        assertTrue(p.lines.contains("  * lr 0.01"), chart);
        assertTrue(p.lines.contains("  + lr 0.1"), chart);
        assertTrue(p.lines.contains("  o lr 1  X diverged after step 11"), chart);
        for (String row : p.plotRows()) {
            assertTrue(row.length() <= p.plotStart + 50, row);
        }
    }

    @Test
    void lossChartPutsTheExtremesOnTheTopAndBottomRowsAndLabelsThem() {
        double[] high = {1, 1, 1, 1, 1}, low = {0.01, 0.01, 0.01, 0.01, 0.01};
        String chart = TerminalChart.lossCurves(
                List.of(Curve.ofSteps("high", high, false), Curve.ofSteps("low", low, false)), 20, 5);
        Parsed p = Parsed.of(chart);
        List<String> rows = p.plotRows();
        assertEquals("   1 |" + "*".repeat(20), rows.get(0));
        assertEquals("0.01 |" + "+".repeat(20), rows.get(4));
        assertEquals("      0                  4", p.lines.get(p.axisLine + 1));
        assertTrue(rows.get(2).endsWith("|"), "the middle rows are empty");
    }

    @Test
    void aCurveThatExplodesIsCutAtTheTopWithAnExitMark() {
        double[] calm = {1, 0.9, 0.8, 0.7}, wild = {1, 10, 1e4, 1e9};
        String chart = TerminalChart.lossCurves(
                List.of(Curve.ofSteps("calm", calm, false), Curve.ofSteps("wild", wild, false)), 30, 10);
        Parsed p = Parsed.of(chart);
        assertTrue(p.plotRows().get(0).startsWith("1000 |"), chart);
        assertTrue(p.plotRows().get(0).indexOf(TerminalChart.EXIT_MARK) > 0, chart);
        assertTrue(p.lines.contains("  + wild  X above the chart after step 1"), chart);
    }

    @Test
    void rangeChartMarksSuggestionAndCriticalRateInTheRightColumns() {
        int n = 41, width = 50, height = 12;
        double[] lrs = new double[n], smoothed = new double[n];
        for (int i = 0; i < n; i++) {
            lrs[i] = Math.pow(10, -4 + 4.0 * i / (n - 1));
            smoothed[i] = 2 - Math.tanh(2 * (Math.log10(lrs[i]) + 2));
        }
        lrs[0] = 1e-4;
        lrs[n - 1] = 1.0;
        double s = 0.003, c = 0.05;
        String chart = TerminalChart.rangeTest(lrs, smoothed, OptionalDouble.of(s), OptionalDouble.of(c),
                width, height);
        Parsed p = Parsed.of(chart);
        List<String> rows = p.plotRows();
        assertEquals(height, rows.size());

        double lo = Math.log(1e-4), hi = Math.log(1.0);
        int sCol = (int) Math.round((Math.log(s) - lo) / (hi - lo) * (width - 1));
        int cCol = (int) Math.round((Math.log(c) - lo) / (hi - lo) * (width - 1));
        assertEquals(18, sCol, "by hand: ln(30)/ln(1e4) * 49 = 18.09");
        assertEquals(33, cCol, "by hand: ln(500)/ln(1e4) * 49 = 33.06");

        assertEquals('S', p.cell(rows.get(0), sCol), chart);
        assertEquals('C', p.cell(rows.get(height - 1), cCol), chart);
        for (int r = 0; r < height; r++) {
            char sc = p.cell(rows.get(r), sCol), cc = p.cell(rows.get(r), cCol);
            assertTrue("|*S".indexOf(sc) >= 0, () -> "suggestion column broken in\n" + chart);
            assertTrue("|*C".indexOf(cc) >= 0, () -> "critical column broken in\n" + chart);
        }
        assertEquals(1, p.plotText().chars().filter(ch -> ch == 'S').count());
        assertEquals(1, p.plotText().chars().filter(ch -> ch == 'C').count());
        assertTrue(p.plotText().indexOf('*') >= 0);
        assertTrue(p.lines.contains("  S suggestion 0.003"), chart);
        assertTrue(p.lines.contains("  C critical lr 2/lambda_max 0.05"), chart);
        assertTrue(p.lines.get(p.axisLine + 1).strip().matches("0.0001 +1"), chart);
    }

    @Test
    void suggestionAndCriticalRateInOneColumnKeepBothLetters() {
        double[] lrs = {1e-3, 1e-2, 1e-1}, smoothed = {1, 0.5, 2};
        String chart = TerminalChart.rangeTest(lrs, smoothed, OptionalDouble.of(0.01), OptionalDouble.of(0.01),
                11, 3);
        Parsed p = Parsed.of(chart);
        assertEquals('S', p.cell(p.plotRows().get(0), 5), chart);
        assertEquals('C', p.cell(p.plotRows().get(2), 5), chart);
    }

    @Test
    void outputIsPlainAsciiAndDeterministic() {
        double[][] d = PlotsTest.rangeData();
        String a = TerminalChart.rangeTest(d[0], d[1], OptionalDouble.of(0.0123), OptionalDouble.of(0.0334), 60, 15);
        String b = TerminalChart.rangeTest(d[0], d[1], OptionalDouble.of(0.0123), OptionalDouble.of(0.0334), 60, 15);
        assertEquals(a, b);
        String l = TerminalChart.lossCurves(PlotsTest.threeTrials(), 60, 15);
        assertEquals(l, TerminalChart.lossCurves(PlotsTest.threeTrials(), 60, 15));
        for (String s : List.of(a, l)) {
            assertTrue(s.chars().allMatch(ch -> ch == '\n' || (ch >= 0x20 && ch < 0x7f)), s);
            assertTrue(s.endsWith("\n"));
            assertFalse(s.contains("\r"));
            assertFalse(s.lines().anyMatch(line -> line.endsWith(" ")), "trailing spaces are trimmed");
        }
    }

    @Test
    void tooSmallOrEmptyIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> TerminalChart.lossCurves(PlotsTest.threeTrials(), 9, 10));
        assertThrows(IllegalArgumentException.class, () -> TerminalChart.lossCurves(PlotsTest.threeTrials(), 40, 2));
        assertThrows(IllegalArgumentException.class, () -> TerminalChart.lossCurves(List.of(), 40, 10));
        assertThrows(IllegalArgumentException.class, () -> TerminalChart.rangeTest(new double[] {1, 2},
                new double[] {1}, OptionalDouble.empty(), OptionalDouble.empty(), 40, 10));
    }
}
