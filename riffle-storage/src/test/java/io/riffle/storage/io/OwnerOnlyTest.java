package io.riffle.storage.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modes OwnerOnly sets, compared with what the JDK's defaults give under this process's
 * umask (022 usually: 755 and 644). The umask-000 case runs black-box in riffle-it
 * (DataDirectoryIT), since a JVM cannot change its own umask.
 */
class OwnerOnlyTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(OwnerOnly.isPosix(tmp), "the file system of " + tmp + " has no POSIX permissions");
    }

    @Test
    void createsEveryMissingDirectory700() throws Exception {
        Path dir = tmp.resolve("a/b/c");
        OwnerOnly.createDirectories(dir);
        assertEquals("rwx------", mode(tmp.resolve("a")));
        assertEquals("rwx------", mode(tmp.resolve("a/b")));
        assertEquals("rwx------", mode(dir));
        OwnerOnly.createDirectories(dir); // exists: nothing to do
    }

    @Test
    void leavesAnExistingDirectoryAsItIs() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("mine"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        OwnerOnly.createDirectories(dir.resolve("sub"));
        assertEquals("rwxr-x---", mode(dir));
        assertEquals("rwx------", mode(dir.resolve("sub")));
    }

    @Test
    void createsFiles600AndKeepsTheModeOfExistingOnes() throws Exception {
        Path file = tmp.resolve("f");
        try (FileChannel channel = OwnerOnly.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2}));
        }
        assertEquals("rw-------", mode(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        try (FileChannel channel = OwnerOnly.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertEquals(2, channel.size()); // opened, not truncated
        }
        assertEquals("rw-r-----", mode(file));
    }

    @Test
    void createFileWritesTheContentAndRefusesAnExistingFile() throws Exception {
        Path file = tmp.resolve("key.tmp");
        OwnerOnly.createFile(file, new byte[] {7, 8, 9});
        assertEquals("rw-------", mode(file));
        assertEquals(3, Files.size(file));
        assertThrows(FileAlreadyExistsException.class, () -> OwnerOnly.createFile(file, new byte[1]));
    }

    @Test
    void realFileIoCreatesOwnerOnlyFilesAndDirectories() throws Exception {
        RealFileIO io = new RealFileIO();
        io.createDirectories(tmp.resolve("logs/s1"));
        try (FileHandle handle = io.open(tmp.resolve("logs/s1/0.seg"), true)) {
            handle.write(ByteBuffer.wrap(new byte[] {1}), 0);
        }
        assertEquals("rwx------", mode(tmp.resolve("logs")));
        assertEquals("rwx------", mode(tmp.resolve("logs/s1")));
        assertEquals("rw-------", mode(tmp.resolve("logs/s1/0.seg")));
    }

    @Test
    void namesTheBitsThatLetOthersIn() throws Exception {
        Path file = Files.createFile(tmp.resolve("k"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Set.of(), OwnerOnly.groupOrOthers(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r---w-"));
        assertEquals(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_WRITE),
                OwnerOnly.groupOrOthers(file));
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
