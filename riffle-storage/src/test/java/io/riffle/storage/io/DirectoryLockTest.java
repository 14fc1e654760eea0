package io.riffle.storage.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {

    @TempDir
    Path tmp;

    @Test
    void createsTheDirectoryAndWritesTheHoldersPid() throws Exception {
        Path dir = tmp.resolve("a/data");
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            assertTrue(lock.isHeld());
            assertEquals(dir, lock.directory());
            assertEquals(ProcessHandle.current().pid() + "\n",
                    Files.readString(dir.resolve(DirectoryLock.FILE), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aSecondHolderIsRefusedWithTheFirstsPidAndChangesNothing() throws Exception {
        Path dir = tmp.resolve("data");
        try (DirectoryLock first = DirectoryLock.acquire(dir)) {
            byte[] before = Files.readAllBytes(dir.resolve(DirectoryLock.FILE));
            DirectoryLock.HeldElsewhere refused = assertThrows(DirectoryLock.HeldElsewhere.class,
                    () -> DirectoryLock.acquire(dir));
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), refused.holderPid());
            assertEquals(dir, refused.directory());
            assertEquals(dir + " is in use by another process (PID " + ProcessHandle.current().pid() + ")",
                    refused.getMessage());
            assertArrayEquals(before, Files.readAllBytes(dir.resolve(DirectoryLock.FILE)));
            assertTrue(first.isHeld());
        }
    }

    @Test
    void releasedLockCanBeTakenAgainAndTheFileStays() throws Exception {
        Path dir = tmp.resolve("data");
        DirectoryLock first = DirectoryLock.acquire(dir);
        first.close();
        first.close(); // idempotent
        assertFalse(first.isHeld());
        assertTrue(Files.exists(dir.resolve(DirectoryLock.FILE)));
        try (DirectoryLock second = DirectoryLock.acquire(dir)) {
            assertTrue(second.isHeld());
        }
    }

    @Test
    void abandonPutsThePreviousHoldersPidBack() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(dir.resolve(DirectoryLock.FILE), "12345\n", StandardCharsets.US_ASCII);
        DirectoryLock lock = DirectoryLock.acquire(dir);
        assertEquals(ProcessHandle.current().pid() + "\n",
                Files.readString(dir.resolve(DirectoryLock.FILE), StandardCharsets.US_ASCII));
        lock.abandon();
        assertFalse(lock.isHeld());
        assertEquals("12345\n", Files.readString(dir.resolve(DirectoryLock.FILE), StandardCharsets.US_ASCII));
        lock.abandon(); // closed already: nothing to do
    }

    @Test
    void aLockFileWithoutAPidStillRefusesWithoutOne() throws Exception {
        Path dir = tmp.resolve("data");
        try (DirectoryLock first = DirectoryLock.acquire(dir)) {
            try (FileChannel channel = FileChannel.open(dir.resolve(DirectoryLock.FILE), StandardOpenOption.WRITE)) {
                channel.truncate(0); // as while a holder has locked but not yet written
            }
            DirectoryLock.HeldElsewhere refused = assertThrows(DirectoryLock.HeldElsewhere.class,
                    () -> DirectoryLock.acquire(dir));
            assertEquals(OptionalLong.empty(), refused.holderPid());
            assertEquals(dir + " is in use by another process", refused.getMessage());
            assertTrue(first.isHeld()); // the refusal leaves the holder's lock alone
        }
    }
}
