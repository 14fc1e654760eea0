package io.riffle.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.storage.io.FileHandle;
import io.riffle.storage.io.SimulatedDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParallelSyncTest {
    private final SimulatedDisk disk = new SimulatedDisk();
    private final Path dir = Path.of("/sim/files");

    private List<Path> filesWithUnsyncedBytes(int count) throws IOException {
        disk.createDirectories(dir);
        disk.syncDirectory(dir.getParent());
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve("f" + i);
            try (FileHandle f = disk.open(file, true)) {
                f.write(ByteBuffer.wrap(new byte[100 + i]), 0);
            }
            files.add(file);
        }
        disk.syncDirectory(dir);
        return files;
    }

    private long sizeAfterPowerLoss(Path file) throws IOException {
        try (FileHandle f = disk.open(file, false)) {
            return f.size();
        }
    }

    @Test
    void everyFileIsDurableWhenItReturns() throws IOException {
        List<Path> files = filesWithUnsyncedBytes(20);
        ParallelSync.all(disk, files);
        disk.powerLoss(SimulatedDisk.TailFate.DROP, new Random(1));
        disk.powerOn();
        for (int i = 0; i < files.size(); i++) {
            assertThat(sizeAfterPowerLoss(files.get(i))).as("f%d", i).isEqualTo(100 + i);
        }
    }

    @Test
    void aFailedSyncIsThrownAfterTheOthersEnd() throws IOException {
        List<Path> files = filesWithUnsyncedBytes(5);
        long before = disk.syncCount();
        disk.failNextSyncs(1);
        assertThatThrownBy(() -> ParallelSync.all(disk, files))
                .isInstanceOf(IOException.class).hasMessageContaining("simulated fsync failure");
        assertThat(disk.syncCount() - before).as("every file's sync was tried").isEqualTo(5);
    }
}
