package dev.cordon.internal;

import dev.cordon.runtime.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Saves and restores exactly one model's variables, keyed by their scope-relative names, so that
 * a checkpoint restores into the same model built under any scope. A checkpoint is a directory
 * holding TensorFlow's {@code variables.index} and {@code variables.data-*} files.
 *
 * <p>Saving writes into a fresh sibling directory and swaps it in with atomic renames, so a
 * failed save leaves an earlier checkpoint intact. Restoring reads and checks every tensor before
 * assigning any, so a failed restore leaves the weights as they were.
 */
public final class Checkpoints {

  static final String INDEX_FILE = "variables.index";
  private static final String PREFIX = "variables";

  private final String modelName;
  private final GraphHandle handle;
  private final List<ModelVariable<?>> variables;
  private final Placeholder<TString> filename;
  private final Op save;
  private final Restore restore;
  private final List<Placeholder<?>> values = new ArrayList<>();
  private final Op assignAll;

  Checkpoints(String modelName, GraphHandle handle, Ops tf, List<ModelVariable<?>> variables) {
    this.modelName = modelName;
    this.handle = handle;
    this.variables = List.copyOf(variables);
    String[] keys = new String[variables.size()];
    String[] slices = new String[variables.size()];
    List<Operand<?>> reads = new ArrayList<>();
    List<Class<? extends TType>> types = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      ModelVariable<?> v = variables.get(i);
      keys[i] = v.path();
      slices[i] = "";
      reads.add(v.read());
      types.add(v.type());
    }
    if (variables.isEmpty()) {
      this.filename = null;
      this.save = null;
      this.restore = null;
      this.assignAll = null;
      return;
    }
    this.filename = tf.withName("filename").placeholder(TString.class);
    Operand<TString> keyOp = tf.withName("keys").constant(StdArrays.ndCopyOf(keys));
    Operand<TString> sliceOp = tf.withName("slices").constant(StdArrays.ndCopyOf(slices));
    this.save = tf.withName("save").train.save(filename, keyOp, sliceOp, reads);
    this.restore = tf.withName("restore").train.restore(filename, keyOp, sliceOp, types);
    List<Op> assigns = new ArrayList<>();
    for (ModelVariable<?> v : variables) {
      Placeholder<?> value = tf.placeholder(v.type(), Placeholder.shape(v.shape()));
      values.add(value);
      assigns.add(tf.assignVariableOp(v.handle(), value));
    }
    this.assignAll = tf.withName("assign_all").withControlDependencies(assigns).noOp();
  }

  void save(Path dir) {
    save(dir, staging -> {});
  }

  /** Saves, writing {@code extra} files into the same directory, atomically with the variables. */
  void save(Path dir, StagedDirectory.Contents extra) {
    Path target = dir.toAbsolutePath().normalize();
    if (target.getParent() == null) {
      throw new CheckpointException(modelName + ": cannot save a checkpoint at the file-system root");
    }
    try {
      if (!StagedDirectory.isReplaceable(target, INDEX_FILE)) {
        throw new CheckpointException(
            modelName + ": " + target + " exists and is not a Cordon checkpoint (no " + INDEX_FILE
                + "); refusing to replace it. Choose an empty or new directory.");
      }
      StagedDirectory.write(target, staging -> {
        if (save != null) {
          try (TString prefix = TString.scalarOf(staging.resolve(PREFIX).toString())) {
            session().runner().feed(filename, prefix).addTarget(save).run().close();
          }
        } else {
          Files.createFile(staging.resolve(INDEX_FILE)); // a model without variables: an empty marker
        }
        extra.writeTo(staging);
      });
    } catch (IOException | TensorFlowException e) {
      throw new CheckpointException(
          modelName + ": could not save a checkpoint to " + target + ": " + e.getMessage()
              + " (an earlier checkpoint there, if any, is intact)", e);
    }
  }

  void restore(Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(target.resolve(INDEX_FILE))) {
      throw new CheckpointException(
          modelName + ": no checkpoint at " + target + " (expected a directory holding " + INDEX_FILE
              + ", as written by save). The weights are unchanged.");
    }
    if (restore == null) {
      return;
    }
    Result read;
    try (TString prefix = TString.scalarOf(target.resolve(PREFIX).toString())) {
      Session.Runner runner = session().runner().feed(filename, prefix);
      for (int i = 0; i < variables.size(); i++) {
        runner.fetch(restore.tensors().get(i));
      }
      read = runner.run();
    } catch (TensorFlowException e) {
      throw new CheckpointException(
          modelName + ": the checkpoint at " + target + " does not match the model: " + firstLine(e)
              + ". The weights are unchanged.", e);
    }
    try (Result tensors = read) {
      List<String> mismatches = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        ModelVariable<?> v = variables.get(i);
        Tensor t = tensors.get(i);
        if (!t.shape().equals(v.shape())) {
          mismatches.add("'" + v.path() + "' is " + Shapes.format(t.shape()) + " in the checkpoint but "
              + Shapes.format(v.shape()) + " in the model");
        }
      }
      if (!mismatches.isEmpty()) {
        throw new CheckpointException(
            modelName + ": the checkpoint at " + target + " does not match the model: "
                + String.join("; ", mismatches) + ". The weights are unchanged.");
      }
      Session.Runner assign = session().runner();
      for (int i = 0; i < variables.size(); i++) {
        assign.feed(values.get(i), tensors.get(i));
      }
      assign.addTarget(assignAll).run().close();
    }
  }

  /** The current values of the variables, in order; the caller closes them. */
  List<Tensor> read() {
    List<Tensor> out = new ArrayList<>();
    if (variables.isEmpty()) {
      return out;
    }
    Session.Runner runner = session().runner();
    for (ModelVariable<?> v : variables) {
      runner.fetch(v.read());
    }
    Result r = runner.run(); // not closed: its tensors are handed to the caller
    for (int i = 0; i < variables.size(); i++) {
      out.add(r.get(i));
    }
    return out;
  }

  /** Assigns {@code values} (as {@link #read} returns them) to the variables, all in one run. */
  void assign(List<Tensor> values) {
    if (values.size() != variables.size()) {
      throw new IllegalArgumentException(modelName + ": " + values.size() + " values for " + variables.size() + " variables");
    }
    if (variables.isEmpty()) {
      return;
    }
    Session.Runner assign = session().runner();
    for (int i = 0; i < variables.size(); i++) {
      assign.feed(this.values.get(i), values.get(i));
    }
    assign.addTarget(assignAll).run().close();
  }

  List<ModelVariable<?>> variables() {
    return variables;
  }

  private Session session() {
    return handle.session();
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
