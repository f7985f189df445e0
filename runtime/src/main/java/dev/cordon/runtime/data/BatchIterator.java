package dev.cordon.runtime.data;

import java.util.Iterator;

/**
 * The batches of one epoch, in order. Each batch is the caller's to close. Close the iterator
 * when done (or leaving early): it stops preparing batches ahead and frees those not taken.
 */
public interface BatchIterator extends Iterator<Batch>, AutoCloseable {

  /** The number of batches handed out so far, the skipped ones of a resumed epoch included. */
  long position();

  @Override
  void close();
}
