package io.riffle.bench.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void cpuTicksAreUtimePlusStimeCountedFromTheLastParenthesis() {
        // comm may hold spaces and parentheses; utime (14th field) = 1500, stime (15th) = 250
        String stat = "4242 (java (my) app) S 1 4242 4242 0 -1 4194560 9000 0 12 0 1500 250 0 0 20 0 42 0 100 "
                + "5000000000 120000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcStats.cpuTicks(stat)).isEqualTo(1750);
    }

    @Test
    void cpuTicksOfSomethingElseAreUnknown() {
        assertThat(ProcStats.cpuTicks(null)).isEqualTo(-1);
        assertThat(ProcStats.cpuTicks("no parenthesis here")).isEqualTo(-1);
        assertThat(ProcStats.cpuTicks("1 (short) S 1 2")).isEqualTo(-1);
    }

    @Test
    void statusFieldsAreReadInKibibytes() {
        String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmHWM:\t  912340 kB\nVmRSS:\t  800000 kB\nThreads:\t42\n";
        assertThat(ProcStats.statusKiB(status, "VmHWM:")).isEqualTo(912_340);
        assertThat(ProcStats.statusKiB(status, "VmRSS:")).isEqualTo(800_000);
        assertThat(ProcStats.statusKiB(status, "VmSwap:")).isEqualTo(-1);
        assertThat(ProcStats.statusKiB(null, "VmHWM:")).isEqualTo(-1);
    }

    @Test
    void busyTicksAreUserNiceSystemIrqAndSoftirqButNotIdleOrIowait() {
        String stat = "cpu  100 5 40 9000 300 2 3 7 0 0\ncpu0 50 2 20 4500 150 1 1 3 0 0\n";
        assertThat(ProcStats.busyTicks(stat)).isEqualTo(100 + 5 + 40 + 2 + 3);
        assertThat(ProcStats.busyTicks("intr 1 2 3")).isEqualTo(-1);
    }

    @Test
    void thisProcessHasOpenFileDescriptorsAndAPeakResidentSet() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStats.openFileDescriptors(pid)).isGreaterThan(0);
        assertThat(ProcStats.peakRssBytes(pid)).isGreaterThan(0);
    }
}
