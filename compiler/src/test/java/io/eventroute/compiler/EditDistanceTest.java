package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one edit distance of the hints: Levenshtein plus neighbour swaps, cut off beyond 3 in length. */
class EditDistanceTest {
    @Test
    void countsInsertsDeletesReplacementsAndSwaps() {
        assertEquals(0, EditDistance.between("subject", "subject"));
        assertEquals(1, EditDistance.between("subjet", "subject"));
        assertEquals(1, EditDistance.between("subjcet", "subject"));
        assertEquals(1, EditDistance.between("subjecX", "subject"));
        assertEquals(2, EditDistance.between("sbujetc", "subject"));
        assertEquals(3, EditDistance.between("", "abc"));
        assertEquals(5, EditDistance.between("a", "abcdef"));
    }
}
