import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.*;

/** Usage: java bundles/api-scriptx/bench/ForceCost.java <directory on the disk to measure> <forces per pass>.
 * fdatasync after appending 1 KiB (the file grows) against after overwriting 1 KiB of zeros already on disk. */
public class ForceCost {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        int n = Integer.parseInt(a[1]);
        byte[] rec = new byte[1100];
        for (int round = 0; round < 3; round++) {
            Path f1 = dir.resolve("append.log"); Files.deleteIfExists(f1);
            try (FileChannel ch = FileChannel.open(f1, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long t = System.nanoTime(); long pos = 0;
                for (int i = 0; i < n; i++) { ch.write(ByteBuffer.wrap(rec), pos); pos += rec.length; ch.force(false); }
                System.out.printf("append+fdatasync:      %.2f ms/force%n", (System.nanoTime() - t) / 1e6 / n);
            }
            Path f2 = dir.resolve("prealloc.log"); Files.deleteIfExists(f2);
            try (FileChannel ch = FileChannel.open(f2, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
                for (long p = 0; p < 16L << 20; p += zeros.capacity()) { zeros.clear(); ch.write(zeros, p); }
                long t0 = System.nanoTime();
                ch.force(true);
                System.out.printf("zero-fill 16 MiB + fsync: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
                long t = System.nanoTime(); long pos = 0;
                for (int i = 0; i < n; i++) { ch.write(ByteBuffer.wrap(rec), pos); pos += rec.length; ch.force(false); }
                System.out.printf("overwrite+fdatasync:   %.2f ms/force%n", (System.nanoTime() - t) / 1e6 / n);
            }
        }
    }
}
