package io.riffle.firehose.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ExpiredRecordsTest {

    @Test
    void nothingExpiresWhileTheLogStillHoldsTheNextRecords() {
        assertNull(ExpiredRecords.expired(10, 20, 10));
        assertNull(ExpiredRecords.expired(10, Long.MAX_VALUE, 3));
    }

    @Test
    void aPlanWhollyBeforeTheLogStartIsGivenUpWhole() {
        ExpiredRecords.Range r = ExpiredRecords.expired(10, 20, 35);
        assertEquals(new ExpiredRecords.Range(10, 20), r);
        assertEquals(10, r.count());
    }

    @Test
    void aPlanTheLogStartCutsLosesOnlyItsHead() {
        ExpiredRecords.Range r = ExpiredRecords.expired(10, 20, 14);
        assertEquals(new ExpiredRecords.Range(10, 14), r);
        assertEquals(4, r.count());
    }

    @Test
    void withoutAPlanEverythingBeforeTheLogStartIsGivenUp() {
        assertEquals(new ExpiredRecords.Range(5, 42), ExpiredRecords.expired(5, Long.MAX_VALUE, 42));
    }
}
