package dev.cordon.runtime.data;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prepares batches on a daemon thread of its own, one ahead of the consumer (plus the one being
 * built), in the producer's order: the order of batches never depends on timing.
 */
final class Prefetcher implements BatchIterator {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Object END = new Object();

  private final Dataset.Producer producer;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1);
  private final Thread thread;
  private volatile boolean closed;
  private Object next;
  private long position;
  private boolean finished;

  Prefetcher(Dataset.Producer producer) {
    this.producer = producer;
    this.position = producer.position();
    this.thread = new Thread(this::run, "cordon-prefetch-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (!closed) {
        Batch b = producer.next();
        Object item = b == null ? END : b;
        while (!closed) {
          if (queue.offer(item, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            item = null;
            break;
          }
        }
        if (item instanceof Batch left) {
          left.close(); // closed while waiting: nobody will take it
        }
        if (b == null) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      try {
        while (!closed && !queue.offer(e, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          // wait for the consumer to take the previous batch
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean hasNext() {
    if (closed || finished) {
      return false;
    }
    if (next == null) {
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the next batch", e);
      }
    }
    if (next == END) {
      finished = true;
      next = null;
      return false;
    }
    if (next instanceof RuntimeException e) {
      finished = true;
      next = null;
      throw e;
    }
    if (next instanceof Error e) {
      finished = true;
      next = null;
      throw e;
    }
    return true;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the epoch has no more batches");
    }
    Batch b = (Batch) next;
    next = null;
    position++;
    return b;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (next instanceof Batch b) {
      b.close();
    }
    next = null;
    Object left;
    while ((left = queue.poll()) != null) {
      if (left instanceof Batch b) {
        b.close();
      }
    }
    producer.close();
  }
}
