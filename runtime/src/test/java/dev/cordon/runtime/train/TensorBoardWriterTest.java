package dev.cordon.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.Summary;

/** Reads the event files back with TensorFlow's Event protos. */
public class TensorBoardWriterTest {

  /** Every event in every event file of {@code dir} (TFRecord framing: length, crc, data, crc). */
  static List<Event> readEvents(Path dir) throws IOException {
    List<Event> events = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList()) {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 12) {
          long length = b.getLong();
          b.getInt(); // masked crc32c of the length
          byte[] data = new byte[(int) length];
          b.get(data);
          b.getInt(); // masked crc32c of the data
          events.add(Event.parseFrom(data));
        }
        assertEquals(0, b.remaining(), "no trailing bytes in " + file);
      }
    }
    return events;
  }

  /** Every tag logged in {@code dir}, as {@code tag@step}. */
  public static List<String> tags(Path dir) throws IOException {
    List<String> tags = new ArrayList<>();
    for (Event e : readEvents(dir)) {
      for (Summary.Value v : e.getSummary().getValueList()) {
        tags.add(v.getTag() + "@" + e.getStep());
      }
    }
    return tags;
  }

  static float scalarValue(Summary.Value v) {
    if (v.hasTensor()) {
      return v.getTensor().getFloatVal(0);
    }
    return v.getSimpleValue();
  }

  @Test
  void scalarsAndHistogramsAreReadBackFromTheEventFile(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("train");
    try (TensorBoardWriter w = TensorBoardWriter.open(run)) {
      w.scalar("epoch_loss", 0, 0.75);
      w.scalar("epoch_loss", 1, 0.5);
      w.scalar("epoch_learning_rate", 1, 0.001);
      w.histogram("hidden/kernel", 1, new float[] {-1, 0, 0.5f, 2, 2});
      w.flush();
    }
    List<Event> events = readEvents(run);
    assertTrue(events.get(0).hasFileVersion(), "the first event names the file version");
    assertEquals("brain.Event:2", events.get(0).getFileVersion());
    List<String> scalars = new ArrayList<>();
    HistogramProto histogram = null;
    for (Event e : events) {
      for (Summary.Value v : e.getSummary().getValueList()) {
        if (v.hasHisto()) {
          histogram = v.getHisto();
          assertEquals("hidden/kernel", v.getTag());
          assertEquals(1, e.getStep());
        } else {
          scalars.add(v.getTag() + "@" + e.getStep() + "=" + scalarValue(v));
        }
      }
    }
    assertEquals(List.of("epoch_loss@0=0.75", "epoch_loss@1=0.5", "epoch_learning_rate@1=0.001"), scalars);
    assertTrue(histogram != null, "a histogram event");
    assertEquals(5, histogram.getNum(), 0);
    assertEquals(-1, histogram.getMin(), 0);
    assertEquals(2, histogram.getMax(), 0);
    assertEquals(3.5, histogram.getSum(), 1e-6);
  }

  @Test
  void aClosedWriterRefusesToWrite(@TempDir Path dir) {
    TensorBoardWriter w = TensorBoardWriter.open(dir);
    w.close();
    w.close();
    assertThrows(IllegalStateException.class, () -> w.scalar("x", 0, 1));
  }
}
