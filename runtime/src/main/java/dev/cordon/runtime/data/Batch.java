package dev.cordon.runtime.data;

import java.util.List;
import org.tensorflow.Tensor;

/**
 * One batch: a tensor per input of the dataset, in the dataset's order, each with {@link #size()}
 * examples along its first dimension. The batch owns its tensors: close it once the step that
 * feeds them has run.
 */
public final class Batch implements AutoCloseable {

  private final List<Tensor> tensors;
  private final int size;
  private final long index;

  Batch(List<Tensor> tensors, int size, long index) {
    this.tensors = List.copyOf(tensors);
    this.size = size;
    this.index = index;
  }

  /** The tensors, one per input; they stay owned by the batch. */
  public List<Tensor> tensors() {
    return tensors;
  }

  public Tensor get(int input) {
    return tensors.get(input);
  }

  /** The tensors as an array, to pass to a model's {@code trainStep(Tensor...)}. */
  public Tensor[] toArray() {
    return tensors.toArray(new Tensor[0]);
  }

  /** The number of examples. */
  public int size() {
    return size;
  }

  /** The batch's position in its epoch, from 0. */
  public long index() {
    return index;
  }

  @Override
  public void close() {
    for (Tensor t : tensors) {
      t.close();
    }
  }
}
