package dev.cordon.flink;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores one batch of records with a model: {@code (model, records) -> results}, one result per
 * record, in the records' order. Called on the task thread, with the subtask's own model. If it
 * throws, or returns a list of another size, the operator scores the batch's records one at a time
 * to find the ones at fault, which go to the bad-record side output with the reason; the others
 * are scored normally.
 *
 * @param <M> the model type
 * @param <IN> the records
 * @param <OUT> the results
 */
@FunctionalInterface
public interface BatchFunction<M, IN, OUT> extends Serializable {

  List<OUT> score(M model, List<IN> records) throws Exception;

  /**
   * A batch function over a model's Java-array method: every record becomes a row ({@code toRow}),
   * the rows of a batch one array ({@code newArray}) passed to {@code call} (e.g. {@code
   * CordonMnist::logits}, {@code float[][] -> float[][]}), and {@code read} makes each record's
   * result from the batch's output and the record's row index.
   *
   * <pre>{@code
   * BatchFunction.arrays(Digit::pixels, float[][]::new, CordonMnist::logits,
   *     (digit, logits, i) -> new Prediction(digit.id(), argMax(logits[i])))
   * }</pre>
   */
  static <M, IN, R, B, OUT> BatchFunction<M, IN, OUT> arrays(
      RowMapper<IN, R> toRow, NewArray<R> newArray, ModelCall<M, R[], B> call,
      RowReader<IN, B, OUT> read) {
    return new ArrayBatchFunction<>(toRow, newArray, call, read);
  }

  /** Maps a record to its row of a model input. */
  @FunctionalInterface
  interface RowMapper<IN, R> extends Serializable {
    R toRow(IN record) throws Exception;
  }

  /** Makes the array of a batch's rows, e.g. {@code float[][]::new}. */
  @FunctionalInterface
  interface NewArray<R> extends Serializable {
    R[] apply(int rows);
  }

  /** Calls a model on a batch of rows. */
  @FunctionalInterface
  interface ModelCall<M, A, B> extends Serializable {
    B call(M model, A rows) throws Exception;
  }

  /** Reads one record's result from the output of its batch. */
  @FunctionalInterface
  interface RowReader<IN, B, OUT> extends Serializable {
    OUT read(IN record, B batchOutput, int row) throws Exception;
  }

  /** See {@link #arrays}. */
  final class ArrayBatchFunction<M, IN, R, B, OUT> implements BatchFunction<M, IN, OUT> {
    private static final long serialVersionUID = 1L;
    private final RowMapper<IN, R> toRow;
    private final NewArray<R> newArray;
    private final ModelCall<M, R[], B> call;
    private final RowReader<IN, B, OUT> read;

    ArrayBatchFunction(RowMapper<IN, R> toRow, NewArray<R> newArray,
        ModelCall<M, R[], B> call, RowReader<IN, B, OUT> read) {
      this.toRow = toRow;
      this.newArray = newArray;
      this.call = call;
      this.read = read;
    }

    @Override
    public List<OUT> score(M model, List<IN> records) throws Exception {
      R[] rows = newArray.apply(records.size());
      for (int i = 0; i < rows.length; i++) {
        rows[i] = toRow.toRow(records.get(i));
      }
      B output = call.call(model, rows);
      List<OUT> results = new ArrayList<>(rows.length);
      for (int i = 0; i < rows.length; i++) {
        results.add(read.read(records.get(i), output, i));
      }
      return results;
    }
  }
}
