package io.riffle.bench.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmHeapTest {

    @Test
    void usedHeapIsTakenFromTheHeapLineOfGcHeapInfo() {
        String heapInfo = """
                22859:
                garbage-first heap   total reserved 65536K, committed 65536K, used 12270K [0x00000000fc000000, 0x0000000100000000)
                 region size 1024K, 10 young (10240K), 2 survivors (2048K)
                 Metaspace       used 1200K, committed 1344K, reserved 1114112K
                """;
        assertThat(JvmHeap.usedBytes(heapInfo)).isEqualTo(12_270L * 1024);
    }

    @Test
    void outputWithoutAHeapLineIsUnknown() {
        assertThat(JvmHeap.usedBytes("12345:\nCould not attach\n")).isEqualTo(-1);
        assertThat(JvmHeap.usedBytes(null)).isEqualTo(-1);
    }
}
