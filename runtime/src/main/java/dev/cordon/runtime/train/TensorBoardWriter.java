package dev.cordon.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Writes TensorBoard event files with TensorFlow's own summary ops ({@code
 * CreateSummaryFileWriter}, {@code WriteScalarSummary}, {@code WriteHistogramSummary}), in a
 * small graph and session of its own: it touches no model. {@code tensorboard --logdir <dir>}
 * shows what it wrote. One writer per directory (a "run" in TensorBoard: a fit writes {@code
 * train} and {@code validation}). Thread-safe.
 */
public final class TensorBoardWriter implements AutoCloseable {

  private static final AtomicLong WRITERS = new AtomicLong();

  private final Path dir;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> scalar;
  private final Placeholder<TFloat32> values;
  private final Op writeScalar;
  private final Op writeHistogram;
  private final Op flush;
  private final Op close;
  private boolean closed;

  private TensorBoardWriter(Path dir) {
    this.dir = dir;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph).withSubScope("tensorboard");
      SummaryWriter writer = tf.summary.summaryWriter(
          SummaryWriter.sharedName("cordon_tensorboard_" + WRITERS.incrementAndGet()));
      Op create = tf.summary.createSummaryFileWriter(
          writer, tf.constant(dir.toString()), tf.constant(10), tf.constant(120_000), tf.constant(".v2"));
      step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      tag = tf.withName("tag").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      scalar = tf.withName("scalar").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      values = tf.withName("values").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      writeScalar = tf.summary.writeScalarSummary(writer, step, tag, scalar);
      writeHistogram = tf.summary.writeHistogramSummary(writer, step, tag, values);
      flush = tf.summary.flushSummaryWriter(writer);
      close = tf.summary.closeSummaryWriter(writer);
      session = new Session(graph);
      session.runner().addTarget(create).run().close();
    } catch (RuntimeException | Error e) {
      graph.close();
      throw e;
    }
  }

  /** Opens a writer on {@code dir}, creating the directory; an event file appears in it at once. */
  public static TensorBoardWriter open(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Path target = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(target);
    } catch (IOException e) {
      throw new UncheckedIOException("TensorBoard: cannot create the log directory " + target, e);
    }
    return new TensorBoardWriter(target);
  }

  /** The directory written to. */
  public Path directory() {
    return dir;
  }

  /** Logs {@code value} under {@code tag} (such as {@code epoch_loss}) at {@code step}. */
  public synchronized void scalar(String tag, long step, double value) {
    checkOpen();
    try (TInt64 s = TInt64.scalarOf(step);
        TString t = TString.scalarOf(Objects.requireNonNull(tag, "tag"));
        TFloat32 v = TFloat32.scalarOf((float) value)) {
      session.runner().feed(this.step, s).feed(this.tag, t).feed(scalar, v).addTarget(writeScalar).run().close();
    }
  }

  /** Logs the distribution of {@code values} (a weight's elements, say) under {@code tag} at {@code step}. */
  public synchronized void histogram(String tag, long step, float[] values) {
    checkOpen();
    Objects.requireNonNull(values, "values");
    try (TInt64 s = TInt64.scalarOf(step);
        TString t = TString.scalarOf(Objects.requireNonNull(tag, "tag"));
        TFloat32 v = TFloat32.tensorOf(Shape.of(values.length), DataBuffers.of(values, true, false))) {
      session.runner().feed(this.step, s).feed(this.tag, t).feed(this.values, v).addTarget(writeHistogram)
          .run().close();
    }
  }

  /** Writes everything logged so far to disk. */
  public synchronized void flush() {
    checkOpen();
    session.runner().addTarget(flush).run().close();
  }

  /** Flushes, closes the event file and frees the writer's graph and session. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.runner().addTarget(close).run().close();
    } finally {
      session.close();
      graph.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("TensorBoard writer on " + dir + " is closed");
    }
  }
}
