package dev.cordon.runtime.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * Examples to train or evaluate on, cut into batches: in memory ({@link #of(Column...)}, {@link
 * #fromArrays}, {@link #fromTensors}) or streamed from records read lazily ({@link
 * #fromIterable}, {@link #fromStream}), one tensor per input in the order given.
 *
 * <p>Immutable: {@link #batch}, {@link #shuffle} and {@link #prefetch} return a configured copy.
 * Batches are of 32 examples by default, the last one smaller unless the remainder is dropped.
 * Shuffling is seeded and reproducible: epoch {@code e} always has the same order for the same
 * seed (a fresh one per epoch), so a run resumed at batch {@code k} of epoch {@code e} ({@link
 * #epoch(int, long)}) sees exactly the batches the uninterrupted run saw. By default the next
 * batch is prepared on a background thread while the current step runs.
 */
public final class Dataset {

  /** A dataset cut in two, as {@link #split} returns. */
  public record Split(Dataset training, Dataset validation) {}

  private final Source source;
  private final int batchSize;
  private final boolean dropRemainder;
  private final Long shuffleSeed;
  private final int shuffleBuffer;
  private final boolean prefetch;

  private Dataset(Source source, int batchSize, boolean dropRemainder, Long shuffleSeed, int shuffleBuffer,
      boolean prefetch) {
    this.source = source;
    this.batchSize = batchSize;
    this.dropRemainder = dropRemainder;
    this.shuffleSeed = shuffleSeed;
    this.shuffleBuffer = shuffleBuffer;
    this.prefetch = prefetch;
  }

  private static Dataset of(Source source) {
    return new Dataset(source, 32, false, null, 0, true);
  }

  // ---- sources -------------------------------------------------------------------------------

  /**
   * An in-memory dataset of {@code columns}, one per input, all with the same number of examples.
   *
   * @throws IllegalArgumentException when the columns' example counts differ
   */
  public static Dataset of(Column... columns) {
    return of(new InMemory(List.of(columns)));
  }

  /**
   * An in-memory dataset of Java arrays, one per input ({@code float[n][784]}, {@code int[n]},
   * ...; see {@link Column#ofArray}), copied.
   *
   * @throws IllegalArgumentException for ragged arrays, unsupported element types or differing
   *     example counts, naming the array
   */
  public static Dataset fromArrays(Object input) {
    return fromArrays(java.util.Arrays.asList(input));
  }

  /** See {@link #fromArrays(Object)}; two inputs, such as images and labels. */
  public static Dataset fromArrays(Object first, Object second) {
    return fromArrays(java.util.Arrays.asList(first, second));
  }

  /** See {@link #fromArrays(Object)}; three inputs. */
  public static Dataset fromArrays(Object first, Object second, Object third) {
    return fromArrays(java.util.Arrays.asList(first, second, third));
  }

  /** See {@link #fromArrays(Object)}; four inputs. */
  public static Dataset fromArrays(Object first, Object second, Object third, Object fourth) {
    return fromArrays(java.util.Arrays.asList(first, second, third, fourth));
  }

  /**
   * See {@link #fromArrays(Object)}; one array per input, in order. (No varargs form: a lone
   * {@code float[][]} would be taken for the argument array itself.)
   */
  public static Dataset fromArrays(List<?> arrays) {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < arrays.size(); i++) {
      try {
        columns.add(Column.ofArray(arrays.get(i)));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("array " + i + ": " + e.getMessage(), e);
      }
    }
    return of(new InMemory(columns));
  }

  /** An in-memory dataset of copies of {@code tensors} (the examples along the first dimension); the tensors stay the caller's. */
  public static Dataset fromTensors(Tensor... tensors) {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < tensors.length; i++) {
      try {
        columns.add(Column.of(tensors[i]));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("tensor " + i + ": " + e.getMessage(), e);
      }
    }
    return of(new InMemory(columns));
  }

  /**
   * A streaming dataset: every epoch iterates {@code records} anew (an {@code Iterable} over a
   * file opens it in {@code iterator()}), reading each record's inputs with {@code features}. Only
   * the records of the batches being prepared (and of the shuffle buffer) are held in memory.
   */
  @SafeVarargs
  public static <R> Dataset fromIterable(Iterable<R> records, Feature<R>... features) {
    Objects.requireNonNull(records, "records");
    return of(new Streaming<>(() -> new CloseableIterator<>(records.iterator(), null), List.of(features)));
  }

  /**
   * A streaming dataset over a fresh stream per epoch ({@code () -> Files.lines(path).map(...)});
   * each stream is closed at the end of its epoch.
   */
  @SafeVarargs
  public static <R> Dataset fromStream(Supplier<? extends Stream<R>> streams, Feature<R>... features) {
    Objects.requireNonNull(streams, "streams");
    return of(new Streaming<>(() -> {
      Stream<R> s = Objects.requireNonNull(streams.get(), "the stream supplier returned null");
      return new CloseableIterator<>(s.iterator(), s);
    }, List.of(features)));
  }

  // ---- configuration -------------------------------------------------------------------------

  /** Batches of {@code size} examples, the last one smaller. */
  public Dataset batch(int size) {
    return batch(size, false);
  }

  /**
   * Batches of {@code size} examples; with {@code dropRemainder} the last, smaller batch of each
   * epoch is left out.
   */
  public Dataset batch(int size, boolean dropRemainder) {
    if (size <= 0) {
      throw new IllegalArgumentException("batch size must be > 0, got " + size);
    }
    return new Dataset(source, size, dropRemainder, shuffleSeed, shuffleBuffer, prefetch);
  }

  /**
   * A fresh seeded order every epoch: a full permutation for an in-memory dataset; for a streaming
   * one, a shuffle buffer of 10,000 records (see {@link #shuffle(long, int)}).
   */
  public Dataset shuffle(long seed) {
    return shuffle(seed, 10_000);
  }

  /**
   * A fresh seeded order every epoch. A streaming dataset shuffles through a buffer of {@code
   * bufferSize} records, as {@code tf.data}'s {@code shuffle}: each record out is drawn at random
   * from the buffer and replaced by the next one read. An in-memory dataset ignores the buffer
   * size and permutes all its examples.
   */
  public Dataset shuffle(long seed, int bufferSize) {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("shuffle buffer size must be > 0, got " + bufferSize);
    }
    return new Dataset(source, batchSize, dropRemainder, seed, bufferSize, prefetch);
  }

  /** The examples in their given order (the default). */
  public Dataset noShuffle() {
    return new Dataset(source, batchSize, dropRemainder, null, 0, prefetch);
  }

  /** Whether the next batch is prepared on a background thread while the caller uses the current one (default true). */
  public Dataset prefetch(boolean enabled) {
    return new Dataset(source, batchSize, dropRemainder, shuffleSeed, shuffleBuffer, enabled);
  }

  /**
   * Holds out the last {@code validationFraction} of the examples, taken before any shuffling
   * (Keras' {@code validation_split}): the training part keeps this dataset's settings, the
   * validation part its batch size, unshuffled. Only in-memory datasets can be split.
   */
  public Split split(double validationFraction) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
    }
    if (!(source instanceof InMemory memory)) {
      throw new UnsupportedOperationException(
          "a streaming dataset cannot be split; pass a separate validation dataset");
    }
    int n = memory.size;
    int validation = (int) Math.round(n * validationFraction);
    int training = n - validation;
    if (training == 0 || validation == 0) {
      throw new IllegalArgumentException("splitting " + n + " examples at " + validationFraction
          + " leaves " + training + " for training and " + validation + " for validation");
    }
    Dataset train = new Dataset(memory.slice(0, training), batchSize, dropRemainder, shuffleSeed, shuffleBuffer, prefetch);
    Dataset val = new Dataset(memory.slice(training, n), batchSize, false, null, 0, prefetch);
    return new Split(train, val);
  }

  // ---- description ---------------------------------------------------------------------------

  /** The number of examples, if known without reading a stream. */
  public OptionalLong size() {
    return source.size();
  }

  /** The number of batches per epoch, if the size is known. */
  public OptionalLong batchesPerEpoch() {
    OptionalLong n = size();
    if (n.isEmpty()) {
      return n;
    }
    long size = n.getAsLong();
    return OptionalLong.of(dropRemainder ? size / batchSize : (size + batchSize - 1) / batchSize);
  }

  public int batchSize() {
    return batchSize;
  }

  public boolean dropsRemainder() {
    return dropRemainder;
  }

  /** The shuffle seed, if shuffled. */
  public OptionalLong shuffleSeed() {
    return shuffleSeed == null ? OptionalLong.empty() : OptionalLong.of(shuffleSeed);
  }

  /** The number of inputs: tensors per batch. */
  public int inputCount() {
    return source.types().size();
  }

  /** The tensor type of input {@code i}. */
  public Class<? extends TType> tensorType(int i) {
    return source.types().get(i).tensorType;
  }

  /** The shape of one example of input {@code i} (a batch's is {@code [batch, ...this]}). */
  public Shape exampleShape(int i) {
    return Shape.of(source.shapes().get(i));
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Dataset[");
    for (int i = 0; i < inputCount(); i++) {
      b.append(i == 0 ? "" : ", ").append(tensorType(i).getSimpleName()).append(exampleShape(i));
    }
    b.append("; ").append(size().isPresent() ? size().getAsLong() + " examples" : "streaming");
    b.append(", batch ").append(batchSize).append(dropRemainder ? " (remainder dropped)" : "");
    if (shuffleSeed != null) {
      b.append(", shuffled (seed ").append(shuffleSeed).append(")");
    }
    return b.append("]").toString();
  }

  // ---- iteration -----------------------------------------------------------------------------

  /** The batches of epoch {@code epoch} (from 0): its order depends only on the seed and the epoch. */
  public BatchIterator epoch(int epoch) {
    return epoch(epoch, 0);
  }

  /**
   * The batches of epoch {@code epoch} after the first {@code skipBatches}: where a run stopped
   * after {@code skipBatches} batches of that epoch resumes.
   */
  public BatchIterator epoch(int epoch, long skipBatches) {
    if (epoch < 0 || skipBatches < 0) {
      throw new IllegalArgumentException("epoch and skipped batches must be >= 0, got " + epoch + ", " + skipBatches);
    }
    Random random = shuffleSeed == null ? null : new Random(mix(shuffleSeed, epoch));
    Examples examples = source.open(random, shuffleBuffer);
    Producer producer = new Producer(examples, source.types(), source.shapes(), batchSize, dropRemainder);
    try {
      producer.skip(skipBatches);
    } catch (RuntimeException | Error e) {
      producer.close();
      throw e;
    }
    return prefetch ? new Prefetcher(producer) : new Direct(producer);
  }

  /** A seed of its own for each epoch (SplitMix64's finaliser over seed and epoch). */
  static long mix(long seed, int epoch) {
    long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  // ---- sources -------------------------------------------------------------------------------

  /** Where examples come from. */
  interface Source {
    List<ElementType> types();

    List<long[]> shapes();

    OptionalLong size();

    Examples open(Random random, int shuffleBuffer);
  }

  /** The examples of one epoch, in order. */
  interface Examples extends AutoCloseable {
    /** Writes the next example at {@code position} of each input's flat buffer; false at the end. */
    boolean next(Object[] buffers, int position);

    /** Skips up to {@code n} examples; returns how many were skipped. */
    long skip(long n, Object[] scratch);

    @Override
    void close();
  }

  static final class InMemory implements Source {
    final List<Column> columns;
    final int size;

    InMemory(List<Column> columns) {
      if (columns.isEmpty()) {
        throw new IllegalArgumentException("a dataset needs at least one input");
      }
      for (int i = 0; i < columns.size(); i++) {
        Column c = Objects.requireNonNull(columns.get(i), "column " + i);
        if (c.examples != columns.get(0).examples) {
          throw new IllegalArgumentException("input " + i + " has " + c.examples + " examples, but input 0 has "
              + columns.get(0).examples);
        }
      }
      this.columns = List.copyOf(columns);
      this.size = columns.get(0).examples;
    }

    InMemory slice(int from, int to) {
      List<Column> parts = new ArrayList<>();
      for (Column c : columns) {
        parts.add(c.slice(from, to));
      }
      return new InMemory(parts);
    }

    @Override
    public List<ElementType> types() {
      return columns.stream().map(c -> c.type).toList();
    }

    @Override
    public List<long[]> shapes() {
      return columns.stream().map(c -> c.exampleShape).toList();
    }

    @Override
    public OptionalLong size() {
      return OptionalLong.of(size);
    }

    @Override
    public Examples open(Random random, int shuffleBuffer) {
      int[] order = new int[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      if (random != null) {
        for (int i = size - 1; i > 0; i--) { // Fisher-Yates
          int j = random.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
      }
      return new Examples() {
        int next;

        @Override
        public boolean next(Object[] buffers, int position) {
          if (next >= size) {
            return false;
          }
          int example = order[next++];
          for (int c = 0; c < buffers.length; c++) {
            Column col = columns.get(c);
            System.arraycopy(col.data, example * col.exampleSize, buffers[c], position * col.exampleSize,
                col.exampleSize);
          }
          return true;
        }

        @Override
        public long skip(long n, Object[] scratch) {
          long skipped = Math.min(n, size - next);
          next += (int) skipped;
          return skipped;
        }

        @Override
        public void close() {}
      };
    }
  }

  /** An iterator and what to close at the end of the epoch. */
  record CloseableIterator<R>(Iterator<R> iterator, AutoCloseable resource) {}

  static final class Streaming<R> implements Source {
    private final Supplier<CloseableIterator<R>> open;
    private final List<Feature<R>> features;

    Streaming(Supplier<CloseableIterator<R>> open, List<Feature<R>> features) {
      if (features.isEmpty()) {
        throw new IllegalArgumentException("a dataset needs at least one input (feature)");
      }
      for (int i = 0; i < features.size(); i++) {
        Objects.requireNonNull(features.get(i), "feature " + i);
      }
      this.open = open;
      this.features = List.copyOf(features);
    }

    @Override
    public List<ElementType> types() {
      return features.stream().map(f -> f.type).toList();
    }

    @Override
    public List<long[]> shapes() {
      return features.stream().map(f -> f.exampleShape).toList();
    }

    @Override
    public OptionalLong size() {
      return OptionalLong.empty();
    }

    @Override
    public Examples open(Random random, int shuffleBuffer) {
      CloseableIterator<R> source = open.get();
      Iterator<R> records = Objects.requireNonNull(source.iterator(), "the records' iterator is null");
      return new Examples() {
        final List<R> buffer = new ArrayList<>();
        long read;
        long emitted;

        private R nextRecord() {
          if (random == null) {
            if (!records.hasNext()) {
              return null;
            }
            read++;
            return records.next();
          }
          while (buffer.size() < shuffleBuffer && records.hasNext()) {
            buffer.add(records.next());
            read++;
          }
          if (buffer.isEmpty()) {
            return null;
          }
          int i = random.nextInt(buffer.size());
          R chosen = buffer.get(i);
          R last = buffer.remove(buffer.size() - 1);
          if (i < buffer.size()) {
            buffer.set(i, last);
          }
          return chosen;
        }

        @Override
        public boolean next(Object[] buffers, int position) {
          R r = nextRecord();
          if (r == null) {
            return false;
          }
          long index = emitted++;
          for (int f = 0; f < features.size(); f++) {
            features.get(f).write(r, buffers[f], position, index, f);
          }
          return true;
        }

        @Override
        public long skip(long n, Object[] scratch) {
          long skipped = 0;
          while (skipped < n && nextRecord() != null) {
            skipped++;
            emitted++;
          }
          return skipped;
        }

        @Override
        public void close() {
          if (source.resource() != null) {
            try {
              source.resource().close();
            } catch (Exception e) {
              throw new IllegalStateException("could not close the dataset's stream: " + e.getMessage(), e);
            }
          }
        }
      };
    }
  }

  // ---- batching ------------------------------------------------------------------------------

  /** Cuts examples into batches of tensors, on whichever thread calls it. */
  static final class Producer implements AutoCloseable {
    private final Examples examples;
    private final List<ElementType> types;
    private final List<long[]> shapes;
    private final int[] sizes;
    private final int batchSize;
    private final boolean dropRemainder;
    private long index;
    private boolean done;

    Producer(Examples examples, List<ElementType> types, List<long[]> shapes, int batchSize, boolean dropRemainder) {
      this.examples = examples;
      this.types = types;
      this.shapes = shapes;
      this.batchSize = batchSize;
      this.dropRemainder = dropRemainder;
      this.sizes = new int[types.size()];
      for (int i = 0; i < sizes.length; i++) {
        int s = 1;
        for (long d : shapes.get(i)) {
          s *= (int) d;
        }
        sizes[i] = s;
      }
    }

    private Object[] buffers(int examplesPerBatch) {
      Object[] buffers = new Object[types.size()];
      for (int i = 0; i < buffers.length; i++) {
        buffers[i] = types.get(i).newArray(examplesPerBatch * sizes[i]);
      }
      return buffers;
    }

    void skip(long batches) {
      if (batches == 0) {
        return;
      }
      Object[] scratch = buffers(1);
      long want = batches * batchSize;
      long skipped = examples.skip(want, scratch);
      index += (skipped + batchSize - 1) / batchSize;
      if (skipped < want) {
        done = true;
      }
    }

    long position() {
      return index;
    }

    /** The next batch, or null at the end of the epoch. */
    Batch next() {
      if (done) {
        return null;
      }
      Object[] buffers = buffers(batchSize);
      int n = 0;
      while (n < batchSize && examples.next(buffers, n)) {
        n++;
      }
      if (n < batchSize) {
        done = true;
        if (n == 0 || dropRemainder) {
          return null;
        }
      }
      List<Tensor> tensors = new ArrayList<>();
      try {
        for (int i = 0; i < buffers.length; i++) {
          long[] dims = new long[shapes.get(i).length + 1];
          dims[0] = n;
          System.arraycopy(shapes.get(i), 0, dims, 1, shapes.get(i).length);
          tensors.add(types.get(i).tensor(Shape.of(dims), buffers[i]));
        }
      } catch (RuntimeException | Error e) {
        tensors.forEach(Tensor::close);
        throw e;
      }
      return new Batch(tensors, n, index++);
    }

    @Override
    public void close() {
      done = true;
      examples.close();
    }
  }

  /** Batches prepared on the caller's thread. */
  static final class Direct implements BatchIterator {
    private final Producer producer;
    private Batch next;
    private boolean closed;

    Direct(Producer producer) {
      this.producer = producer;
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      if (next == null) {
        next = producer.next();
      }
      return next != null;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the epoch has no more batches");
      }
      Batch b = next;
      next = null;
      return b;
    }

    @Override
    public long position() {
      return producer.position() - (next == null ? 0 : 1);
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (next != null) {
        next.close();
        next = null;
      }
      producer.close();
    }
  }
}
