package io.riffle.storage.io;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Unmapping a file mapping at once, instead of when the garbage collector finds its buffer unreachable: a reader
 * that maps segment files must give the mapped pages back (they count in the process's resident memory, and a
 * deleted segment's disk space stays taken while it is mapped) as soon as its answer is written. The JDK's only way
 * is {@code sun.misc.Unsafe.invokeCleaner}; it is used where the JVM allows it without a warning (JDK 23 and
 * earlier, or later ones started with {@code --sun-misc-unsafe-memory-access=allow}, as {@code bin/riffle} does).
 */
public final class FileMappings {
    private static final MethodHandle INVOKE_CLEANER = invokeCleaner();

    private FileMappings() {
    }

    /** Whether {@link #unmap} can unmap at once in this JVM. */
    public static boolean canUnmap() {
        return INVOKE_CLEANER != null;
    }

    /**
     * Unmaps {@code mapping}, a buffer {@link FileHandle#map} returned (not a slice or duplicate of one). Touching
     * any view of it afterwards crashes the JVM.
     */
    public static void unmap(ByteBuffer mapping) {
        if (INVOKE_CLEANER == null) {
            throw new IllegalStateException("this JVM cannot unmap a file mapping at once");
        }
        try {
            INVOKE_CLEANER.invoke(mapping);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("could not unmap a file mapping", e);
        }
    }

    private static MethodHandle invokeCleaner() {
        boolean isWarned = Runtime.version().feature() >= 24
                && !"allow".equals(System.getProperty("sun.misc.unsafe.memory.access"));
        if (isWarned) {
            return null;
        }
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class)).bindTo(theUnsafe.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // reads copy instead
        }
    }
}
